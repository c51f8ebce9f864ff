"""A case record whose original is no longer in storage (a restore without files, a
mistaken delete): the record stays editable and the download says what happened."""

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from records.models import AuditEntry, Case, CaseRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def orphan(demo):
    case = Case.objects.get(territory__code="TER-N-002", kind=Case.Kind.CERTIFICATION)
    step = case.steps.get(number=case.current_step)
    record = CaseRecord.objects.create(step=step, kind=step.definition["records"][0],
                                       description="Acta de la visita")
    record.file.save("acta.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    record.file.storage.delete(record.file.name)
    return CaseRecord.objects.get(pk=record.pk)


def test_the_record_still_validates_and_saves(orphan):
    orphan.description = "Acta de la visita, corregida"
    orphan.full_clean()
    orphan.save()


def test_the_api_edits_it(orphan, settings):
    client = APIClient()
    token = client.post("/api/auth/token/", {"username": "gestor_norte",
                                             "password": settings.DEMO_PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.patch(f"/api/records/case-records/{orphan.pk}/",
                            {"description": "Corregida"}, format="json")
    assert response.status_code == 200, response.content
    orphan.refresh_from_db()
    assert orphan.description == "Corregida"


def test_the_admin_edits_it(orphan, client, user_named):
    client.force_login(user_named("gestor_norte"))
    url = f"/admin/records/caserecord/{orphan.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"step": orphan.step_id, "kind": orphan.kind,
                                 "description": "Corregida en el admin"})
    assert response.status_code == 302, response.content.decode()[:2000]
    orphan.refresh_from_db()
    assert orphan.description == "Corregida en el admin"


def test_the_download_says_the_file_is_missing(orphan, client, user_named):
    client.force_login(user_named("gestor_norte"))
    response = client.get(f"/admin/records/caserecord/{orphan.pk}/original/")
    assert response.status_code == 404
    assert "ya no está en el almacenamiento" in response.content.decode()
    # A download that did not happen is not in the audit trail as one.
    assert not AuditEntry.objects.filter(object_id=str(orphan.pk), action="file_view").exists()
