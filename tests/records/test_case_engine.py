"""The case engine enforces the procedures' rules in the model layer."""

import datetime

import pytest

from records.models import Case, Certificate, Commitment, Evaluation, MiniAudit, ProcedureVersion
from records.services import cases as engine
from records.services.cases import TransitionError
from records.demo import ASSISTANCE, ROUTE

pytestmark = pytest.mark.django_db


def fill_required_records(case, by):
    step = engine.current_step(case)
    for kind in engine.missing_records(step):
        engine.add_record(step=step, kind=kind, by=by)


def new_route_case(territory, by):
    Case.objects.filter(territory=territory).update(status=Case.Status.CANCELLED)
    return engine.open_case(procedure_key=ROUTE, kind=Case.Kind.CERTIFICATION, territory=territory,
                            title="Caso de prueba", by=by)


def test_a_new_case_starts_at_step_one_with_every_step_of_the_procedure(north, coordinador):
    case = new_route_case(north, coordinador)
    assert case.current_step == 1
    assert list(case.steps.values_list("number", "status")) == [(1, "en_curso")] + [
        (n, "pendiente") for n in range(2, 10)
    ]
    transition = case.transitions.get()
    assert (transition.by, transition.action, transition.to_step) == (coordinador, "abrir", 1)


def test_a_step_does_not_close_without_the_records_it_requires(north, coordinador):
    case = new_route_case(north, coordinador)
    with pytest.raises(TransitionError) as error:
        engine.close_step(case=case, by=coordinador)
    assert "Documento de informe" in error.value.messages[0]
    assert Case.objects.get(pk=case.pk).current_step == 1


def test_steps_advance_in_order_and_record_who_and_when(north, coordinador):
    case = new_route_case(north, coordinador)
    fill_required_records(case, coordinador)
    case = engine.close_step(case=case, by=coordinador)
    assert case.current_step == 2
    step1 = case.steps.get(number=1)
    assert step1.status == "cerrada" and step1.closed_by == coordinador and step1.closed_at
    last = case.transitions.last()
    assert (last.from_step, last.to_step, last.by) == (1, 2, coordinador)


def test_a_record_must_be_one_the_step_names(north, coordinador):
    case = new_route_case(north, coordinador)
    with pytest.raises(Exception) as error:
        engine.add_record(step=engine.current_step(case), kind="Acta inventada", by=coordinador)
    assert "no pide ese registro" in str(error.value)


def test_the_pact_needs_commitments_before_step_four_closes(demo, coordinador):
    case = Case.objects.get(territory__code="TER-S-003", kind=Case.Kind.CERTIFICATION)
    assert case.current_step == 4
    case.commitments.all().delete()
    fill_required_records(case, coordinador)
    with pytest.raises(TransitionError, match="se exigen compromisos del pacto: al menos 1, y hay 0"):
        engine.close_step(case=case, by=coordinador)


def drive_to_step_nine(case, by):
    while case.current_step < 9:
        fill_required_records(case, by)
        if case.current_step == 6 and not case.mini_audits.exists():
            MiniAudit.objects.create(case=case, date=datetime.date(2026, 9, 1), findings="Sin novedad.")
        if case.current_step == 8 and not Evaluation.objects.filter(case=case).exists():
            Evaluation.objects.create(case=case, date=datetime.date(2026, 10, 1), favourable=True,
                                      summary="Favorable.")
        case = engine.close_step(case=case, by=by)
    fill_required_records(case, by)
    return case


def test_certification_requires_every_commitment_closed(route_case, coordinador):
    case = drive_to_step_nine(route_case, coordinador)
    assert case.commitments.filter(status="abierto").exists()
    with pytest.raises(TransitionError, match="compromisos cerrados"):
        engine.close_step(case=case, by=coordinador)


def test_certification_requires_a_favourable_evaluation(route_case, coordinador):
    case = drive_to_step_nine(route_case, coordinador)
    case.commitments.update(status=Commitment.Status.CLOSED)
    Evaluation.objects.filter(case=case).update(favourable=False)
    with pytest.raises(TransitionError, match="evaluación favorable"):
        engine.close_step(case=case, by=coordinador)


def test_certifying_issues_a_unique_number_valid_for_two_years(route_case, coordinador):
    case = drive_to_step_nine(route_case, coordinador)
    case.commitments.filter(pk=case.commitments.first().pk).update(
        status=Commitment.Status.CLOSED_JUSTIFIED, justification="La entidad se liquidó."
    )
    case.commitments.exclude(status=Commitment.Status.CLOSED_JUSTIFIED).update(
        status=Commitment.Status.CLOSED
    )
    case = engine.close_step(case=case, by=coordinador)
    assert case.status == Case.Status.COMPLETED
    certificate = case.certificate
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert certificate.valid_until == certificate.issued_on.replace(
        year=certificate.issued_on.year + 2) - datetime.timedelta(days=1)
    assert certificate.issued_by == coordinador


def test_a_certificate_is_revoked_only_with_a_reason(demo, coordinador):
    certificate = Certificate.objects.get(territory__code="TER-N-001")
    with pytest.raises(TransitionError, match="motivo"):
        engine.revoke_certificate(certificate=certificate, by=coordinador, reason="  ")
    engine.revoke_certificate(certificate=certificate, by=coordinador, reason="Incumplimiento.")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == coordinador
    assert certificate.case.transitions.last().action == "revocar certificado"


