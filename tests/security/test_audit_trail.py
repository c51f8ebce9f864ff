"""The audit trail is append-only in the database, outlives accounts, and records who was
granted what and who logged in (finding 13)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction

from records.models import AuditEntry
from records.services.audit import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(demo):
    return log_event(AuditEntry.Action.CHANGE, model="records.Territory", object_id=1,
                     object_repr="Prueba", actor=get_user_model().objects.get(username="gestor_sur"))


@pytest.mark.parametrize("operation", [
    lambda: AuditEntry.objects.update(object_repr="borrado"),
    lambda: AuditEntry.objects.filter(pk__gt=0).delete(),
    lambda: AuditEntry.objects.all().delete(),
    lambda: AuditEntry.objects.bulk_update(list(AuditEntry.objects.all()[:1]), ["object_repr"]),
])
def test_the_orm_refuses_to_rewrite_or_delete_entries(entry, operation):
    with pytest.raises(PermissionError):
        operation()
    entry.refresh_from_db()
    assert entry.object_repr == "Prueba"


def test_an_entry_cannot_be_saved_twice_or_deleted(entry):
    entry.object_repr = "otra cosa"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.parametrize("statement", [
    "UPDATE records_auditentry SET object_repr = 'x'",
    "DELETE FROM records_auditentry",
    "TRUNCATE records_auditentry",
])
def test_postgresql_refuses_raw_sql_that_rewrites_the_trail(entry, statement):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM's refusal")
    with pytest.raises(DatabaseError, match="no se modifican ni se eliminan"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    entry.refresh_from_db()
    assert entry.object_repr == "Prueba"


def test_deleting_an_account_keeps_its_name_on_its_entries(entry, user_named):
    user = user_named("gestor_sur")
    before = AuditEntry.objects.filter(actor_name="gestor_sur").count()
    user.delete()
    entry.refresh_from_db()
    assert entry.actor_name == "gestor_sur" and entry.actor_id is not None
    assert AuditEntry.objects.filter(actor_name="gestor_sur").count() >= before
    assert AuditEntry.objects.filter(action="delete", model="auth.User",
                                     object_repr="gestor_sur").exists()


def test_the_audit_admin_shows_entries_of_deleted_accounts(entry, user_named, client):
    user_named("gestor_sur").delete()
    client.force_login(user_named("coordinador"))
    assert client.get("/admin/records/auditentry/").status_code == 200
    assert client.get(f"/admin/records/auditentry/{entry.pk}/change/").status_code == 200


def test_group_membership_and_permission_changes_are_recorded(demo, user_named):
    analyst = user_named("analista")
    coordinators = Group.objects.get(name="Coordinación")
    analyst.groups.add(coordinators)
    granted = AuditEntry.objects.filter(action="grant", model="auth.User",
                                        object_repr="analista").latest("pk")
    assert granted.changes == {"groups": ["Coordinación"]}
    coordinators.user_set.remove(analyst)
    revoked = AuditEntry.objects.filter(action="revoke", model="auth.Group").latest("pk")
    assert revoked.changes == {"user_set": ["analista"]}
    permission = Permission.objects.get(codename="view_personal_data")
    analyst.user_permissions.add(permission)
    assert AuditEntry.objects.filter(action="grant",
                                     changes__user_permissions=["records.view_personal_data"]
                                     ).exists()
    analyst.is_superuser = True
    analyst.save()
    change = AuditEntry.objects.filter(action="account", object_repr="analista").latest("pk")
    assert change.changes == {"is_superuser": [False, True]}


def test_object_permissions_granted_by_guardian_are_recorded(demo, user_named):
    from guardian.shortcuts import assign_perm

    from records.models import Territory

    territory = Territory.objects.get(code="TER-S-002")
    assign_perm("records.view_territory", user_named("gestor_norte"), territory)
    entry = AuditEntry.objects.filter(action="grant", model="records.territory").latest("pk")
    assert entry.object_id == str(territory.pk)
    assert entry.changes["permiso"] == "view_territory"


def test_reading_the_trail_does_not_make_public_data_look_changed(client, demo, user_named):
    from api.freshness import _from_database

    before = _from_database()
    log_event(AuditEntry.Action.LOGIN_FAILED, model="auth.User", object_repr="x")
    assert _from_database() == before
