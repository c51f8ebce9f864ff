"""Open, read-only transparency data. No login, no personal data."""

import datetime
import json

from django.db import connections
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from psycopg.adapt import Loader
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, serializers
from api.http import PublicEndpointMixin
from api.pagination import IndicatorCursorPagination, StandardPagination
from api.renderers import CSVRenderer, GeoJSONRenderer
from content.models import DocumentPage, ProcedurePage, ProcessCardPage
from records.models import Activity, Certificate, IndicatorValue, Territory, TerritoryPublicStatus
from records.services import row_counts
from records.services.public_status import ITEM_COLUMNS, lapsing_feature, live_texts, todays_items

YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}


class TerritoryViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Territories with their certification status and progress on the 9-step route."""

    dataset = "territories"  # api.datasets.registry

    queryset = Territory.objects.select_related("locality").order_by("code")
    serializer_class = serializers.TerritorySerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = [filters.FilterBackend, OrderingFilter]
    filterset_class = filters.TerritoryFilter
    ordering_fields = ["code", "name", "population"]
    pagination_class = StandardPagination

    def list(self, request, *args, **kwargs):
        # The busiest open-data list: each territory's item is stored as JSON text
        # (records.TerritoryPublicStatus), in two versions when its certificate can
        # lapse, so a page is a join of texts: no model instances, no serializer, no
        # status computed per request.
        territories = self.filter_queryset(self.get_queryset()).select_related(None)
        rows = self.paginate_queryset(ItemRows(territories, self.paginator.requested_window(request)))
        items = todays_items(rows, timezone.localdate())
        if request.accepted_renderer.format == "json":
            response = HttpResponse(self.paginator.json_page(items), content_type="application/json")
            response["Link"] = self.paginator.link_header()
            return response
        return self.get_paginated_response([json.loads(item) for item in items])


class ItemRows:
    """The territories list's page source: stored items, counted cheaply.

    Filtered, the ORM counts the filtered territories alone (joining the stored
    items only to count them was most of a page's cost) and reads the page.
    Unfiltered, the most common request, the page is one statement compiled once
    per ordering and process (no parameter varies by request) that also carries
    the count the database keeps (records.RowCount), so the paginator's count and
    the page it then asks for come back in one round trip.
    """

    ordered = True

    def __init__(self, territories, window):
        self.territories = territories
        self.window = window  # (offset, limit) of the page the request names, if any
        self.fetched = None

    def count(self):
        if self.territories.query.where:
            return self.territories.count()
        if self.window:
            self.fetched = self._fetch(*self.window)
            if self.fetched:
                return self.fetched[0][0]
        return row_counts.row_count(Territory, self.territories.db)

    def __getitem__(self, index):
        if self.territories.query.where or not isinstance(index, slice):
            return self.territories.values_list(*ITEM_COLUMNS)[index]
        window = (index.start, index.stop - index.start)
        if self.fetched is None or window != self.window:
            self.fetched = self._fetch(*window)
        return [row[1:] for row in self.fetched]

    def _fetch(self, offset, limit):
        connection = connections[self.territories.db]
        key = (self.territories.db, tuple(str(term) for term in self.territories.query.order_by))
        if key not in _PAGE_SQL:
            sql, params = self.territories.values_list(*ITEM_COLUMNS).query.sql_with_params()
            assert sql.startswith("SELECT ")
            counted = row_counts.count_sql(Territory, connection)
            _PAGE_SQL[key] = (f"SELECT {counted}, {sql[len('SELECT '):]} LIMIT %s OFFSET %s", params)
        sql, params = _PAGE_SQL[key]
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, limit, offset))
            rows = cursor.fetchall()
        # SQLite hands dates back as text; the ORM's converters are skipped here.
        return [(total, pk, item, lapsed, datetime.date.fromisoformat(until) if isinstance(until, str) else until)
                for total, pk, item, lapsed, until in rows]


_PAGE_SQL = {}


class TerritoryGeoJSONView(PublicEndpointMixin, generics.GenericAPIView):
    """All territories (same filters as the list) as a GeoJSON FeatureCollection."""

    queryset = Territory.objects.order_by("code")
    filter_backends = [filters.FilterBackend]
    filterset_class = filters.TerritoryFilter
    serializer_class = serializers.TerritorySerializer
    renderer_classes = [GeoJSONRenderer, JSONRenderer, CSVRenderer]

    @extend_schema(summary="Territorios en GeoJSON", responses={200: dict})
    def get(self, request, *args, **kwargs):
        # Each territory's Feature is stored as text (records.TerritoryPublicStatus), in
        # two versions when its certificate can lapse; the database picks today's and
        # joins them, so 10,000 territories are one row instead of 10,000 rows and
        # 10,000 serialisations.
        territories = self.filter_queryset(self.get_queryset())
        today = timezone.localdate()
        renderer = request.accepted_renderer
        if renderer.format in ("geojson", "json"):
            features, missing = joined_features(territories, today)
            if not missing:
                body = b'{"type":"FeatureCollection","features":[' + features + b"]}"
                return HttpResponse(body, content_type=renderer.media_type)
        features = [json.loads(feature) for feature in feature_list(territories, today)]
        if renderer.format in ("geojson", "json"):
            return HttpResponse(json.dumps({"type": "FeatureCollection", "features": features},
                                           ensure_ascii=False, separators=(",", ":")).encode(),
                                content_type=renderer.media_type)
        return Response({"type": "FeatureCollection", "features": features})


def joined_features(territories, today) -> tuple[bytes, int]:
    """Today's stored features joined with commas in registration order, and how many are missing.

    Features go in the order territories were registered (primary key), not by
    code: map clients ignore the order, and walking the stored rows by their
    primary key is cheaper than sorting 10,000 codes. The order is stable, so
    the ETag is too.
    """
    connection = connections[territories.db]
    if not territories.query.where:
        # Every territory: read the stored rows alone (no join) and compare their
        # number with the territories' to notice any that are missing.
        rows = TerritoryPublicStatus.objects.using(territories.db).order_by()
        total = row_counts.count_sql(Territory, connection)
        inner = rows.values(sort_key=F("territory_id"), text=lapsing_feature(today, prefix=""))
    else:
        total = "COUNT(*)"
        inner = territories.order_by().values(sort_key=F("pk"), text=lapsing_feature(today))
    sql, params = inner.query.sql_with_params()
    if connection.vendor == "postgresql":
        # Text, not bytea: psycopg receives bytea hex-escaped, which took twice as long
        # as decoding the text. And the text is kept as the bytes that arrived
        # (UTF8Bytes), not decoded into Python to be encoded again.
        sql = f"SELECT STRING_AGG(f.text, ',' ORDER BY f.sort_key), {total} - COUNT(f.text) FROM ({sql}) AS f"
    else:
        # Asked for as UTF-8 bytes: decoding 2.7 MB into Python and encoding it back
        # cost more than the query. SQLite before 3.44 has no ORDER BY inside an
        # aggregate; an ordered subquery is not flattened into an aggregate query, so
        # GROUP_CONCAT receives its rows in order (a test compares with row by row).
        sql = (f"SELECT CAST(GROUP_CONCAT(f.text, ',') AS BLOB), {total} - COUNT(f.text) "
               f"FROM ({sql} ORDER BY sort_key) AS f")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.cursor.adapters.register_loader("text", UTF8Bytes)  # this cursor only
        cursor.execute(sql, params)
        features, missing = cursor.fetchone()
    return bytes(features or b""), missing


class UTF8Bytes(Loader):
    """psycopg: a text value as the UTF-8 bytes the server sent (the connection is UTF-8)."""

    def load(self, data) -> bytes:
        return bytes(data)


def feature_list(territories, today) -> list[str]:
    """Row by row, computing any feature that is not stored yet."""
    rows = list(territories.order_by("pk").values_list("pk", lapsing_feature(today)))
    missing = [pk for pk, feature in rows if feature is None]
    computed = live_texts(missing, today) if missing else {}
    return [feature if feature is not None else computed[pk][0] for pk, feature in rows]


class CertificateViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Certificates of safe territory: number, territory, dates, validity, revocation."""

    dataset = "certifications"  # api.datasets.registry

    queryset = Certificate.objects.select_related("territory").order_by("-issued_on", "number")
    serializer_class = serializers.CertificateSerializer
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    filter_backends = [filters.FilterBackend, OrderingFilter]
    filterset_class = filters.CertificateFilter
    ordering_fields = ["issued_on", "valid_until", "number"]
    pagination_class = StandardPagination

    @extend_schema(parameters=[OpenApiParameter("year", YEAR, description="Año de expedición (1900 a 2100)")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class IndicatorValueViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Neighbourhood security and coexistence index values per territory and period."""

    dataset = "indicators"  # api.datasets.registry

    queryset = IndicatorValue.objects.select_related("territory", "indicator")
    serializer_class = serializers.IndicatorValueSerializer
    lookup_value_regex = "[^/]+"  # a malformed id is a JSON 404, not the HTML page
    filter_backends = [filters.FilterBackend]
    filterset_class = filters.IndicatorValueFilter
    pagination_class = IndicatorCursorPagination


class ProcessViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Process catalogue and procedures as published on the portal (never drafts)."""

    dataset = "processes"  # api.datasets.registry

    serializer_class = serializers.ProcessSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    pagination_class = StandardPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database needed
            return ProcessCardPage.objects.none()
        return ProcessCardPage.objects.live().public().order_by("code")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._attach_procedures(page if page is not None else list(queryset))
        return page

    def get_object(self):
        card = super().get_object()
        self._attach_procedures([card])
        return card

    @staticmethod
    def _attach_procedures(cards):
        procedures = list(ProcedurePage.objects.live().public().order_by("path"))
        for card in cards:
            card.published_procedures = [
                p for p in procedures if p.path.startswith(card.path) and p.depth == card.depth + 1
            ]


class DocumentViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Public (redacted) versions of documents, with the legal grounds of withheld parts."""

    dataset = "documents"  # api.datasets.registry

    serializer_class = serializers.PublicDocumentSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = StandardPagination

    @extend_schema(parameters=[
        OpenApiParameter("kind", str, description="Tipo de documento"),
        OpenApiParameter("territory", str, description="Código del territorio"),
        OpenApiParameter("year", YEAR, description="Año del documento (1900 a 2100)"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database needed
            return DocumentPage.objects.none()
        documents = (DocumentPage.objects.live().public()
                     .select_related("document", "territory__territory").order_by("-date", "title"))
        params = self.request.query_params
        if params.get("kind"):
            documents = documents.filter(kind=params["kind"])
        if params.get("territory"):
            documents = documents.filter(territory__territory__code=params["territory"])
        if params.get("year"):
            year = params["year"]
            if not (year.isdigit() and 1900 <= int(year) <= 2100):
                raise ValidationError({"year": "Indique un año entre 1900 y 2100."})
            documents = documents.filter(date__year=int(year))
        return documents


class ActivityStatisticsView(PublicEndpointMixin, APIView):
    """Number of activities and attendees by month, type and locality (aggregates only)."""

    dataset = "activity-statistics"  # api.datasets.registry

    @extend_schema(responses=serializers.ActivityStatisticSerializer(many=True))
    def get(self, request, *args, **kwargs):
        rows = (
            Activity.objects.annotate(month_start=TruncMonth("date"))
            .values("month_start", "kind", "territory__locality__name")
            .annotate(activities=Count("id", distinct=True), attendees=Count("attendees"))
            .order_by("month_start", "kind", "territory__locality__name")
        )
        data = [
            {"month": row["month_start"].strftime("%Y-%m"), "kind": row["kind"],
             "locality": row["territory__locality__name"], "activities": row["activities"],
             "attendees": row["attendees"]}
            for row in rows
        ]
        return Response(serializers.ActivityStatisticSerializer(data, many=True).data)
