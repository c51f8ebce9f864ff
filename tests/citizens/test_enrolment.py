"""A community asks to enrol its neighbourhood; Coordinación accepts or declines."""

import re

from citizens.models import EnrolmentRequest
from records.models import Case, Locality, Territory
from tests.citizens.conftest import ENROL_URL


def enrol(client, **overrides):
    locality = Locality.objects.order_by("pk").first()
    data = {"organisation": "Junta de Acción Comunal Las Flores", "contact_name": "Ana Gómez",
            "email": "jac@example.org", "phone": "", "neighbourhood": "Las Flores",
            "locality": locality.pk, "reason": "Queremos recuperar el parque y la convivencia.",
            "consent": "on"}
    data.update(overrides)
    response = client.post(ENROL_URL, {k: v for k, v in data.items() if v is not None})
    if response.status_code != 302:
        return response, None, None
    receipt = client.get(response["Location"]).content.decode()
    number = re.search(r"<code>(INS-\d{4}-\d{4})</code>", receipt).group(1)
    code = re.search(r"Código de consulta: <strong><code>([A-Z0-9]{12})</code>", receipt).group(1)
    return response, number, code


def track(client, number, code):
    return client.post(ENROL_URL + "consulta/", {"radicado": number, "code": code})


def test_accepting_creates_the_territory_and_opens_a_certification_case(demo, client, login):
    _response, number, code = enrol(client)
    request = EnrolmentRequest.objects.get(number=number)
    assert "Recibida" in track(client, number, code).content.decode()
    response = login("coordinador").post(
        f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/aceptar/", {"reason": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    territory = Territory.objects.get(name="Las Flores")
    assert request.status == "aceptada" and request.territory == territory
    case = Case.objects.get(territory=territory)
    assert case.kind == "certificacion" and case.is_open and case.procedure.key == "MM-GSC-P-003"
    assert "ruta comunitaria de certificación" in track(client, number, code).content.decode()


def test_declining_gives_a_reason_the_community_reads(demo, client, login):
    _response, number, code = enrol(client, neighbourhood="El Mirador")
    request = EnrolmentRequest.objects.get(number=number)
    coordinator = login("coordinador")
    short = coordinator.post(f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/rechazar/",
                             {"reason": "No"})
    assert "al menos 20" in short.content.decode()
    coordinator.post(f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/rechazar/",
                     {"reason": "El sector ya hace parte del caso abierto del barrio vecino."})
    client.logout()
    html = track(client, number, code).content.decode()
    assert "No aceptada" in html and "barrio vecino" in html
    assert not Territory.objects.filter(name="El Mirador").exists()


def test_enrolment_bad_input_and_neutral_tracking(demo, client):
    before = EnrolmentRequest.objects.count()
    response, _, _ = enrol(client, consent=None, reason="<script>x</script>")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ley 1581 de 2012" in html and "No se permiten etiquetas HTML" in html
    assert EnrolmentRequest.objects.count() == before
    _r, number, code = enrol(client)
    wrong = track(client, number, "ZZZZZZZZZZZZ")
    missing = track(client, "INS-2099-0001", code)
    assert wrong.status_code == missing.status_code == 404


def test_unit_staff_cannot_decide_enrolments(demo, client, login):
    _r, number, _code = enrol(client)
    request = EnrolmentRequest.objects.get(number=number)
    response = login("atencion").post(
        f"/admin/citizens/enrolmentrequest/{request.pk}/decidir/aceptar/", {})
    assert response.status_code in (403, 404)
    request.refresh_from_db()
    assert request.status == "recibida"
