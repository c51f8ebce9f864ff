"""Rules specific to each procedure, on top of the generic case engine.

The engine asks three questions of a procedure: which records a step
requires (normally those the procedure names), whether a step may close
(extra domain checks), and what happens when the case completes.
"""

import unicodedata

ROUTE = "MM-GSC-P-003"            # seed 001, Santa Marta
ASSISTANCE = "asesoria-asistencia-tecnica"  # seed 004, Ministerio del Interior


def fold(text: str) -> str:
    """Compare answers ignoring case and accents ("Sí" == "si")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def required_records(step) -> list[str]:
    definition = step.definition
    key = step.case.procedure.key
    if key == ASSISTANCE and step.number == 3:
        assistance = getattr(step.case, "assistance", None)
        if assistance is None or not assistance.outside_city:
            return []  # the commission is only needed outside the city
    return list(definition.get("records", []))


def _fail(message):
    from records.services.cases import TransitionError

    raise TransitionError(message)


def check_close(step) -> None:
    case = step.case
    key = case.procedure.key
    if key == ROUTE:
        _check_route(case, step.number)
    elif key == ASSISTANCE:
        _check_assistance(case, step.number)


def _check_route(case, number):
    from records.models import Commitment, Evaluation

    if number == 4 and not case.commitments.exists():
        _fail("El pacto debe tener al menos un compromiso antes de cerrar la actividad 4.")
    if number == 6 and not case.mini_audits.exists():
        _fail("Registre al menos una miniauditoría antes de cerrar la actividad 6.")
    if number == 8 and not Evaluation.objects.filter(case=case).exists():
        _fail("Registre la evaluación antes de cerrar la actividad 8.")
    if number == 9:
        evaluation = Evaluation.objects.filter(case=case).first()
        if evaluation is None or not evaluation.favourable:
            _fail("La certificación exige una evaluación favorable.")
        open_commitments = case.commitments.exclude(
            status__in=[Commitment.Status.CLOSED, Commitment.Status.CLOSED_JUSTIFIED]
        ).count()
        if open_commitments:
            _fail(
                f"La certificación exige todos los compromisos cerrados o cerrados con "
                f"justificación: quedan {open_commitments} abiertos."
            )


def _check_assistance(case, number):
    assistance = getattr(case, "assistance", None)
    if assistance is None:
        _fail("Registre los datos de la solicitud de asistencia técnica antes de avanzar.")
    if number == 3 and assistance.outside_city and not assistance.commission_authorized_on:
        _fail("La asistencia fuera de la ciudad requiere la comisión autorizada.")
    if number == 6 and not assistance.visit_date:
        _fail("Indique la fecha en que se realizó la asistencia técnica.")
    if number == 11 and not assistance.report_submitted_on:
        _fail("Indique la fecha de entrega del informe.")


def on_complete(case, *, by) -> None:
    if case.procedure.key == ROUTE:
        from records.services.cases import issue_certificate

        issue_certificate(case=case, by=by)