def test_a_case_with_a_certificate_cannot_be_deleted(demo, coordinador):
    case = Certificate.objects.get(territory__code="TER-N-001").case
    with pytest.raises(TransitionError, match="tiene certificado"):
        engine.delete_case(case=case, by=coordinador)
    assert Case.objects.filter(pk=case.pk).exists()


def test_assistance_loops_back_when_requirements_are_not_met(demo, coordinador):
    case = Case.objects.get(kind=Case.Kind.ASSISTANCE)
    assert case.current_step == 2
    fill_required_records(case, coordinador)
    with pytest.raises(TransitionError, match="¿Cumple con los requisitos?"):
        engine.close_step(case=case, by=coordinador)
    case = engine.close_step(case=case, by=coordinador, answer="no")
    assert case.current_step == 1
    assert case.steps.get(number=2).status == "pendiente"
    fill_required_records(case, coordinador)
    case = engine.close_step(case=case, by=coordinador)
    fill_required_records(case, coordinador)
    case = engine.close_step(case=case, by=coordinador, answer="Sí")
    assert case.current_step == 3


def test_assistance_outside_the_city_needs_an_authorized_commission(demo, coordinador):
    case = Case.objects.get(kind=Case.Kind.ASSISTANCE)
    fill_required_records(case, coordinador)
    case = engine.close_step(case=case, by=coordinador, answer="Si")
    fill_required_records(case, coordinador)
    with pytest.raises(TransitionError, match="fecha de autorización de la comisión"):
        engine.close_step(case=case, by=coordinador)


def test_a_case_keeps_the_procedure_version_it_was_opened_under(route_case, coordinador):
    from content.models import ProcedurePage

    old_version = route_case.procedure
    page = ProcedurePage.objects.get(code=ROUTE)
    page.version = "2"
    page.change_description = "Se agrega una actividad de prueba."
    steps = page.steps.raw_data
    page.save_revision().publish()
    newest = engine.latest_procedure(ROUTE)
    assert newest.version == "2" and newest.pk != old_version.pk
    route_case.refresh_from_db()
    assert route_case.procedure == old_version
    assert ProcedureVersion.objects.filter(key=ROUTE).count() == 2
    assert steps  # the page still has its steps


def test_report_is_late_after_three_business_days(demo):
    from records.models import TechnicalAssistance

    assistance = TechnicalAssistance.objects.get()
    assistance.visit_date = datetime.date(2026, 11, 13)  # Friday; Monday 16 Nov is a holiday
    assert assistance.report_due_on == datetime.date(2026, 11, 19)
    assert not assistance.report_is_late(today=datetime.date(2026, 11, 19))
    assert assistance.report_is_late(today=datetime.date(2026, 11, 20))
    assistance.report_submitted_on = datetime.date(2026, 11, 18)
    assert not assistance.report_is_late(today=datetime.date(2026, 12, 1))


def test_assistance_procedure_key_is_its_slug(demo):
    assert ProcedureVersion.objects.filter(key=ASSISTANCE).exists()


def test_monthly_plan_of_action_figures(demo, client, user_named):
    from records.models import TechnicalAssistance
    from records.selectors import assistance_monthly_figures

    assistance = TechnicalAssistance.objects.get()
    TechnicalAssistance.objects.create(
        case=assistance.case.__class__.objects.create(
            kind=Case.Kind.ASSISTANCE, procedure=assistance.case.procedure, title="Otra"),
        entity="Gobernación", channel="correo", received_on=datetime.date(2026, 11, 2),
        topic="FONSET", visit_date=datetime.date(2026, 11, 20),
        report_submitted_on=datetime.date(2026, 11, 30),
    )
    figures = {f.month: f for f in assistance_monthly_figures(today=datetime.date(2026, 12, 15))}
    assert figures["2026-10"].requested == 1 and figures["2026-10"].delivered == 0
    november = figures["2026-11"]
    assert (november.requested, november.delivered, november.entities) == (1, 2, 2)
    assert november.reports_late == 2  # one never delivered, one delivered after the term
    client.force_login(user_named("coordinador"))
    html = client.get("/admin/records/technicalassistance/").content.decode()
    assert "Cifras mensuales para el Plan de Acción" in html and "2026-11" in html
    assert "/admin/records/technicalassistance/export/" in html  # import-export tools kept


def test_a_certification_recorded_after_the_fact_bears_the_day_it_took_effect(
        route_case, coordinador):
    case = drive_to_step_nine(route_case, coordinador)
    case.commitments.update(status=Commitment.Status.CLOSED)
    day = datetime.date(2023, 3, 14)
    case = engine.close_step(case=case, by=coordinador, today=day)
    certificate = case.certificate
    # Numbered within its own year, valid from that day; recorded now.
    assert certificate.number == "CTS-2023-0001"
    assert certificate.issued_on == day
    assert certificate.valid_until == datetime.date(2025, 3, 13)
    assert case.steps.get(number=9).closed_at.date() != day
