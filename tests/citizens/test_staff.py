"""Staff work a petition to closing in the admin; each unit sees its own."""

import datetime
import re

import pytest
from django.core import mail

from citizens.models import Petition, Unit
from citizens.services import pqrsd
from tests.citizens.conftest import TRACKING_URL, pdf_upload

QUEUE = "/admin/citizens/petition/"


def step_url(petition, step):
    return f"{QUEUE}{petition.pk}/tramite/{step}/"


@pytest.fixture
def units(demo):
    return {unit.code: unit for unit in Unit.objects.all()}


def test_the_queue_is_ordered_by_due_date_and_flags_overdue_and_due_soon(demo, login, file_one):
    today = datetime.date.today()
    soon, _ = file_one(subject="Vence pronto")
    Petition.objects.filter(pk=soon.pk).update(due_date=today + datetime.timedelta(days=1))
    late, _ = file_one(subject="Ya vencida")
    Petition.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=3))
    html = login("coordinador").get(QUEUE).content.decode()
    assert "⚠ Vencida" in html and "Por vencer" in html
    assert html.index(late.radicado) < html.index(soon.radicado)
    overdue_only = login("coordinador").get(QUEUE, {"vencimiento": "vencida"}).content.decode()
    assert late.radicado in overdue_only and soon.radicado not in overdue_only
    due_soon = login("coordinador").get(QUEUE, {"vencimiento": "por_vencer"}).content.decode()
    assert soon.radicado in due_soon and late.radicado not in due_soon


def test_each_unit_sees_only_its_own_petitions(demo, login, file_one, units):
    ours, _ = file_one(subject="Para atención")
    theirs, _ = file_one(subject="Para seguridad")
    pqrsd.assign(ours, unit=units["atencion-ciudadano"], by=None)
    pqrsd.assign(theirs, unit=units["seguridad"], by=None)
    client = login("atencion")
    listing = client.get(QUEUE, {"q": ""}).content.decode()
    assert ours.radicado in listing and theirs.radicado not in listing
    assert client.get(step_url(theirs, "iniciar")).status_code == 404
    assert client.get(f"{QUEUE}{theirs.pk}/change/").status_code == 302  # "does not exist"
    # Only Coordinación distributes petitions between units.
    assert client.get(step_url(ours, "asignar")).status_code == 403
    assert login("analista").get(QUEUE).status_code == 403


