"""A case's own page drives the work: the current step and what it still needs, a record
filed by picking its type from the step's list, the step closed or a branch taken, the
refusal in Spanish, and a timeline; the same doors stay shut to other territories."""

import re

import pytest

from records.models import Case, CaseRecord
from records.roles import ANALYSTS, COORDINATORS, TERRITORIAL_MANAGERS
from records.services import cases as engine
from records.services.permissions import assign_territory
from tests.records.factories import StaffFactory, TerritoryFactory, decision, step

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def people():
    territory, elsewhere = TerritoryFactory(), TerritoryFactory()
    coordinator = StaffFactory(groups=[COORDINATORS])
    manager = StaffFactory(groups=[TERRITORIAL_MANAGERS])
    other = StaffFactory(groups=[TERRITORIAL_MANAGERS])
    analyst = StaffFactory(groups=[ANALYSTS])
    assign_territory(territory=territory, user=manager, by=coordinator)
    assign_territory(territory=elsewhere, user=other, by=coordinator)
    return {"territory": territory, "coordinator": coordinator, "manager": manager,
            "other": other, "analyst": analyst}


@pytest.fixture
def case(people):
    engine.register_procedure_version(key="PAGINA-01", version="1", title="Ruta de prueba", steps=[
        step(1, "recepcion", records=["Oficio de solicitud", "Acta de visita"]),
        step(2, "revision", branches=[decision("¿Procede la solicitud?", Sí=3, No=1)]),
        step(3, "cierre"),
    ])
    return engine.open_case(procedure_key="PAGINA-01", kind=Case.Kind.PROCEDURE,
                            territory=people["territory"], title="Barrio de prueba",
                            by=people["manager"])


def page(client, case):
    return client.get(f"/admin/records/case/{case.pk}/change/")


def test_the_page_opens_on_the_current_step_and_what_it_needs(client, people, case):
    client.force_login(people["manager"])
    response = page(client, case)
    assert response.status_code == 200
    text = text_of(response)
    assert f"{case.number} · Barrio de prueba" in text
    assert "Actividad actual: 1 «recepcion»" in text
    assert "Falta Oficio de solicitud" in text and "Falta Acta de visita" in text
    assert "0 de 3 actividades cerradas" in text
    # The record type is picked from the step's own list: nothing to type, nothing to misspell.
    options = response.context["record_form"].fields["kind"].choices
    assert [value for value, _ in options] == ["Oficio de solicitud", "Acta de visita"]


def test_a_manager_files_the_records_closes_the_step_and_takes_a_branch(client, people, case):
    client.force_login(people["manager"])
    base = f"/admin/records/case/{case.pk}"
    refused = client.post(f"{base}/cerrar/", {"step": "1"}, follow=True)
    assert ("No se cerró la actividad: La actividad 1 no puede cerrarse sin sus registros: "
            "Oficio de solicitud; Acta de visita.") in text_of(refused)
    for kind in ("Oficio de solicitud", "Acta de visita"):
        done = client.post(f"{base}/registrar/", {"kind": kind, "description": "Recibido"},
                           follow=True)
        assert f"Registro «{kind}» agregado a la actividad 1." in text_of(done)
    assert CaseRecord.objects.filter(step__case=case).count() == 2
    closed = client.post(f"{base}/cerrar/", {"step": "1", "note": "Completo"}, follow=True)
    assert "Actividad 1 cerrada. Ahora: actividad 2." in text_of(closed)
    text = text_of(page(client, case))
    assert "Decisión ¿Procede la solicitud?" in text
    assert "Responder «Sí» y cerrar" in text and "Responder «No» y cerrar" in text
    branch = client.post(f"{base}/cerrar/", {"step": "2", "answer": "No"}, follow=True)
    assert "Actividad 2 cerrada. Ahora: actividad 1." in text_of(branch)
    case.refresh_from_db()
    assert case.current_step == 1
    timeline = text_of(page(client, case))
    assert "cerrar la actividad 1, pasa a la 2 · «Completo»" in timeline
    assert "cerrar (No) la actividad 2, pasa a la 1" in timeline


