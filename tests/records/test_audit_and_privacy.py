"""Audit trail of records and permission grants; personal data hidden where due."""

import pytest
from django.contrib.auth import get_user_model

from records.demo import PLANTED_PEOPLE
from records.models import AuditEntry, CommitteeMember, Territory
from records.services.permissions import assign_territory, unassign_territory, visible

pytestmark = pytest.mark.django_db


def test_create_change_and_delete_are_kept_with_who_and_what(client, user_named, demo):
    client.force_login(user_named("coordinador"))
    territory = Territory.objects.get(code="TER-N-003")
    member = CommitteeMember.objects.filter(territory=territory).first()
    response = client.post(f"/admin/records/committeemember/{member.pk}/change/", {
        "territory": territory.pk, "full_name": member.full_name, "id_number": "11.222.333",
        "phone": member.phone, "email": member.email, "address": member.address,
        "role": "Tesorera", "active": "on",
    })
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.filter(model="records.CommitteeMember", action="change").first()
    assert entry.actor == user_named("coordinador")
    assert entry.changes["role"] == ["Presidente", "Tesorera"] or entry.changes["role"][1] == "Tesorera"
    assert entry.changes["id_number"] == "(dato personal)"  # the value itself is not copied
    assert "11.222.333" not in str(entry.changes)
    assert member.full_name not in entry.object_repr


def test_audit_entries_cannot_be_edited_or_deleted(demo):
    entry = AuditEntry.objects.first()
    entry.object_repr = "alterado"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_only_coordinador_sees_the_audit_trail(client, user_named, demo):
    for name, status in [("coordinador", 200), ("gestor_norte", 403), ("analista", 403)]:
        client.force_login(user_named(name))
        assert client.get("/admin/records/auditentry/").status_code == status
    client.force_login(user_named("coordinador"))
    entry = AuditEntry.objects.first()
    assert client.post(f"/admin/records/auditentry/{entry.pk}/delete/").status_code == 403


def test_assigning_a_territory_grants_everything_under_it_and_is_logged(user_named, demo):
    manager, coordinator = user_named("gestor_sur"), user_named("coordinador")
    north = Territory.objects.get(code="TER-N-002")
    assert not visible(CommitteeMember.objects.filter(territory=north), manager).exists()
    assign_territory(territory=north, user=manager, by=coordinator)
    manager = get_user_model().objects.get(pk=manager.pk)  # fresh permission cache
    assert visible(CommitteeMember.objects.filter(territory=north), manager).exists()
    assert AuditEntry.objects.filter(action="grant", object_id=str(north.pk)).exists()
    unassign_territory(territory=north, user=manager, by=coordinator)
    manager = get_user_model().objects.get(pk=manager.pk)
    assert not visible(CommitteeMember.objects.filter(territory=north), manager).exists()
    assert AuditEntry.objects.filter(action="revoke", object_id=str(north.pk)).exists()


def test_assigning_to_a_group_reaches_its_members(user_named, demo):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Equipo de prueba")
    member = user_named("analista")
    member.groups.add(group)
    member.user_permissions.clear()
    other = get_user_model().objects.create_user("nuevo_gestor", password="x", is_staff=True)
    other.groups.add(group, Group.objects.get(name="Gestores territoriales"))
    south = Territory.objects.get(code="TER-S-002")
    assign_territory(territory=south, group=group, by=user_named("coordinador"))
    other = get_user_model().objects.get(pk=other.pk)
    assert list(visible(Territory.objects.all(), other)) == [south]


@pytest.mark.parametrize("url", [
    "/admin/records/committeemember/", "/admin/records/attendee/",
])
def test_analista_never_sees_personal_data_in_lists(client, user_named, demo, url):
    client.force_login(user_named("analista"))
    html = client.get(url).content.decode()
    for name, id_number, phone, email, address in PLANTED_PEOPLE:
        for value in (name, id_number, phone, email, address):
            assert value not in html


def test_analista_never_sees_personal_data_in_detail_or_search(client, user_named, demo):
    client.force_login(user_named("analista"))
    member = CommitteeMember.objects.first()
    html = client.get(f"/admin/records/committeemember/{member.pk}/change/").content.decode()
    assert member.full_name not in html and member.id_number not in html
    # Searching by a name must not reveal that the person exists.
    html = client.get("/admin/records/committeemember/", {"q": member.full_name}).content.decode()
    assert "0 integrantes" in html or "0 resultados" in html or member.full_name not in html
    html = client.get(f"/admin/records/activity/{member.territory.activities.first().pk}/change/").content.decode()
    for name, id_number, *_ in PLANTED_PEOPLE:
        assert name not in html and id_number not in html
