"""A procedure's rules are data: the engine runs a small procedure built here, with no demo
procedure involved, and refuses procedures that could not run."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from content.blocks import StepsBlock, procedure_errors, resolve_step
from records.models import Case, Certificate, Commitment
from records.roles import COORDINATORS, TERRITORIAL_MANAGERS
from records.services import cases as engine
from records.services import rules
from records.services.permissions import assign_territory
from tests.records.factories import (
    CaseFactory,
    ProcedureVersionFactory,
    StaffFactory,
    TerritoryFactory,
    decision,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(db):
    return TerritoryFactory()


@pytest.fixture
def people(territory):
    coordinator = StaffFactory(groups=[COORDINATORS])
    manager = StaffFactory(groups=[TERRITORIAL_MANAGERS])
    assign_territory(territory=territory, user=manager, by=coordinator)
    return coordinator, manager


@pytest.fixture
def procedure():
    """Three steps: a reception with its record, a decision that can send the case back,
    and a closing that needs two commitments and Coordinación."""
    steps = [
        step(1, "recepcion", records=["Oficio de solicitud"]),
        step(2, "revision", branches=[decision("¿Procede?", Sí=3, No=1)]),
        step(3, "cierre", rules=[
            {"type": "requiere", "record_type": "compromisos", "minimum": 2, "condition": ""},
            {"type": "cierra", "role": COORDINATORS},
        ]),
    ]
    assert procedure_errors(steps) == []
    return engine.register_procedure_version(key="PRUEBA-01", version="1",
                                             title="Acompañamiento de prueba", steps=steps)


def commitment(case, n):
    return Commitment.objects.create(case=case, institution=f"Entidad {n}", description="Tarea",
                                     due_date=datetime.date(2026, 12, 31))


def test_a_small_procedure_runs_on_its_own_rules(procedure, territory, people):
    coordinator, manager = people
    case = engine.open_case(procedure_key="PRUEBA-01", kind=Case.Kind.PROCEDURE, territory=territory,
                            title="Caso de prueba", by=manager)
    with pytest.raises(engine.TransitionError, match="sin sus registros: Oficio de solicitud"):
        engine.close_step(case=case, by=manager)
    engine.add_record(step=engine.current_step(case), kind="Oficio de solicitud", by=manager)
    case = engine.close_step(case=case, by=manager)
    with pytest.raises(engine.TransitionError, match="«¿Procede\\?» \\(Sí o No\\)"):
        engine.close_step(case=case, by=manager)
    case = engine.close_step(case=case, by=manager, answer="no")
    assert case.current_step == 1  # sent back, and its record still counts
    case = engine.close_step(case=engine.close_step(case=case, by=manager), by=manager, answer="si")
    assert case.current_step == 3

    commitment(case, 1)
    with pytest.raises(engine.TransitionError) as refused:
        engine.close_step(case=case, by=manager)
    assert refused.value.messages[0] == "Solo el rol «Coordinación» puede cerrar la actividad 3 «cierre»."
    with pytest.raises(engine.TransitionError) as refused:
        engine.close_step(case=case, by=coordinator)
    assert refused.value.messages[0] == ("Para cerrar la actividad 3 «cierre» se exigen compromisos "
                                         "del pacto: al menos 2, y hay 1.")
    commitment(case, 2)
    case = engine.close_step(case=case, by=coordinator)
    assert case.status == Case.Status.COMPLETED
    assert not hasattr(case, "certificate") or case.certificate is None


def test_a_certificate_rule_issues_a_certificate_with_its_own_validity(territory, people):
    coordinator, _ = people
    version = engine.register_procedure_version(key="PRUEBA-CERT", version="1", title="Certifica",
                                                steps=[step(1, "certifica", rules=[
                                                    {"type": "certificado", "validity_years": 3}])])
    assert engine.certification_procedure().key in ("PRUEBA-CERT", "MM-GSC-P-003")
    case = engine.open_case(procedure_key=version.key, kind=Case.Kind.CERTIFICATION,
                            territory=territory, title="Certifica", by=coordinator)
    case = engine.close_step(case=case, by=coordinator)
    certificate = case.certificate
    assert certificate.valid_until == certificate.issued_on.replace(
        year=certificate.issued_on.year + 3) - datetime.timedelta(days=1)
    with pytest.raises(engine.TransitionError, match="certifica un territorio: indíquelo"):
        engine.open_case(procedure_key=version.key, kind=Case.Kind.CERTIFICATION, territory=None,
                         title="Sin territorio", by=coordinator)


def test_the_database_holds_one_open_case_per_territory_and_procedure(procedure, territory):
    first = CaseFactory(procedure=procedure, territory=territory)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(procedure=procedure, territory=territory)
    # A closed case does not count, nor does another procedure's case on the same territory.
    Case.objects.filter(pk=first.pk).update(status=Case.Status.COMPLETED)
    CaseFactory(procedure=procedure, territory=territory)
    CaseFactory(procedure=ProcedureVersionFactory(), territory=territory)


def test_a_case_keeps_its_version(procedure, territory):
    case = CaseFactory(procedure=procedure, territory=territory)
    newer = ProcedureVersionFactory(key="PRUEBA-01", version="2")
    case.procedure = newer
    with pytest.raises(ValidationError, match="no cambia de versión"):
        case.save()
    case.refresh_from_db()
    assert case.procedure == procedure and case.procedure_key == "PRUEBA-01"


def raw(steps):
    return [{"type": "step", "value": {
        **{k: v for k, v in s.items() if k != "rules"},
        "branches": [{"question": b["question"], "outcomes": [
            {"answer": o["answer"], "next_step": o["next_step"]} for o in b["outcomes"]]}
            for b in s["branches"]],
        "rules": [{"type": r["type"], "value": {k: v for k, v in r.items() if k != "type"} or None}
                  for r in s["rules"]],
        "notes": ""}} for s in steps]


def publish_errors(steps) -> list[str]:
    block = StepsBlock()
    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python(raw(steps)))
    return refused.value.as_json_data()["messages"]


def test_a_branch_to_a_step_that_does_not_exist_is_refused_at_publish(db):
    errors = publish_errors([step(1, "inicio", branches=[decision("¿Sigue?", Sí="fin", No="inicio")]),
                             step(2, "cierre")])
    assert errors == ["La actividad 1 remite a la actividad «fin», que no existe."]


def test_a_cycle_with_no_exit_is_refused_at_publish(db):
    errors = publish_errors([
        step(1, "inicio"),
        step(2, "revisa", branches=[decision("¿Completo?", Sí="corrige", No="inicio")]),
        step(3, "corrige", branches=[decision("¿Listo?", Sí="revisa", No="revisa")]),
        step(4, "fin"),
    ])
    assert errors == ["Las actividades 1, 2, 3 forman un ciclo sin salida: ninguna de sus respuestas "
                      "lleva al final del procedimiento."]


def test_a_certificate_without_validity_and_duplicate_codes_are_refused(db):
    errors = procedure_errors([step(1, "a"), step(2, "a", rules=[{"type": "certificado"}])])
    assert errors == ["Dos actividades tienen el código «a»: cada código nombra una sola.",
                      "La actividad 2 expide el certificado: indique su vigencia en años."]


def test_a_rule_asking_for_records_nobody_can_create_is_refused(db):
    for group in Group.objects.filter(permissions__codename="add_miniaudit"):
        group.permissions.remove(Permission.objects.get(codename="add_miniaudit"))
    errors = procedure_errors([step(1, "audita", rules=[
        {"type": "requiere", "record_type": "miniauditorias", "minimum": 1, "condition": ""}]),
        step(2, "papeles", rules=[{"type": "requiere", "record_type": "registros", "minimum": 1,
                                   "condition": ""}])])
    assert errors == ["La actividad 1 exige miniauditorías, que ningún rol puede registrar.",
                      "La actividad 2 exige sus registros documentales pero no nombra ninguno."]


def test_steps_are_named_by_code_so_renumbering_keeps_decisions(db):
    steps = [step(1, "recepcion"), step(2, "revision"), step(3, "cierre")]
    assert resolve_step("cierre", steps) == 3
    renumbered = [step(1, "revision"), step(2, "recepcion"), step(3, "cierre")]
    assert resolve_step("recepcion", renumbered) == 2
    with pytest.raises(KeyError):
        resolve_step("archivo", steps)


def test_each_rule_reads_as_a_spanish_sentence():
    assert rules.describe({"type": "requiere", "record_type": "registros", "minimum": 1,
                           "condition": "fuera_de_la_ciudad"}) == (
        "Sus registros documentales, si la asistencia es fuera de la ciudad.")
    assert rules.describe({"type": "plazo", "business_days": 3, "after": "fecha_asistencia"}) == (
        "Plazo: 3 días hábiles contados desde la fecha en que se realizó la asistencia técnica.")
    assert rules.describe({"type": "cierra", "role": COORDINATORS}) == (
        "Solo el rol «Coordinación» cierra la actividad.")


def test_a_decision_that_ends_early_does_not_certify(territory, people):
    """An outside review: "No" ended the case and the certificate was issued anyway, its
    step's checks skipped."""
    coordinator, _ = people
    version = ProcedureVersionFactory(steps=[
        step(1, "revision", branches=[decision("¿Cumple?", Sí=2, No=None)]),  # as published
        step(2, "certifica", rules=[{"type": "certificado", "validity_years": 2}]),
    ])
    case = engine.open_case(procedure_key=version.key, kind=Case.Kind.CERTIFICATION,
                            territory=territory, title="Termina antes", by=coordinator)
    case = engine.close_step(case=case, by=coordinator, answer="No")
    assert case.status == Case.Status.COMPLETED
    assert not Certificate.objects.filter(case=case).exists()