def test_a_unit_works_a_petition_to_closing(demo, login, file_one, units, tmp_path,
                                            django_capture_on_commit_callbacks):
    petition, code = file_one()
    coordinator = login("coordinador")
    assert coordinator.post(step_url(petition, "asignar"),
                            {"unit": units["atencion-ciudadano"].pk}).status_code == 302
    client = login("atencion")
    assert client.post(step_url(petition, "iniciar")).status_code == 302
    until = pqrsd.max_extension(Petition.objects.get(pk=petition.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(petition, "prorrogar"), {
            "until": until.isoformat(), "reason": "Debemos consultar a la Policía Nacional."})
    assert response.status_code == 302
    assert any("Prórroga" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(petition, "responder"), {
            "text": "Respuesta completa a su solicitud sobre el parque.",
            "document": pdf_upload("respuesta.pdf"), "refusal": ""})
    assert response.status_code == 302
    assert client.post(step_url(petition, "cerrar")).status_code == 302
    petition.refresh_from_db()
    assert petition.status == "cerrada" and petition.answer_business_days is not None
    assert client.get(f"{QUEUE}{petition.pk}/respuesta/").status_code == 200
    assert [e.status for e in petition.events.all()] == [
        "radicada", "asignada", "en_tramite", "prorrogada", "respondida", "cerrada"]
    tracked = login("atencion").post(TRACKING_URL, {"radicado": petition.radicado, "code": code})
    assert "Prórroga hasta el" in tracked.content.decode()


def test_extension_rules_of_ley_1755(demo, file_one, units):
    petition, _ = file_one()
    with pytest.raises(pqrsd.PetitionError, match="doble del término"):
        pqrsd.extend(petition, until=pqrsd.max_extension(petition) + datetime.timedelta(days=7),
                     reason="Motivo suficientemente largo.", by=None)
    with pytest.raises(pqrsd.PetitionError, match="antes de que venza"):
        pqrsd.extend(petition, until=pqrsd.max_extension(petition),
                     reason="Motivo suficientemente largo.", by=None,
                     today=petition.due_date + datetime.timedelta(days=1))
    pqrsd.extend(petition, until=pqrsd.max_extension(petition),
                 reason="Motivo suficientemente largo.", by=None)
    with pytest.raises(pqrsd.PetitionError, match="ya fue prorrogada"):
        pqrsd.extend(petition, until=pqrsd.max_extension(petition),
                     reason="Motivo suficientemente largo.", by=None)


def test_a_bad_step_shows_the_rule_and_changes_nothing(demo, login, file_one, units):
    petition, _ = file_one()
    pqrsd.assign(petition, unit=units["atencion-ciudadano"], by=None)
    response = login("atencion").post(step_url(petition, "responder"), {"text": "corta"})
    assert response.status_code == 200
    assert "al menos 20 caracteres" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == "asignada"
    response = login("atencion").post(step_url(petition, "cerrar"))
    assert "Solo se cierra una PQRSD respondida o trasladada" in response.content.decode()


def test_transfer_to_another_entity(demo, file_one, django_capture_on_commit_callbacks):
    petition, _ = file_one()
    assert petition.transfer_due > petition.filed_on
    with django_capture_on_commit_callbacks(execute=True):
        pqrsd.transfer(petition, entity="Secretaría de Movilidad",
                       reason="El asunto es de tránsito y movilidad.", by=None)
    assert petition.status == "trasladada" and petition.transferred_on
    assert "Secretaría de Movilidad" in mail.outbox[-1].body
    with pytest.raises(pqrsd.PetitionError):
        pqrsd.answer(petition, text="Una respuesta que ya no corresponde dar.", by=None)


def test_unit_staff_download_attachments_others_cannot(demo, login, client, units):
    from tests.citizens.conftest import FORM_URL, petition_data

    client.post(FORM_URL, {**petition_data(), "attachments": [pdf_upload()]})
    petition = Petition.objects.latest("pk")
    attachment = petition.attachments.get()
    url = f"{QUEUE}{petition.pk}/anexo/{attachment.pk}/"
    pqrsd.assign(petition, unit=units["seguridad"], by=None)
    assert login("atencion").get(url).status_code == 404
    response = login("coordinador").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_analysts_never_see_petitioners_and_units_do(demo, login, file_one, units):
    petition, _ = file_one(name="Rosa Elvira Cárdenas")
    pqrsd.assign(petition, unit=units["atencion-ciudadano"], by=None)
    html = login("atencion").get(f"{QUEUE}{petition.pk}/change/").content.decode()
    assert "Rosa Elvira Cárdenas" in html


def test_a_reception_desk_files_a_petition_received_in_person(demo, login):
    client = login("atencion")
    assert "Radicar PQRSD recibida" in client.get(QUEUE).content.decode()
    response = client.post(f"{QUEUE}radicar/", {
        "channel": "presencial", "petition_type": "queja", "subject": "Ruido en la cuadra",
        "description": "La ciudadana se queja del ruido nocturno.", "name": "Luz Marina Díaz",
        "reply_channel": "fisica", "address": "Calle 8 # 4-12", "consent": "on"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    code = re.search(r"código de consulta ([A-Z0-9]{12})", html).group(1)
    petition = Petition.objects.latest("pk")
    assert petition.channel == "presencial" and petition.unit.code == "atencion-ciudadano"
    assert pqrsd.find_for_tracking(petition.radicado, code) == petition


def test_staff_filing_keeps_the_portal_rules(demo, login):
    before = Petition.objects.count()
    response = login("coordinador").post(f"{QUEUE}radicar/", {
        "channel": "telefono", "petition_type": "peticion", "subject": "Sin consentimiento",
        "description": "Una descripción suficiente.", "name": "Pedro", "reply_channel": "portal"})
    assert "Ley 1581 de 2012" in response.content.decode()
    assert Petition.objects.count() == before
    assert login("analista").get(f"{QUEUE}radicar/").status_code == 403


def test_the_petition_page_says_when_it_is_due_and_what_the_law_asks_next(demo, login,
                                                                          file_one, units):
    petition, _ = file_one(subject="Con plazo")
    coordinator = login("coordinador").get(f"{QUEUE}{petition.pk}/change/").content.decode()
    assert "Siguiente paso:" in coordinator and "Asignarla a la dependencia competente" in coordinator
    assert step_url(petition, "asignar") in coordinator
    assert step_url(petition, "responder") not in coordinator  # not before it is assigned

    pqrsd.assign(petition, unit=units["atencion-ciudadano"], by=None)
    pqrsd.start(petition, by=None)
    petition.refresh_from_db()
    html = login("atencion").get(f"{QUEUE}{petition.pk}/change/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    left = pqrsd.situation(petition).business_days_left
    assert f"Vence el {petition.due_date:%Y-%m-%d}" in text
    assert f"Quedan {left} días hábiles" in text or f"Quedan {left} día hábil" in text
    assert f"{petition.term_days} días hábiles" in text
    assert "Responder de fondo a más tardar el" in text and "prorrogar antes del vencimiento" in text
    assert step_url(petition, "responder") in html and step_url(petition, "prorrogar") in html
    assert step_url(petition, "asignar") not in html and step_url(petition, "cerrar") not in html

    Petition.objects.filter(pk=petition.pk).update(
        due_date=datetime.date.today() - datetime.timedelta(days=10))
    late = login("atencion").get(f"{QUEUE}{petition.pk}/change/").content.decode()
    assert "Vencida hace" in late
