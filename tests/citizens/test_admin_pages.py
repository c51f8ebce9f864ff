"""Every citizen-services admin screen renders for the roles that use it."""

import pytest

from citizens.models import EnrolmentRequest, Petition
from records.models import CaseRecord, Locality


@pytest.mark.parametrize("username", ["coordinador", "atencion", "convivencia"])
def test_queue_change_and_step_pages_render(demo, login, username):
    client = login(username)
    assert client.get("/admin/citizens/petition/").status_code == 200
    visible = Petition.objects.filter(unit__code="convivencia").first()
    if username == "atencion":
        visible = Petition.objects.filter(unit__code="atencion-ciudadano").first()
    assert client.get(f"/admin/citizens/petition/{visible.pk}/change/").status_code == 200
    for step in ("iniciar", "prorrogar", "trasladar", "responder", "cerrar"):
        assert client.get(f"/admin/citizens/petition/{visible.pk}/tramite/{step}/").status_code == 200
    assert client.get("/admin/citizens/responseterm/").status_code == 200


def test_coordinacion_screens(demo, login, client):
    coordinator = login("coordinador")
    for url in ("/admin/citizens/unit/", "/admin/citizens/enrolmentrequest/",
                "/admin/redaction/publicversion/", "/admin/records/caserecord/"):
        assert coordinator.get(url).status_code == 200, url
    record = CaseRecord.objects.exclude(file="").first()
    html = coordinator.get(f"/admin/records/caserecord/{record.pk}/change/").content.decode()
    assert "Preparar versión pública" in html and "/original/" in html
    petition = Petition.objects.first()
    assert coordinator.get(f"/admin/citizens/petition/{petition.pk}/tramite/asignar/").status_code == 200
    client.post("/atencion/inscribe-tu-barrio/", {
        "organisation": "JAC", "contact_name": "Ana", "email": "a@example.org",
        "neighbourhood": "Nuevo", "locality": Locality.objects.first().pk, "reason": "Queremos entrar a la ruta.",
        "consent": "on"})
    request = EnrolmentRequest.objects.get()
    for url in (f"/admin/citizens/enrolmentrequest/{request.pk}/change/",
                f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/aceptar/",
                f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/rechazar/"):
        assert coordinator.get(url).status_code == 200, url
