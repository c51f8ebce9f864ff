"""The life of a petition: filing, assignment, extension, transfer, answer, closing.

Terms: Ley 1755 de 2015 arts. 14 (terms and extension), 21 (transfer to the
competent authority within 5 business days).  Every function validates first,
writes in one transaction, records an event the citizen can read, and queues
an e-mail notice in that same transaction; the task worker sends it, so no step
ever waits for, or fails with, the mail server.
"""

import datetime
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from citizens.models import Petition, PetitionAttachment, PetitionEvent, PetitionType, ResponseTerm
from citizens.models.notices import SECRET_MARK
from citizens.services import codes, notices
from citizens.validators import EXTENSIONS, collect_model_errors, validate_attachment
from convive.storage import delete_quietly, private_storage, storage_errors
from records.business_days import add_business_days, business_days_between, is_business_day
from records.models import AuditEntry
from records.services.audit import log

# The defaults live in migration 0002 (editable afterwards in the admin); this
# fallback only matters if a row was deleted.
DEFAULT_TERMS = {
    code: term for code, (term, _basis) in import_module(
        "citizens.migrations.0002_default_response_terms").TERMS.items()
}
TRANSFER_TERM = 5  # Ley 1755 de 2015, art. 21
RADICADO_SERIES = "pqrsd"


CONSENT_REQUIRED = (
    "Debe autorizar el tratamiento de sus datos personales (Ley 1581 de 2012) para radicar "
    "la solicitud, o presentar una denuncia anónima."
)


class PetitionError(ValidationError):
    """A rule of the petition's life was broken; the message is for the user."""


class ServiceUnavailable(PetitionError):
    """A part the filing needs is down: nothing was filed, and the citizen may retry."""

    temporary = True


STORAGE_DOWN = ("No pudimos guardar los anexos en este momento, así que la solicitud no se "
                "radicó. Intente de nuevo en unos minutos; si el problema continúa, radíquela "
                "sin anexos o por los canales presenciales y telefónicos de la Secretaría.")


def term_for(petition_type: str) -> int:
    if petition_type not in PetitionType.values:
        raise PetitionError(f"«{petition_type}» no es un tipo de PQRSD. Use uno de: "
                            + ", ".join(PetitionType.values) + ".")
    row = ResponseTerm.objects.filter(petition_type=petition_type).only("business_days").first()
    return row.business_days if row else DEFAULT_TERMS[petition_type]


def due_date_for(petition_type: str, filed_on: datetime.date) -> tuple[datetime.date, int]:
    """Legal due date: the term counts from the first business day after filing."""
    days = term_for(petition_type)
    return add_business_days(filed_on, days), days


