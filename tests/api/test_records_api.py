"""The authenticated records API applies the admin's object-level rules."""

import pytest
from rest_framework.test import APIClient

from records.demo import PLANTED_PEOPLE
from records.models import Activity, Attendee, Case, Certificate, CommitteeMember, Territory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    def _client(username):
        client = APIClient()
        response = client.post("/api/auth/token/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        return client
    return _client


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_token_endpoint_rejects_bad_credentials_in_spanish(demo):
    response = APIClient().post("/api/auth/token/", {"username": "gestor_norte", "password": "mala"})
    assert response.status_code == 400
    assert "No puede iniciar sesión" in str(response.json())


def test_records_need_authentication(demo):
    assert APIClient().get("/api/records/cases/").status_code in (401, 403)


def test_a_manager_lists_only_their_territories_and_gets_404_for_others(api, demo):
    client = api("gestor_norte")
    codes = {t["code"] for t in results(client.get("/api/records/territories/"))}
    assert codes == {"TER-N-001", "TER-N-002", "TER-N-003"}
    south_case = Case.objects.get(territory__code="TER-S-001")
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(f"/api/records/cases/{south_case.pk}/")
        missing = getattr(client, method)("/api/records/cases/987654/")
        assert response.status_code == missing.status_code == 404
        assert response.json() == missing.json()
    south_member = CommitteeMember.objects.filter(territory__code="TER-S-001").first()
    assert client.get(f"/api/records/committee-members/{south_member.pk}/").status_code == 404


def test_a_manager_cannot_attach_records_to_another_territory(api, demo):
    client = api("gestor_norte")
    south = Territory.objects.get(code="TER-S-001")
    response = client.post("/api/records/activities/", {
        "kind": "prevencion", "title": "Intrusa", "date": "2026-10-10", "territory": south.pk,
    })
    assert response.status_code == 400
    assert "no existe" in str(response.json()["territory"])
    assert not Activity.objects.filter(title="Intrusa").exists()


def test_analista_reads_everything_without_personal_data_and_cannot_write(api, demo):
    client = api("analista")
    members = results(client.get("/api/records/committee-members/", {"page_size": 100}))
    assert len(members) == CommitteeMember.objects.count()
    assert all("full_name" not in m and "id_number" not in m and "phone" not in m for m in members)
    body = client.get("/api/records/attendees/", {"page_size": 500}).content.decode()
    for person in PLANTED_PEOPLE:
        for value in person[:4]:
            assert value not in body
    activity = Activity.objects.first()
    assert client.patch(f"/api/records/activities/{activity.pk}/", {"title": "x"}).status_code == 403


def test_step_rules_are_400_with_a_spanish_message_naming_the_rule(api, demo):
    client = api("gestor_norte")
    case = Case.objects.get(territory__code="TER-N-002")
    response = client.post(f"/api/records/cases/{case.pk}/close-step/", {})
    assert response.status_code == 400
    assert "no puede cerrarse sin sus registros" in response.json()["detail"][0]
    step = case.steps.get(number=case.current_step)
    for kind in step.definition["records"]:
        created = client.post("/api/records/case-records/", {"step": step.pk, "kind": kind})
        assert created.status_code == 201, created.content
    response = client.post(f"/api/records/cases/{case.pk}/close-step/", {})
    assert response.status_code == 400
    assert "miniauditoría" in response.json()["detail"][0]


def test_opening_and_advancing_a_case_through_the_api_is_audited(api, demo):
    from records.models import AuditEntry

    client = api("gestor_norte")
    territory = Territory.objects.get(code="TER-N-003")
    response = client.post("/api/records/cases/", {
        "kind": "certificacion", "procedure_key": "MM-GSC-P-003", "territory": territory.pk,
        "title": "Otro caso",
    })
    assert response.status_code == 400
    assert "ya tiene un caso abierto" in str(response.json()), response.json()
    member = CommitteeMember.objects.filter(territory=territory).first()
    assert client.patch(f"/api/records/committee-members/{member.pk}/", {"role": "Vocal"}).status_code == 200
    entry = AuditEntry.objects.filter(model="records.CommitteeMember", object_id=str(member.pk)).first()
    assert entry.actor.username == "gestor_norte" and entry.action == "change"


def test_model_validation_applies_to_api_writes(api, demo):
    client = api("coordinador")
    case = Case.objects.get(territory__code="TER-N-002")
    response = client.post("/api/records/commitments/", {
        "case": case.pk, "description": "Sin justificar", "institution": "Policía",
        "due_date": "2026-12-01", "status": "cerrado_justificado",
    })
    assert response.status_code == 400
    assert "justification" in response.json()


def test_revoking_needs_a_reason_and_deleting_a_certified_case_is_refused(api, demo):
    client = api("coordinador")
    certificate = Certificate.objects.get(territory__code="TER-N-001")
    assert client.post(f"/api/records/certificates/{certificate.pk}/revoke/", {"reason": ""}).status_code == 400
    response = client.delete(f"/api/records/cases/{certificate.case_id}/")
    assert response.status_code == 400
    assert "tiene certificado" in response.json()["detail"][0]


@pytest.mark.parametrize("username", ["gestor_norte", "analista", "coordinador"])
@pytest.mark.parametrize("url", ["/api/records/attendees/", "/api/records/cases/",
                                 "/api/records/committee-members/", "/api/records/territories/"])
def test_record_lists_cost_a_fixed_number_of_queries(api, demo, username, url):
    client = api(username)

    def queries():
        return count_queries(client, url, {"page_size": 500})

    before = queries()
    territory = Territory.objects.get(code="TER-N-001")
    activity = Activity.objects.get(territory=territory)
    Attendee.objects.bulk_create(
        Attendee(activity=activity, full_name=f"P {i}", id_number=str(8_000_000 + i)) for i in range(100)
    )
    CommitteeMember.objects.bulk_create(CommitteeMember(territory=territory, full_name=f"M {i}") for i in range(100))
    case = Case.objects.get(territory=territory)
    Case.objects.bulk_create(
        Case(number=f"CER-2020-{i:04d}", kind="certificacion", procedure=case.procedure,
             territory=territory, title=f"C {i}", status="cancelado") for i in range(100)
    )
    Territory.objects.bulk_create(
        Territory(code=f"TER-Z-{i}", name=f"Z {i}", locality=territory.locality) for i in range(100)
    )
    assert queries() == before
