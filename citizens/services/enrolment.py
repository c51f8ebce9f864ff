"""Enrol your neighbourhood: a community asks to enter the certification route (seed 001).

Coordinación accepts (the territory is created if new and a certification case
is opened on the route MM-GSC-P-003) or declines with a reason the community
reads with its tracking code.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from citizens.models import EnrolmentRequest
from citizens.services import codes
from citizens.validators import collect_model_errors
from records.models import AuditEntry, Case, Territory
from records.services import cases as case_engine
from records.services.audit import log

SERIES = "inscripcion"


class EnrolmentError(ValidationError):
    pass


def submit(*, fields: dict, consent: bool, now=None) -> tuple[EnrolmentRequest, str]:
    now = now or timezone.now()
    request = EnrolmentRequest(**fields)
    request.consent_at = now
    request.number, request.tracking_digest = "pendiente", "0" * 64
    errors = {}
    if not consent:
        errors["consent"] = ["Debe autorizar el tratamiento de los datos de contacto "
                             "(Ley 1581 de 2012) para enviar la solicitud."]
    collect_model_errors(request, errors, exclude=["number", "tracking_digest"],
                         validate_unique=False)
    if errors:
        raise EnrolmentError(errors)
    code = codes.new_tracking_code()
    year = timezone.localtime(now).year
    with transaction.atomic():
        request.number = f"INS-{year}-{codes.next_number(SERIES, year):04d}"
        request.tracking_digest = codes.tracking_digest(code)
        request.save()
    return request, code


def find_for_tracking(number: str, code: str) -> EnrolmentRequest | None:
    return codes.find_by_code(EnrolmentRequest.objects.all(), number_field="number",
                              number=number, code=code)


def _require_received(request):
    if request.status != EnrolmentRequest.Status.RECEIVED:
        raise EnrolmentError(f"La solicitud {request.number} ya fue decidida.")


def _territory_code(request) -> str:
    base = f"{request.locality.code}-{slugify(request.neighbourhood)}".upper()[:34]
    code, suffix = base, 2
    while Territory.objects.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


@transaction.atomic
def accept(request: EnrolmentRequest, *, by, territory: Territory | None = None,
           reason: str = "") -> EnrolmentRequest:
    """Open the certification case; create the territory when the neighbourhood is new."""
    request = EnrolmentRequest.objects.select_for_update().get(pk=request.pk)
    _require_received(request)
    if territory is None:
        territory = Territory.objects.filter(
            locality=request.locality, name__iexact=request.neighbourhood.strip()
        ).first()
    if territory is None:
        territory = Territory.objects.create(
            code=_territory_code(request), name=request.neighbourhood.strip(),
            locality=request.locality,
        )
    try:
        case = case_engine.open_case(
            procedure_key=case_engine.certification_procedure().key,
            kind=Case.Kind.CERTIFICATION, territory=territory,
            title=f"Certificación de {territory.name} (solicitud {request.number})", by=by,
        )
    except case_engine.TransitionError as exc:
        raise EnrolmentError(str(exc)) from exc
    request.status = EnrolmentRequest.Status.ACCEPTED
    request.decision_reason = reason.strip() or (
        "La Secretaría aceptó la solicitud: el barrio entra a la ruta comunitaria de "
        "certificación. Un gestor territorial se comunicará con la comunidad."
    )
    request.decided_at, request.decided_by = timezone.now(), by
    request.territory, request.case = territory, case
    request.save()
    log(AuditEntry.Action.TRANSITION, request, actor=by,
        changes={"accion": "aceptar", "territorio": territory.code, "caso": case.pk})
    return request


@transaction.atomic
def decline(request: EnrolmentRequest, *, by, reason: str) -> EnrolmentRequest:
    request = EnrolmentRequest.objects.select_for_update().get(pk=request.pk)
    _require_received(request)
    reason = (reason or "").strip()
    if len(reason) < 20:
        raise EnrolmentError({"reason": "Explique a la comunidad el motivo (al menos 20 "
                                        "caracteres); lo leerá con su código de consulta."})
    request.status = EnrolmentRequest.Status.DECLINED
    request.decision_reason = reason
    request.decided_at, request.decided_by = timezone.now(), by
    request.save()
    log(AuditEntry.Action.TRANSITION, request, actor=by, changes={"accion": "rechazar"})
    return request