def format_radicado(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def _local_now(now=None):
    return timezone.localtime(now or timezone.now())


def _notify(petition: Petition, subject: str, body: str, *, secret: str = "") -> None:
    # Queued in the caller's transaction; the worker sends it (citizens.services.notices).
    # Every notice ends with where to follow the petition (the filing one already says it).
    url = _tracking_url()
    if url not in body:
        body += (f"\n\nPuede consultar el estado de su solicitud en {url} con el radicado "
                 f"{petition.radicado} y el código de consulta que recibió al radicarla.")
    notices.queue(petition, subject, body, secret=secret)


def _tracking_url() -> str:
    # From the Site, which setup_roles keeps at PUBLIC_BASE_URL: never a request's host.
    from citizens.models import PetitionTrackingPage

    page = PetitionTrackingPage.objects.live().first()
    return page.full_url if page else settings.PUBLIC_BASE_URL + "/"


def _log(by, petition, action, **details):
    # Petitions carry personal data: the trail names the step, never the petitioner.
    log(AuditEntry.Action.TRANSITION, petition, actor=by, changes={"accion": action, **details})


def _event(petition, status, by=None, note=""):
    PetitionEvent.objects.create(petition=petition, status=status, by=by, note=note)


def file_petition(*, fields: dict, consent: bool, attachments=(), channel=Petition.Channel.WEB,
                  now=None) -> tuple[Petition, str]:
    """File a petition and return it with its tracking code (shown once, never stored).

    Everything is validated before the radicado is taken, and the whole filing
    is one transaction: a failure leaves no petition, no file and no number used.
    """
    now = _local_now(now)
    petition = Petition(channel=channel, **fields)
    errors = {}
    if not consent and not petition.anonymous:
        errors["consent"] = [CONSENT_REQUIRED]
    if len(attachments) > settings.PQRSD_MAX_ATTACHMENTS:
        errors["attachments"] = [f"Puede adjuntar como máximo {settings.PQRSD_MAX_ATTACHMENTS} "
                                 "archivos."]
    sniffed = []
    for upload in attachments:
        try:
            sniffed.append(validate_attachment(upload, max_mb=settings.PQRSD_MAX_ATTACHMENT_MB))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    petition.filed_at = now
    petition.filed_on = now.date()
    petition.due_date, petition.term_days = due_date_for(petition.petition_type, petition.filed_on) \
        if petition.petition_type in PetitionType.values else (petition.filed_on, 0)
    petition.transfer_due = add_business_days(petition.filed_on, TRANSFER_TERM)
    petition.consent_at = now if consent and not petition.anonymous else None
    # Placeholders so full_clean can run before the number is taken.
    petition.year, petition.number, petition.radicado = now.year, 0, "pendiente"
    petition.tracking_digest = "0" * 64
    collect_model_errors(petition, errors, exclude=["radicado", "number", "tracking_digest"],
                         validate_unique=False, validate_constraints=False)
    if errors:
        raise PetitionError(errors)

    code = codes.new_tracking_code()
    saved = []  # files already in storage, removed again if the filing does not commit
    try:
        _file(petition, code, attachments, sniffed, saved)
    except storage_errors() as exc:
        delete_quietly(private_storage(), saved)
        raise ServiceUnavailable({"attachments": [STORAGE_DOWN]}) from exc
    except BaseException:
        delete_quietly(private_storage(), saved)
        raise
    return petition, code


def _file(petition, code, attachments, sniffed, saved):
    with transaction.atomic():
        petition.number = codes.next_number(RADICADO_SERIES, petition.year)
        petition.radicado = format_radicado(petition.year, petition.number)
        petition.tracking_digest = codes.tracking_digest(code)
        petition.save()
        for upload, content_type in zip(attachments, sniffed):
            # Stored under a neutral name: the citizen's file name may carry personal data.
            attachment = PetitionAttachment(
                petition=petition, original_name=upload.name[:200], content_type=content_type,
                size=upload.size,
            )
            attachment.file.save(f"{petition.radicado}{EXTENSIONS[content_type]}", upload,
                                 save=False)
            saved.append(attachment.file.name)
            attachment.save()
        _event(petition, Petition.Status.FILED, note=(
            f"Solicitud radicada. Término legal: {petition.term_days} días hábiles; "
            f"fecha de vencimiento: {petition.due_date:%d/%m/%Y}."
        ))
        _notify(petition, "Su solicitud fue radicada", (
            f"La Secretaría de Seguridad, Convivencia y Justicia recibió su "
            f"{petition.get_petition_type_display().lower()}.\n\n"
            f"Número de radicado: {petition.radicado}\n"
            f"Código de consulta: {SECRET_MARK}\n"
            f"Fecha de vencimiento del término legal: {petition.due_date:%d/%m/%Y}\n\n"
            "Con el radicado y el código puede consultar el estado en el portal, sección "
            f"Atención al ciudadano > Consulta de PQRSD ({_tracking_url()}). "
            "Guarde el código: no lo volveremos a enviar."
        ), secret=code)


def find_for_tracking(radicado: str, code: str) -> Petition | None:
    return codes.find_by_code(Petition.objects.all(), number_field="radicado", number=radicado,
                              code=code)


def _require_open(petition):
    if not petition.is_open:
        raise PetitionError(f"La PQRSD {petition.radicado} está "
                            f"{petition.get_status_display().lower()}: no admite más trámite.")


@transaction.atomic
def assign(petition: Petition, *, unit, by) -> Petition:
    _require_open(petition)
    if unit is None:
        raise PetitionError({"unit": "Elija la dependencia responsable."})
    petition.unit = unit
    if petition.status == Petition.Status.FILED:
        petition.status = Petition.Status.ASSIGNED
    petition.save(update_fields=["unit", "status"])
    _event(petition, Petition.Status.ASSIGNED, by, f"Asignada a {unit.name}.")
    _log(by, petition, "asignar", dependencia=unit.code)
    return petition


@transaction.atomic
def start(petition: Petition, *, by) -> Petition:
    _require_open(petition)
    if petition.unit_id is None:
        raise PetitionError("Asigne la PQRSD a una dependencia antes de iniciar el trámite.")
    if petition.status in (Petition.Status.IN_PROGRESS, Petition.Status.EXTENDED):
        raise PetitionError("La PQRSD ya está en trámite.")
    petition.status = Petition.Status.IN_PROGRESS
    petition.save(update_fields=["status"])
    _event(petition, Petition.Status.IN_PROGRESS, by, "La dependencia está preparando la respuesta.")
    _log(by, petition, "iniciar trámite")
    return petition


def max_extension(petition: Petition) -> datetime.date:
    """Ley 1755 de 2015 art. 14 par.: the new term cannot exceed twice the original one."""
    return add_business_days(petition.filed_on, 2 * petition.term_days)


@transaction.atomic
def extend(petition: Petition, *, until: datetime.date, reason: str, by, today=None) -> Petition:
    _require_open(petition)
    today = today or _local_now().date()
    reason = (reason or "").strip()
    errors = {}
    if petition.extended_until:
        errors["until"] = "La PQRSD ya fue prorrogada una vez; la ley no permite otra prórroga."
    elif today > petition.due_date:
        errors["until"] = ("La prórroga debe informarse antes de que venza el término "
                           f"({petition.due_date:%d/%m/%Y}); ese plazo ya pasó.")
    elif until is None or until <= petition.due_date:
        errors["until"] = "La nueva fecha debe ser posterior al vencimiento actual."
    elif until > max_extension(petition):
        errors["until"] = ("La nueva fecha no puede superar el doble del término inicial: "
                           f"a más tardar el {max_extension(petition):%d/%m/%Y}.")
    elif not is_business_day(until):
        errors["until"] = "La nueva fecha debe ser un día hábil."
    if len(reason) < 10:
        errors["reason"] = "Explique al ciudadano el motivo de la prórroga."
    if errors:
        raise PetitionError(errors)
    petition.extended_until = until
    petition.status = Petition.Status.EXTENDED
    petition.save(update_fields=["extended_until", "status"])
    note = f"Prórroga hasta el {until:%d/%m/%Y}. Motivo: {reason}"
    _event(petition, Petition.Status.EXTENDED, by, note)
    _log(by, petition, "prorrogar", hasta=until.isoformat())
    _notify(petition, "Prórroga del término de respuesta", (
        f"El término para responder su solicitud {petition.radicado} se amplió "
        f"hasta el {until:%d/%m/%Y} (Ley 1755 de 2015, art. 14, parágrafo).\n\nMotivo: {reason}"
    ))
    return petition


@transaction.atomic
def transfer(petition: Petition, *, entity: str, reason: str, by, today=None) -> Petition:
    _require_open(petition)
    entity, reason = (entity or "").strip(), (reason or "").strip()
    errors = {}
    if len(entity) < 3:
        errors["entity"] = "Escriba la entidad competente a la que se traslada."
    if len(reason) < 10:
        errors["reason"] = "Explique por qué la Secretaría no es competente."
    if errors:
        raise PetitionError(errors)
    petition.transferred_to = entity
    petition.transferred_on = today or _local_now().date()
    petition.status = Petition.Status.TRANSFERRED
    petition.save(update_fields=["transferred_to", "transferred_on", "status"])
    note = f"Trasladada por competencia a {entity} (Ley 1755 de 2015, art. 21). {reason}"
    _event(petition, Petition.Status.TRANSFERRED, by, note)
    _log(by, petition, "trasladar", entidad=entity)
    _notify(petition, "Su solicitud fue trasladada", (
        f"Su solicitud {petition.radicado} fue remitida a {entity}, la autoridad competente "
        f"(Ley 1755 de 2015, art. 21).\n\n{reason}"
    ))
    return petition


@transaction.atomic
def answer(petition: Petition, *, text: str, by, document=None, refusal: str = "",
           today=None) -> Petition:
    _require_open(petition)
    text = (text or "").strip()
    errors = {}
    if len(text) < 20:
        errors["text"] = "Escriba la respuesta completa (al menos 20 caracteres)."
    if refusal:
        if petition.petition_type not in (PetitionType.DOCUMENTOS, PetitionType.PETICION,
                                          PetitionType.CONSULTA):
            errors["refusal"] = "Solo una solicitud de información puede negarse."
        elif refusal not in Petition.Refusal.values:
            errors["refusal"] = "Elija el fundamento de la negación."
    document_type = None
    if document is not None:
        try:
            document_type = validate_attachment(document, max_mb=settings.PQRSD_MAX_ATTACHMENT_MB)
        except ValidationError as exc:
            errors["document"] = exc.messages
    if errors:
        raise PetitionError(errors)
    petition.answer = text
    petition.refusal = refusal
    petition.answered_on = today or _local_now().date()
    petition.answer_business_days = business_days_between(petition.filed_on, petition.answered_on)
    petition.status = Petition.Status.ANSWERED
    if document is not None:
        petition.answer_document.save(
            f"{petition.radicado}-respuesta{EXTENSIONS[document_type]}", document, save=False)
    petition.save()
    _event(petition, Petition.Status.ANSWERED, by, "La Secretaría respondió la solicitud.")
    _log(by, petition, "responder", negacion=refusal)
    _notify(petition, "Respuesta a su solicitud", (
        f"Respuesta a su solicitud {petition.radicado}:\n\n{text}"
    ))
    return petition


@transaction.atomic
def close(petition: Petition, *, by) -> Petition:
    if petition.status not in (Petition.Status.ANSWERED, Petition.Status.TRANSFERRED):
        raise PetitionError("Solo se cierra una PQRSD respondida o trasladada.")
    petition.status = Petition.Status.CLOSED
    petition.closed_at = timezone.now()
    petition.save(update_fields=["status", "closed_at"])
    _event(petition, Petition.Status.CLOSED, by, "Trámite cerrado.")
    _log(by, petition, "cerrar")
    return petition


def due_soon_limit(today=None) -> datetime.date:
    """Last due date that counts as "due within 3 business days" (due dates are business days)."""
    return add_business_days(today or _local_now().date(), 3)


def by_urgency(queryset, urgency: str, today=None):
    """Open petitions of ``queryset`` that are 'vencida', 'por_vencer' or (any) 'abiertas':
    the staff queue's filter and the dashboard's counts."""
    from django.db.models.functions import Coalesce

    open_ = queryset.exclude(status__in=Petition.CLOSED_STATUSES).annotate(
        effective_due=Coalesce("extended_until", "due_date"))
    today = today or _local_now().date()
    if urgency == "vencida":
        return open_.filter(effective_due__lt=today)
    if urgency == "por_vencer":
        return open_.filter(effective_due__gte=today, effective_due__lte=due_soon_limit(today))
    return open_


def urgency(petition: Petition, today=None, soon=None) -> str:
    """'vencida', 'por_vencer' (≤ 3 business days) or '' for the staff queue."""
    if not petition.is_open:
        return ""
    today = today or _local_now().date()
    due = petition.effective_due_date
    if due < today:
        return "vencida"
    if due <= (soon or due_soon_limit(today)):
        return "por_vencer"
    return ""


@dataclass
class Situation:
    """Where a petition stands, for the page of the unit that answers it."""

    due: datetime.date
    business_days_left: int          # 0 on the due date itself
    business_days_late: int
    urgency: str                     # 'vencida', 'por_vencer' or ''
    term_days: int
    legal_basis: str
    next_steps: list[str]            # names of admin steps that apply now
    advice: str                      # the next legal step, in a sentence


def situation(petition: Petition, today=None) -> Situation:
    today = today or _local_now().date()
    due = petition.effective_due_date
    left = business_days_between(today, due) if due >= today else 0
    late = business_days_between(due, today) if due < today else 0
    term = ResponseTerm.objects.filter(petition_type=petition.petition_type).first()
    when = f"{due:%Y-%m-%d}"
    status = petition.status
    if status == Petition.Status.FILED:
        steps, advice = ["asignar", "trasladar"], (
            "Asignarla a la dependencia competente (Coordinación), o trasladarla si no es "
            f"competencia de la entidad, a más tardar el {petition.transfer_due:%Y-%m-%d}.")
    elif status == Petition.Status.ASSIGNED:
        steps, advice = ["iniciar", "trasladar"], (
            f"Iniciar el trámite y responder a más tardar el {when}.")
    elif status in (Petition.Status.IN_PROGRESS, Petition.Status.EXTENDED):
        steps, advice = ["responder"], f"Responder de fondo a más tardar el {when}."
        if not petition.extended_until and today <= petition.due_date:
            steps.append("prorrogar")
            advice += (" Si no es posible, prorrogar antes del vencimiento, informando los "
                       f"motivos al ciudadano (hasta el {max_extension(petition):%Y-%m-%d}).")
        if today <= petition.transfer_due:
            steps.append("trasladar")
    elif status in (Petition.Status.ANSWERED, Petition.Status.TRANSFERRED):
        steps, advice = ["cerrar"], "Cerrar el trámite: la respuesta o el traslado ya se comunicó."
    else:
        steps, advice = [], "Trámite cerrado: no hay pasos pendientes."
    if late and petition.is_open:
        advice = (f"Vencida hace {late} día{'s' if late != 1 else ''} hábil"
                  f"{'es' if late != 1 else ''}. " + advice)
    return Situation(due=due, business_days_left=left, business_days_late=late,
                     urgency=urgency(petition, today), term_days=petition.term_days,
                     legal_basis=term.legal_basis if term else "", next_steps=steps,
                     advice=advice)