def test_only_a_certifying_procedure_opens_certification_cases(procedure, territory, people):
    """The kind decides the territory's public status: a gestor must not turn a certified
    territory into «en ruta» with an assistance case labelled as certification."""
    coordinator, _ = people
    with pytest.raises(engine.TransitionError, match="no expide el certificado"):
        engine.open_case(procedure_key=procedure.key, kind=Case.Kind.CERTIFICATION,
                         territory=territory, title="Etiqueta falsa", by=coordinator)
    certifying = ProcedureVersionFactory(steps=[step(1, "certifica", rules=[
        {"type": "certificado", "validity_years": 2}])])
    with pytest.raises(engine.TransitionError, match="sus casos son de certificación"):
        engine.open_case(procedure_key=certifying.key, kind=Case.Kind.ASSISTANCE,
                         territory=territory, title="Otra etiqueta", by=coordinator)


def test_any_of_the_roles_a_step_names_may_close_it(territory, people):
    coordinator, manager = people
    version = ProcedureVersionFactory(steps=[step(1, "ambos", rules=[
        {"type": "cierra", "role": COORDINATORS}, {"type": "cierra", "role": TERRITORIAL_MANAGERS}])])
    for person in (coordinator, manager):
        case = CaseFactory(procedure=version, territory=TerritoryFactory())
        case.steps.create(number=1, status="en_curso")
        assign_territory(territory=case.territory, user=manager, by=coordinator)
        assert engine.close_step(case=case, by=person).status == Case.Status.COMPLETED
    analyst = StaffFactory(groups=["Analistas"])
    case = CaseFactory(procedure=version, territory=territory)
    case.steps.create(number=1, status="en_curso")
    with pytest.raises(engine.TransitionError, match="Solo los roles «Coordinación» o «Gestores "
                                                     "territoriales» pueden cerrar"):
        engine.close_step(case=case, by=analyst)


@pytest.mark.parametrize("branches, message", [
    ([decision("¿Sigue?")], "no tiene respuestas"),
    ([decision("¿Sigue?", Sí="fin")] * 2, "una actividad hace a lo sumo una pregunta"),
    ([{"question": "¿Sigue?", "outcomes": [{"answer": "Sí", "next_step": ""},
                                            {"answer": "si", "next_step": "inicio"}]}],
     "repite una respuesta"),
    ([decision("¿Sigue?", Sí="²", No="")], "remite a la actividad «²», que no existe"),
])
def test_decisions_the_engine_could_not_follow_are_refused(db, branches, message):
    errors = procedure_errors([step(1, "inicio", branches=branches), step(2, "fin")])
    assert any(message in error for error in errors), errors
