"""Read-only views of records that other layers (portal, API) may use.

Only public facts leave this module: route progress and certificates, never
people, diagnoses or commitments.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.utils import timezone

from records.models import Case, Certificate


@dataclass(frozen=True)
class PublicStatus:
    status: str                 # one of STATUS_LABELS
    current_step: int | None    # 1..9 while on the route
    total_steps: int | None
    certificate_number: str = ""
    certificate_date: date | None = None
    certificate_valid_until: date | None = None
    revoked_on: date | None = None
    revocation_reason: str = ""

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def has_certificate(self):
        return bool(self.certificate_number)

    def as_route(self) -> dict:
        """The public route summary, as the API shows it."""
        return {
            "status": self.status, "label": self.label, "current_step": self.current_step,
            "total_steps": self.total_steps, "certificate_number": self.certificate_number,
        }

    def as_of(self, today: date) -> "PublicStatus":
        """The status on a given day: a certificate lapses without anyone writing anything."""
        if self.status == "certificado" and self.certificate_valid_until < today:
            return replace(self, status="vencido")
        return self


STATUS_LABELS = {
    "sin_ruta": "Sin caso en la ruta de certificación",
    "en_ruta": "En la ruta de certificación",
    "certificado": "Certificado como territorio seguro",
    "vencido": "Certificación vencida",
    "revocado": "Certificación revocada",
}
NO_ROUTE = PublicStatus(status="sin_ruta", current_step=None, total_steps=None)


def public_status_for(territory_ids, today=None) -> dict[int, PublicStatus]:
    """Public route status of many territories today, in two queries."""
    today = today or timezone.localdate()
    return {pk: status.as_of(today) for pk, status in recorded_status_for(territory_ids).items()}


def recorded_status_for(territory_ids) -> dict[int, PublicStatus]:
    """The status as the records state it, before the calendar is applied.

    "certificado" here may have lapsed by now (PublicStatus.as_of decides);
    every other status changes only when a record does, which is what lets
    records.services.public_status store this and keep it fresh on write.
    """
    return {pk: status for pk, (status, _case, _certificate) in recorded_status_and_sources(territory_ids).items()}


def recorded_status_and_sources(territory_ids) -> dict[int, tuple[PublicStatus, int | None, int | None]]:
    """The recorded status with the ids of the case and certificate it was read from."""
    ids = [pk for pk in territory_ids if pk is not None]
    cases = Case.objects.filter(kind=Case.Kind.CERTIFICATION).exclude(status=Case.Status.CANCELLED)
    certificates = Certificate.objects.all()
    if len(ids) <= 500:
        # Few territories: ask for theirs. Many: a long IN list costs more than reading
        # every case and certificate, which are far fewer than territories.
        cases, certificates = cases.filter(territory_id__in=ids), certificates.filter(territory_id__in=ids)
    latest_case = {}
    for case in cases.select_related("procedure").order_by("opened_at", "pk"):
        latest_case[case.territory_id] = case  # the newest wins
    latest_certificate = {}
    for certificate in certificates.order_by("issued_on", "pk"):
        latest_certificate[certificate.territory_id] = certificate
    result = {}
    for pk in ids:
        case, certificate = latest_case.get(pk), latest_certificate.get(pk)
        total = case.procedure.last_step if case else None
        step = case.current_step if case else None
        certificate_fields = {}
        if certificate is not None:
            certificate_fields = dict(
                certificate_number=certificate.number, certificate_date=certificate.issued_on,
                certificate_valid_until=certificate.valid_until, revoked_on=certificate.revoked_on,
                revocation_reason=certificate.revocation_reason,
            )
        reopened = case is not None and case.is_open and certificate is not None and (
            case.opened_at.date() >= certificate.issued_on
        )
        if certificate is not None and not reopened:
            status = PublicStatus(status="revocado" if certificate.is_revoked else "certificado",
                                  current_step=total, total_steps=total, **certificate_fields)
        elif case is not None:
            status = PublicStatus(status="en_ruta", current_step=step, total_steps=total,
                                  **certificate_fields)
        else:
            status = NO_ROUTE
        result[pk] = (status, case and case.pk, certificate and certificate.pk)
    return result


@dataclass(frozen=True)
class AssistanceMonth:
    month: str          # YYYY-MM
    requested: int      # requests received that month
    delivered: int      # assistance delivered (visit date) that month
    reports_late: int   # delivered that month whose report came after 3 business days
    entities: int       # distinct territorial entities served that month


def assistance_monthly_figures(queryset=None, today=None) -> list[AssistanceMonth]:
    """Plan-of-action figures per month (seed 004, actividades 13 y 14), in one query."""
    from records.models import TechnicalAssistance

    rows = list((queryset if queryset is not None else TechnicalAssistance.objects.all())
                .select_related("case__procedure")
                .only("received_on", "visit_date", "report_submitted_on", "entity",
                      "case__procedure__steps"))
    months = {}
    for row in rows:
        requested = months.setdefault(row.received_on.strftime("%Y-%m"), [0, 0, 0, set()])
        requested[0] += 1
        if row.visit_date:
            delivered = months.setdefault(row.visit_date.strftime("%Y-%m"), [0, 0, 0, set()])
            delivered[1] += 1
            delivered[2] += int(row.report_is_late(today=today))
            delivered[3].add(row.entity)
    return [AssistanceMonth(month, r, d, late, len(entities))
            for month, (r, d, late, entities) in sorted(months.items())]