def test_a_type_the_step_does_not_declare_is_refused_in_spanish(client, people, case):
    client.force_login(people["manager"])
    response = client.post(f"/admin/records/case/{case.pk}/registrar/",
                           {"kind": "Archivo fotográfico"}, follow=True)
    assert "No se agregó el registro:" in text_of(response)
    assert not CaseRecord.objects.filter(step__case=case).exists()


def test_a_form_from_before_the_case_moved_closes_nothing(client, people, case):
    client.force_login(people["manager"])
    for kind in ("Oficio de solicitud", "Acta de visita"):
        engine.add_record(step=engine.current_step(case), kind=kind, by=people["manager"])
    engine.close_step(case=case, by=people["manager"])
    stale = client.post(f"/admin/records/case/{case.pk}/cerrar/", {"step": "1"}, follow=True)
    assert "No se cerró nada: el caso ya cambió de actividad" in text_of(stale)
    case.refresh_from_db()
    assert case.current_step == 2


@pytest.mark.parametrize("who, page_status, post_status", [
    ("other", 302, 404),      # another territory's manager: the case does not exist for them
    ("analyst", 200, 403),    # reads the case, may neither file nor close
])
def test_the_work_doors_hold_for_other_roles(client, people, case, who, page_status, post_status):
    client.force_login(people[who])
    assert page(client, case).status_code == page_status
    base = f"/admin/records/case/{case.pk}"
    assert client.post(f"{base}/registrar/", {"kind": "Oficio de solicitud"}).status_code == post_status
    assert client.post(f"{base}/cerrar/", {"step": "1"}).status_code == post_status
    assert client.get(f"{base}/cerrar/").status_code in (403, 404)
    case.refresh_from_db()
    assert case.current_step == 1 and not CaseRecord.objects.filter(step__case=case).exists()
    if who == "analyst":
        text = text_of(page(client, case))
        assert "Actividad actual: 1" in text and "Agregar registro" not in text
        assert "Cerrar la actividad 1" not in text


def test_a_technical_assistance_links_to_the_page_of_its_case(client, demo):
    from django.contrib.auth import get_user_model

    from records.models import TechnicalAssistance

    assistance = TechnicalAssistance.objects.select_related("case").first()
    client.force_login(get_user_model().objects.get(username="coordinador"))
    listing = client.get("/admin/records/technicalassistance/").content.decode()
    page_url = f"/admin/records/case/{assistance.case_id}/change/#trabajo"
    assert page_url in listing and assistance.case.number in listing
    detail = client.get(f"/admin/records/technicalassistance/{assistance.pk}/change/")
    assert page_url in detail.content.decode()


def test_the_record_form_picks_the_type_from_the_declared_ones(client, people, case):
    client.force_login(people["manager"])
    form = client.get("/admin/records/caserecord/add/").context["adminform"].form
    choices = [value for value, _ in form.fields["kind"].choices]
    assert choices == ["", "Acta de visita", "Oficio de solicitud"]
    step = case.steps.get(number=1)
    response = client.post("/admin/records/caserecord/add/", {"step": step.pk, "kind": "Acta de visita",
                                                              "description": ""})
    assert response.status_code == 302
    assert CaseRecord.objects.filter(step=step, kind="Acta de visita").exists()


def test_the_list_action_sends_a_decision_to_the_case_page(client, people, case):
    for kind in ("Oficio de solicitud", "Acta de visita"):
        engine.add_record(step=engine.current_step(case), kind=kind, by=people["manager"])
    engine.close_step(case=case, by=people["manager"])
    client.force_login(people["manager"])
    response = client.post("/admin/records/case/", {
        "action": "close_current_step", "_selected_action": [case.pk]}, follow=True)
    text = text_of(response)
    assert "Responda «¿Procede la solicitud?» (Sí o No)" in text
    assert "Respóndala en la página del caso." in text
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "answer_yes" not in actions and "answer_no" not in actions
