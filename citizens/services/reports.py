"""Monthly PQRSD report (Decreto 1081 de 2015 art. 2.1.1.6.2; Resolución MinTIC 1519 de 2020,
Anexo 2 item 4): requests received, transferred, response times, and information refused.

Only counts and averages leave this module: no radicado, subject or person.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from citizens.models import Petition, PetitionType, Unit

# The columns of the report as a file: the portal's CSV, the API's and the open dataset.
REPORT_COLUMNS = ("period", "section", "code", "label", "value")


@dataclass
class MonthlyReport:
    """The report of one period: a month, or a quarter (``quarter`` set, ``month`` its first)."""

    year: int
    month: int
    quarter: int | None = None
    received: int = 0
    by_type: dict = field(default_factory=dict)
    by_channel: dict = field(default_factory=dict)
    by_unit: dict = field(default_factory=dict)
    answered: int = 0
    answered_on_time: int = 0
    pending: int = 0
    overdue_pending: int = 0
    average_business_days: float | None = None
    transferred: int = 0
    refused: int = 0
    refused_by_reason: dict = field(default_factory=dict)

    @property
    def on_time_percent(self) -> float | None:
        if not self.answered:
            return None
        return round(100 * self.answered_on_time / self.answered, 1)

    @property
    def period(self) -> str:
        if self.quarter:
            return f"{self.year:04d}-T{self.quarter}"
        return f"{self.year:04d}-{self.month:02d}"

    def labelled_rows(self):
        """The rows as the portal shows them: each section by its Spanish name."""
        for section, code, label, value in self.rows():
            yield SECTION_LABELS.get(section, section), code, label, value

    def rows(self):
        """Flat (section, code, label, value) rows: the CSV and the API share them."""
        yield ("total", "recibidas", "Solicitudes recibidas", self.received)
        for code, label in PetitionType.choices:
            yield ("tipo", code, label, self.by_type.get(code, 0))
        for code, label in Petition.Channel.choices:
            yield ("canal", code, label, self.by_channel.get(code, 0))
        for code, (label, count) in sorted(self.by_unit.items()):
            yield ("dependencia", code, label, count)
        yield ("total", "respondidas", "Respondidas", self.answered)
        yield ("total", "respondidas_a_tiempo", "Respondidas a tiempo", self.answered_on_time)
        yield ("total", "porcentaje_a_tiempo", "Porcentaje respondidas a tiempo",
               self.on_time_percent)
        yield ("total", "promedio_dias_habiles", "Promedio de días hábiles para responder",
               self.average_business_days)
        yield ("total", "en_tramite", "En trámite", self.pending)
        yield ("total", "vencidas_en_tramite", "En trámite con el término vencido",
               self.overdue_pending)
        yield ("total", "trasladadas", "Trasladadas a otra entidad", self.transferred)
        yield ("total", "negadas", "Solicitudes de información negadas", self.refused)
        for code, label in Petition.Refusal.choices:
            yield ("negacion", code, label, self.refused_by_reason.get(code, 0))


# Section codes stay in the CSV and the API (machine-readable); people read these names.
SECTION_LABELS = {
    "total": "Totales",
    "tipo": "Por tipo de solicitud",
    "canal": "Por canal de recepción",
    "dependencia": "Por dependencia",
    "negacion": "Información negada, por fundamento",
}


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, month, 1)
    end = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def monthly_report(year: int, month: int, today: datetime.date | None = None) -> MonthlyReport:
    """Petitions filed in the month, and what became of them so far."""
    start, end = month_bounds(year, month)
    return _report(MonthlyReport(year=year, month=month), start, end, today)


def quarterly_report(year: int, quarter: int, today: datetime.date | None = None) -> MonthlyReport:
    """The quarter the portal publishes (Res. MinTIC 1519 de 2020, Anexo 2, 4.10)."""
    first = 3 * (quarter - 1) + 1
    start, _ = month_bounds(year, first)
    _, end = month_bounds(year, first + 2)
    return _report(MonthlyReport(year=year, month=first, quarter=quarter), start, end, today)


def _report(report: MonthlyReport, start, end, today) -> MonthlyReport:
    today = today or datetime.date.today()
    rows = list(
        Petition.objects.filter(filed_on__gte=start, filed_on__lt=end).values_list(
            "petition_type", "channel", "unit__code", "status", "due_date", "extended_until",
            "answered_on", "answer_business_days", "refusal", "transferred_on",
        )
    )
    report.received = len(rows)
    report.by_type = dict(Counter(r[0] for r in rows))
    report.by_channel = dict(Counter(r[1] for r in rows))
    unit_names = dict(Unit.objects.values_list("code", "name"))
    unit_counts = Counter(r[2] or "sin-asignar" for r in rows)
    report.by_unit = {
        code: (unit_names.get(code, "Sin asignar"), count) for code, count in unit_counts.items()
    }
    days = []
    for (_type, _channel, _unit, status, due, extended, answered_on, business_days,
         refusal, transferred_on) in rows:
        if transferred_on is not None:
            report.transferred += 1
        elif answered_on is not None:
            report.answered += 1
            report.answered_on_time += answered_on <= (extended or due)
            if business_days is not None:
                days.append(business_days)
            if refusal:
                report.refused += 1
                report.refused_by_reason[refusal] = report.refused_by_reason.get(refusal, 0) + 1
        else:
            report.pending += 1
            report.overdue_pending += (extended or due) < today
    if days:
        report.average_business_days = round(sum(days) / len(days), 1)
    return report


def months_with_data() -> list[tuple[int, int]]:
    dates = Petition.objects.dates("filed_on", "month", order="DESC")
    return [(d.year, d.month) for d in dates]


def default_month(today: datetime.date | None = None) -> tuple[int, int]:
    """The month a report shows when none is asked for, on the portal and in the API alike:
    the latest with petitions, else the current one."""
    latest = Petition.objects.dates("filed_on", "month", order="DESC").first()
    if latest:
        return latest.year, latest.month
    today = today or datetime.date.today()
    return today.year, today.month
