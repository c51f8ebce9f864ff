"""The case engine's transitions. Admin, API and commands all call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from records.models import Case, CaseRecord, CaseStep, Certificate, ProcedureVersion, Transition
from records.services import permissions, rules
from records.services.audit import log

class TransitionError(ValidationError):
    """A step rule was not met; the message names the rule, in Spanish."""


def register_procedure_version(*, key, version, title, steps) -> ProcedureVersion:
    """Store the snapshot of a published procedure version; existing versions never change."""
    snapshot, _ = ProcedureVersion.objects.get_or_create(
        key=key, version=version, defaults={"title": title, "steps": steps}
    )
    return snapshot


def latest_procedure(key: str) -> ProcedureVersion:
    version = ProcedureVersion.objects.filter(key=key).order_by("-registered_at", "-pk").first()
    if version is None:
        raise TransitionError(f"El procedimiento {key} no está publicado: publíquelo en el portal.")
    return version


def certification_procedure() -> ProcedureVersion:
    """The latest published version of the procedure whose rules certify a territory (the
    certification route in the demo): what a neighbourhood's enrolment opens."""
    newest = {}
    for version in ProcedureVersion.objects.order_by("registered_at", "pk"):
        newest[version.key] = version
    for version in newest.values():
        if rules.certifies(version):
            return version
    raise TransitionError("Ningún procedimiento publicado expide el certificado de territorio "
                          "seguro: publíquelo en el portal con esa regla.")


def check_can_open(*, procedure, territory, kind=None) -> None:
    certifies = rules.certifies(procedure)
    # The kind decides a territory's public status (records.selectors): only a procedure
    # whose rules issue the certificate opens certification cases, and it opens no other.
    if kind == Case.Kind.CERTIFICATION and not certifies:
        raise TransitionError(f"«{procedure.title}» no expide el certificado de territorio seguro: "
                              "elija otro tipo de caso.")
    if certifies and kind not in (None, Case.Kind.CERTIFICATION):
        raise TransitionError(f"«{procedure.title}» expide el certificado de territorio seguro: "
                              "sus casos son de certificación.")
    if certifies and territory is None:
        raise TransitionError(f"Un caso de «{procedure.title}» certifica un territorio: indíquelo.")
    # The database holds this too (records.Case's constraint); here it gets a clear message.
    if territory is not None and Case.objects.filter(
            territory=territory, procedure_key=procedure.key, status=Case.Status.OPEN).exists():
        raise TransitionError(f"El territorio ya tiene un caso abierto de «{procedure.title}».")


@transaction.atomic
def open_case(*, procedure_key, kind, title, by, territory=None) -> Case:
    procedure = latest_procedure(procedure_key)
    check_can_open(procedure=procedure, territory=territory, kind=kind)
    # Whoever opens it must see it afterwards: no case in another's territory, nor one
    # without a territory from someone who does not see all (admin, API and imports alike).
    permissions.check_within_reach(by, Case(kind=kind, territory=territory))
    try:
        with transaction.atomic():
            case = Case.objects.create(
                kind=kind, procedure=procedure, territory=territory, title=title, opened_by=by,
                current_step=1,
            )
    except IntegrityError as error:
        # Another request opened the same procedure's case on this territory meanwhile.
        raise TransitionError(f"El territorio ya tiene un caso abierto de «{procedure.title}».") from error
    CaseStep.objects.bulk_create(
        CaseStep(case=case, number=step["number"],
                 status=CaseStep.Status.OPEN if step["number"] == 1 else CaseStep.Status.PENDING)
        for step in procedure.steps
    )
    Transition.objects.create(case=case, from_step=None, to_step=1, action="abrir", by=by)
    return case


def current_step(case) -> CaseStep:
    return case.steps.get(number=case.current_step)


def missing_records(step: CaseStep) -> list[str]:
    required = rules.required_records(step)
    present = set(step.records.values_list("kind", flat=True))
    return [kind for kind in required if kind not in present]


