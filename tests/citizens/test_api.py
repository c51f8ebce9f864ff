"""Filing through the API, with the form's rules and limits."""

import re

from citizens.models import Petition


def payload(**overrides):
    data = {"type": "documentos", "subject": "Copia del acta del comité",
            "description": "Solicito copia del acta del comité de convivencia.",
            "name": "Luis Pérez", "email": "luis@example.org", "consent": True}
    data.update(overrides)
    return data


def test_post_files_a_petition_and_returns_radicado_due_date_and_code(demo, client):
    response = client.post("/api/pqrsd/", payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(r"\d{4}-\d{6}", body["radicado"])
    assert re.fullmatch(r"[A-Z2-9]{12}", body["tracking_code"])
    assert body["business_days"] == 10 and body["type"] == "documentos"
    petition = Petition.objects.get(radicado=body["radicado"])
    assert petition.channel == "api" and petition.due_date.isoformat() == body["due_date"]


def test_post_without_consent_is_a_spanish_400_and_saves_nothing(demo, client):
    before = Petition.objects.count()
    response = client.post("/api/pqrsd/", payload(consent=False), content_type="application/json")
    assert response.status_code == 400
    assert "Ley 1581 de 2012" in response.json()["consent"][0]
    assert Petition.objects.count() == before


def test_post_with_markup_or_unknown_type_is_refused(demo, client):
    response = client.post("/api/pqrsd/", payload(description="<img src=x onerror=alert(1)>"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "No se permiten etiquetas HTML" in response.json()["description"][0]
    response = client.post("/api/pqrsd/", payload(type="chisme"), content_type="application/json")
    assert response.status_code == 400 and "type" in response.json()


def test_post_is_limited_per_address(demo, client, settings):
    settings.PQRSD_RATE_PER_HOUR = 1
    assert client.post("/api/pqrsd/", payload(), content_type="application/json").status_code == 201
    response = client.post("/api/pqrsd/", payload(), content_type="application/json")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_get_on_the_filing_endpoint_is_not_allowed(demo, client):
    assert client.get("/api/pqrsd/").status_code == 405


def test_multipart_filing_keeps_attachments_and_refuses_fakes(demo, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.citizens.conftest import pdf_upload

    data = {**payload(), "consent": "true", "attachments": [pdf_upload()]}
    response = client.post("/api/pqrsd/", data)
    assert response.status_code == 201, response.content
    petition = Petition.objects.get(radicado=response.json()["radicado"])
    assert petition.attachments.get().content_type == "application/pdf"
    before = Petition.objects.count()
    fake = SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post("/api/pqrsd/", {**payload(), "consent": "true", "attachments": [fake]})
    assert response.status_code == 400
    assert "no es un PDF, PNG, JPG o DOCX válido" in str(response.json())
    assert Petition.objects.count() == before
