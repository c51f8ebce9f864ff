"""A procedure's rules are data: the small vocabulary of checks and effects the engine knows.

An editor writes them in each step of the procedure's page (content.blocks.StepBlock's
"Reglas"); publishing stores them in the version's snapshot (records.ProcedureVersion),
so a running case keeps the rules of the version it was opened under. Nothing here knows
any procedure by name or any step by number: the certification route and technical
assistance are two sets of data.

Each rule in a step's snapshot is ``{"type": ..., **parameters}``:

- ``requiere``: ``record_type`` (RECORD_TYPES) at least ``minimum`` times, if ``condition``.
- ``dato``: a date in the case's data (FIELDS) is filled in, if ``condition``.
- ``evaluacion_favorable``: the case's latest evaluation is favourable.
- ``compromisos_cerrados``: every commitment closed, or closed with a justification.
- ``decision`` lives in the step's "branches", not here.
- ``plazo``: the step is due ``business_days`` business days after ``after`` (FIELDS).
- ``certificado``: completing the case issues a territory certificate valid ``validity_years``.
- ``cierra``: only ``role`` (a staff group) may close the step.
"""

import unicodedata
from dataclasses import dataclass

from records.business_days import add_business_days


def fold(text: str) -> str:
    """Compare answers ignoring case and accents ("Sí" == "si")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class RecordType:
    label: str            # Spanish, plural, as a message names it
    permission: str       # who can create one: a role needs this permission
    count: object         # callable(case) -> int


def _assistance(case):
    from records.models import TechnicalAssistance

    return TechnicalAssistance.objects.filter(case=case).first()


def _evaluations(case) -> int:
    from records.models import Evaluation

    return Evaluation.objects.filter(case=case).count()  # one per case (OneToOne)


RECORD_TYPES = {
    # The documents the step names (its "records"): required_records decides which.
    "registros": RecordType("registros documentales que nombra la actividad",
                            "records.add_caserecord", None),
    "compromisos": RecordType("compromisos del pacto", "records.add_commitment",
                              lambda case: case.commitments.count()),
    "miniauditorias": RecordType("miniauditorías", "records.add_miniaudit",
                                 lambda case: case.mini_audits.count()),
    "evaluaciones": RecordType("evaluaciones", "records.add_evaluation",
                               _evaluations),
    "solicitud_asistencia": RecordType("datos de la solicitud de asistencia técnica",
                                       "records.add_technicalassistance",
                                       lambda case: int(_assistance(case) is not None)),
}

# Dates of a case's data that a rule can ask for or count from.
FIELDS = {
    "comision_autorizada": ("la fecha de autorización de la comisión", "commission_authorized_on"),
    "fecha_asistencia": ("la fecha en que se realizó la asistencia técnica", "visit_date"),
    "informe_entregado": ("la fecha de entrega del informe", "report_submitted_on"),
}

# Conditions under which a rule applies.
CONDITIONS = {
    "fuera_de_la_ciudad": ("si la asistencia es fuera de la ciudad",
                           lambda case: bool(getattr(_assistance(case), "outside_city", False))),
}

def creatable(record_type: str) -> bool:
    """Whether some role may create this kind of record (else a rule asking for it can never
    be met)."""
    from django.contrib.auth.models import Group

    app_label, codename = RECORD_TYPES[record_type].permission.split(".")
    return Group.objects.filter(permissions__content_type__app_label=app_label,
                                permissions__codename=codename).exists()


CHECKS = {"requiere", "dato", "evaluacion_favorable", "compromisos_cerrados", "cierra"}
EFFECTS = {"plazo", "certificado"}


def _fail(message):
    from records.services.cases import TransitionError

    raise TransitionError(message)


def rules_of(definition: dict, kind: str | None = None) -> list[dict]:
    return [rule for rule in definition.get("rules", []) if kind is None or rule["type"] == kind]


def applies(rule: dict, case) -> bool:
    condition = rule.get("condition")
    return not condition or CONDITIONS[condition][1](case)


def required_records(step) -> list[str]:
    """The named records the step needs now: all of them, unless a "requiere registros"
    rule says when (for example only outside the city)."""
    definition = step.definition
    conditions = rules_of(definition, "requiere")
    named = [rule for rule in conditions if rule["record_type"] == "registros"]
    if named and not any(applies(rule, step.case) for rule in named):
        return []
    return list(definition.get("records", []))


def _title(step) -> str:
    code = step.definition.get("code")
    return f"la actividad {step.number} «{code}»" if code and code != str(step.number) else (
        f"la actividad {step.number}")


def check_close(step, by=None) -> None:
    """Refuse to close ``step`` while one of its rules is not met, naming the rule."""
    case = step.case
    where = _title(step)
    # Who may close comes first: someone else learns that, not what else is missing. Any
    # of the roles the step names may close it; without a person, nobody may.
    roles = [rule["role"] for rule in rules_of(step.definition, "cierra")]
    if roles and not (by is not None and (
            by.is_superuser or by.groups.filter(name__in=roles).exists())):
        named = " o ".join(f"«{role}»" for role in roles)
        _fail(f"Solo {'el rol' if len(roles) == 1 else 'los roles'} {named} "
              f"{'puede' if len(roles) == 1 else 'pueden'} cerrar {where}.")
    for rule in step.definition.get("rules", []):
        kind = rule["type"]
        if not applies(rule, case):
            continue
        if kind == "requiere" and rule["record_type"] != "registros":
            record_type = RECORD_TYPES[rule["record_type"]]
            minimum = rule.get("minimum") or 1
            have = record_type.count(case)
            if have < minimum:
                _fail(f"Para cerrar {where} se exigen {record_type.label}: al menos {minimum}, y "
                      f"hay {have}.")
        elif kind == "dato":
            label, attribute = FIELDS[rule["field"]]
            assistance = _assistance(case)
            if assistance is None:
                _fail(f"Registre los {RECORD_TYPES['solicitud_asistencia'].label} antes de cerrar "
                      f"{where}.")
            if getattr(assistance, attribute) is None:
                _fail(f"Indique {label} antes de cerrar {where}.")
        elif kind == "evaluacion_favorable":
            from records.models import Evaluation

            evaluation = Evaluation.objects.filter(case=case).first()
            if evaluation is None or not evaluation.favourable:
                _fail(f"Para cerrar {where} se exige una evaluación favorable.")
        elif kind == "compromisos_cerrados":
            from records.models import Commitment

            still_open = case.commitments.exclude(
                status__in=Commitment.DONE_STATUSES).count()
            if still_open:
                _fail(f"Para cerrar {where} se exigen todos los compromisos cerrados o cerrados con "
                      f"justificación: quedan {still_open} abiertos.")


def describe(rule: dict) -> str:
    """A rule in a sentence, for the portal's procedure page and the content API."""
    kind = rule["type"]
    condition = f", {CONDITIONS[rule['condition']][0]}" if rule.get("condition") else ""
    if kind == "requiere":
        if rule["record_type"] == "registros":
            return f"Sus registros documentales{condition}."
        return (f"Al menos {rule.get('minimum') or 1} de: "
                f"{RECORD_TYPES[rule['record_type']].label}{condition}.")
    if kind == "dato":
        return f"Registrar {FIELDS[rule['field']][0]}{condition}."
    if kind == "evaluacion_favorable":
        return "Una evaluación favorable."
    if kind == "compromisos_cerrados":
        return "Todos los compromisos cerrados o cerrados con justificación."
    if kind == "plazo":
        return (f"Plazo: {rule['business_days']} días hábiles contados desde "
                f"{FIELDS[rule['after']][0]}.")
    if kind == "certificado":
        return (f"Al completar el caso se expide el certificado de territorio seguro, vigente "
                f"{rule['validity_years']} años.")
    if kind == "cierra":
        return f"Solo el rol «{rule['role']}» cierra la actividad."
    return kind


def certificate_step(procedure) -> tuple[int, dict] | None:
    """(step number, rule) of the "certificado" effect, if the procedure certifies."""
    for step in procedure.steps:
        for rule in rules_of(step, "certificado"):
            return step["number"], rule
    return None


def certifies(procedure) -> bool:
    return certificate_step(procedure) is not None


def on_complete(case, *, by, today=None) -> None:
    """A case that completes through the step carrying "certificado" (its checks met) is
    certified; one that a decision ended earlier is not."""
    found = certificate_step(case.procedure)
    if found is None:
        return
    number, rule = found
    if case.steps.filter(number=number, status="cerrada").exists():
        from records.services.cases import issue_certificate

        issue_certificate(case=case, by=by, validity_years=rule["validity_years"], today=today)


def due_date(procedure, field: str, case_data) -> object:
    """When the step whose "plazo" counts from ``field`` is due, from the case's data."""
    for step in procedure.steps:
        for rule in rules_of(step, "plazo"):
            if rule["after"] == field:
                start = getattr(case_data, FIELDS[field][1], None)
                return add_business_days(start, rule["business_days"]) if start else None
    return None