@transaction.atomic
def add_record(*, step, kind, by, description="", file=None) -> CaseRecord:
    record = CaseRecord(step=step, kind=kind, description=description, created_by=by)
    if file is not None:
        record.file = file
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def close_step(*, case, by, answer=None, note="", today=None) -> Case:
    """Close the current step and move on, following decision branches when there are any.

    ``today`` is the day the closure takes effect when it is recorded after the fact (a
    route certified before it was entered here): a certificate it issues bears that day
    and is numbered in that year. The step and the audit trail keep when it was recorded.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise TransitionError("El caso no está abierto: no se pueden cerrar actividades.")
    step = case.steps.get(number=case.current_step)
    definition = step.definition
    missing = missing_records(step)
    if missing:
        raise TransitionError(
            f"La actividad {step.number} no puede cerrarse sin sus registros: {'; '.join(missing)}."
        )
    rules.check_close(step, by=by)
    next_number = _next_step(case, definition, answer)

    now = timezone.now()
    step.status = CaseStep.Status.CLOSED
    step.closed_at, step.closed_by = now, by
    step.save()
    Transition.objects.create(
        case=case, from_step=step.number, to_step=next_number, by=by,
        action="cerrar" if answer is None else f"cerrar ({answer})", note=note,
    )
    if next_number is None:
        case.status = Case.Status.COMPLETED
        case.save()
        rules.on_complete(case, by=by, today=today)
        return case
    if next_number <= step.number:
        # A "No" loops back: the target and everything after it are worked again.
        case.steps.filter(number__gt=next_number, number__lte=step.number).update(
            status=CaseStep.Status.PENDING, closed_at=None, closed_by=None
        )
    case.steps.filter(number=next_number).update(
        status=CaseStep.Status.OPEN, closed_at=None, closed_by=None
    )
    case.current_step = next_number
    case.save()
    return case


def _next_step(case, definition, answer):
    branches = definition.get("branches") or []
    if not branches:
        if answer is not None:
            raise TransitionError(f"La actividad {definition['number']} no tiene decisiones que responder.")
        return None if definition["number"] == case.procedure.last_step else definition["number"] + 1
    branch = branches[0]
    answers = {rules.fold(o["answer"]): o["next_step"] for o in branch["outcomes"]}
    if answer is None or rules.fold(answer) not in answers:
        options = " o ".join(o["answer"] for o in branch["outcomes"])
        raise TransitionError(f"Responda «{branch['question']}» ({options}) para cerrar la actividad.")
    return answers[rules.fold(answer)]


def issue_certificate(*, case, by, validity_years, today=None) -> Certificate:
    today = today or timezone.localdate()
    valid_until = _add_years(today, validity_years) - datetime.timedelta(days=1)
    for _ in range(5):
        sequence = Certificate.objects.filter(number__startswith=f"CTS-{today.year}-").count() + 1
        number = f"CTS-{today.year}-{sequence:04d}"
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    case=case, territory=case.territory, number=number, issued_on=today,
                    valid_until=valid_until, issued_by=by,
                )
        except IntegrityError:
            continue  # another certificate took the number meanwhile; take the next one
    raise TransitionError("No se pudo asignar un número de certificado; intente de nuevo.")


@transaction.atomic
def revoke_certificate(*, certificate, by, reason, today=None) -> Certificate:
    if certificate.is_revoked:
        raise TransitionError("El certificado ya fue revocado.")
    if not (reason or "").strip():
        raise TransitionError("Indique el motivo de la revocatoria.")
    certificate.revoked_on = today or timezone.localdate()
    certificate.revocation_reason = reason.strip()
    certificate.revoked_by = by
    certificate.full_clean()
    certificate.save()
    Transition.objects.create(case=certificate.case, from_step=None, to_step=None,
                              action="revocar certificado", note=reason, by=by)
    return certificate


@transaction.atomic
def delete_case(*, case, by) -> None:
    if Certificate.objects.filter(case=case).exists():
        raise TransitionError("No se puede eliminar un caso que tiene certificado.")
    log("delete", case, actor=by)
    case.delete()


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
