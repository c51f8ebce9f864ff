"""Each dataset's rows, read in chunks so a full download never holds the whole table.

A row is a tuple in the order of the dataset's fields (api.datasets.registry). Only public
facts: the same columns the open API shows, never people.
"""

import json

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from api.datasets.files import chunked
from citizens.models import Petition
from citizens.services.reports import monthly_report, months_with_data
from content.models import DocumentPage, ProcedurePage, ProcessCardPage
from convive.baseurl import public_url
from records.models import Activity, Case, Certificate, IndicatorValue, Territory
from records.services.public_status import ITEM_COLUMNS, lapsing_feature, live_texts, todays_items

CHUNK = 1000  # rows per database fetch


def territories(today):
    stored = Territory.objects.order_by("code").values_list(*ITEM_COLUMNS).iterator(chunk_size=CHUNK)
    for chunk in chunked(stored, CHUNK):
        for text in todays_items(chunk, today):
            item = json.loads(text)
            route = item["route"]
            yield (item["code"], item["name"], item["locality"], item["locality_code"],
                   item["population"], route["status"], route["label"], route["current_step"],
                   route["total_steps"], route["certificate_number"])


def territory_features(today):
    """Today's stored GeoJSON Feature of every territory, as text, in code order."""
    stored = (Territory.objects.order_by("code").values_list("pk", lapsing_feature(today))
              .iterator(chunk_size=CHUNK))
    for chunk in chunked(stored, CHUNK):
        missing = [pk for pk, feature in chunk if feature is None]
        computed = live_texts(missing, today) if missing else {}
        for pk, feature in chunk:
            yield feature if feature is not None else computed[pk][0]


def certifications(today):
    stored = (Certificate.objects.order_by("-issued_on", "number")
              .values_list("number", "territory__code", "territory__name", "issued_on",
                           "valid_until", "revoked_on", "revocation_reason")
              .iterator(chunk_size=CHUNK))
    for number, code, name, issued_on, valid_until, revoked_on, reason in stored:
        yield (number, code, name, issued_on, valid_until, revoked_on is not None, revoked_on, reason)


def indicators(today):
    yield from (IndicatorValue.objects.order_by("period", "id")
                .values_list("id", "territory__code", "indicator__code", "indicator__name",
                             "indicator__unit", "period", "value")
                .iterator(chunk_size=CHUNK))


def processes(today):
    procedures = list(ProcedurePage.objects.live().public().order_by("path")
                      .values_list("path", "depth", "code", "slug"))
    for card in ProcessCardPage.objects.live().public().order_by("code").iterator(chunk_size=CHUNK):
        codes = [code or slug for path, depth, code, slug in procedures
                 if path.startswith(card.path) and depth == card.depth + 1]
        yield (card.code, card.title, card.version, card.process_type, card.responsible_unit,
               card.objective, card.full_url, "; ".join(codes))


def documents(today):
    pages = (DocumentPage.objects.live().public()
             .select_related("document", "territory__territory").order_by("-date", "title"))
    for page in pages.iterator(chunk_size=CHUNK):
        territory = page.territory.territory.code if page.territory_id else None
        download = public_url(page.document.url) if page.document_id else None
        yield (page.slug, page.title, page.kind, page.date, page.summary, territory,
               "; ".join(page.legal_grounds), page.full_url, download)


def activity_statistics(today):
    grouped = (Activity.objects.annotate(month_start=TruncMonth("date"))
               .values("month_start", "kind", "territory__locality__name")
               .annotate(activities=Count("id", distinct=True), attendees=Count("attendees"))
               .order_by("month_start", "kind", "territory__locality__name"))
    for row in grouped.iterator(chunk_size=CHUNK):
        yield (row["month_start"].strftime("%Y-%m"), row["kind"], row["territory__locality__name"],
               row["activities"], row["attendees"])


def pqrsd_statistics(today):
    for year, month in sorted(months_with_data()):
        report = monthly_report(year, month, today=today)
        for section, code, label, value in report.rows():
            yield (report.period, section, code, label, value)


# The period each dataset's data covers: (first day, last day), from the data itself.

def _span(queryset, field):
    span = queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return None
    return tuple(timezone.localdate(moment) if hasattr(moment, "hour") else moment
                 for moment in (span["first"], span["last"]))


def territories_period():
    return _span(Case.objects.all(), "opened_at")


def certifications_period():
    return _span(Certificate.objects.all(), "issued_on")


def indicators_period():
    return _span(IndicatorValue.objects.all(), "period")


def processes_period():
    return _span(ProcedurePage.objects.live().public(), "effective_date")


def documents_period():
    return _span(DocumentPage.objects.live().public(), "date")


def activities_period():
    return _span(Activity.objects.all(), "date")


def petitions_period():
    return _span(Petition.objects.all(), "filed_on")
