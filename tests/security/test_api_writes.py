"""The records API writes under the same reach rule as the admin and imports (finding 12)."""

import pytest
from rest_framework.test import APIClient

from api import tokens
from records.models import Activity, CommitteeMember, Territory

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(user)[0]}")
    return client


def test_a_manager_cannot_create_an_activity_without_a_territory(user_named, demo):
    before = Activity.objects.count()
    response = api_as(user_named("gestor_norte")).post("/api/records/activities/", {
        "kind": "prevencion", "title": "Sin territorio", "date": "2026-10-01",
        "territory": None}, format="json")
    assert response.status_code == 400
    assert "Indique uno de sus territorios" in str(response.json())
    assert Activity.objects.count() == before


def test_the_coordination_may_file_a_city_wide_activity(user_named, demo):
    response = api_as(user_named("coordinador")).post("/api/records/activities/", {
        "kind": "prevencion", "title": "Jornada de toda la ciudad", "date": "2026-10-01",
        "territory": None}, format="json")
    assert response.status_code == 201, response.content


def test_a_manager_cannot_move_a_record_into_another_territory(user_named, demo):
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    south = Territory.objects.get(code="TER-S-001")
    response = api_as(user_named("gestor_norte")).patch(
        f"/api/records/committee-members/{own.pk}/", {"territory": south.pk}, format="json")
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.territory.code == "TER-N-001"


def test_the_admin_form_refuses_a_blank_territory_for_a_manager(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    before = Activity.objects.count()
    response = client.post("/admin/records/activity/add/", {
        "kind": "prevencion", "title": "Sin territorio", "date": "2026-10-01", "territory": "",
        "attendees-TOTAL_FORMS": "0", "attendees-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert "Indique uno de sus territorios" in response.content.decode()
    assert Activity.objects.count() == before


def test_a_manager_cannot_move_a_case_or_change_its_kind_through_the_api(user_named, demo):
    from records.models import Case

    case = Case.objects.filter(territory__code="TER-N-001").first()
    client = api_as(user_named("gestor_norte"))
    for change in ({"territory": None}, {"territory": Territory.objects.get(code="TER-N-002").pk},
                   {"kind": "asistencia" if case.kind == "certificacion" else "certificacion"}):
        client.patch(f"/api/records/cases/{case.pk}/", change, format="json")
        refreshed = Case.objects.get(pk=case.pk)
        assert (refreshed.kind, refreshed.territory_id) == (case.kind, case.territory_id), change


def test_a_manager_cannot_open_a_case_without_a_territory_through_the_api(user_named, demo):
    from records.models import Case

    before = Case.objects.count()
    response = api_as(user_named("gestor_norte")).post("/api/records/cases/", {
        # Technical assistance needs no territory; someone who does not see all still may not
        # open a case outside their territories.
        "procedure_key": "asesoria-asistencia-tecnica", "kind": "asistencia", "title": "Sin territorio"},
        format="json")
    assert response.status_code == 400
    assert "Indique uno de sus territorios" in str(response.json())
    assert Case.objects.count() == before


def test_api_csv_escapes_formulas_like_the_admin_and_listing_people_is_audited(user_named,
                                                                                 demo):
    from records.models import AuditEntry

    member = CommitteeMember.objects.filter(territory__code="TER-S-001").first()
    member.role, member.address = "\t=HYPERLINK(\"http://x.example\")", "＝1+1"
    member.save()
    response = api_as(user_named("gestor_sur")).get(
        "/api/records/committee-members/", {"format": "csv", "page_size": 500})
    body = response.content.decode()
    assert "'\t=HYPERLINK" in body and "'＝1+1" in body
    entry = AuditEntry.objects.filter(action="export", actor_name="gestor_sur").latest("pk")
    assert entry.changes["formato"] == "csv" and entry.changes["filas"] >= 1
