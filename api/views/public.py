"""Open, read-only transparency data. No login, no personal data."""

import datetime
import json

from django.db import connections
from django.db.models import Case, Count, F, When
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, serializers
from api.http import PublicEndpointMixin
from content.models import DocumentPage, ProcedurePage, ProcessCardPage
from records.models import Activity, Certificate, IndicatorValue, Territory, TerritoryPublicStatus
from records.selectors import PublicStatus
from records.services.public_status import computed_for_missing, feature_of

YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class IndicatorCursorPagination(CursorPagination):
    """Indicator tables grow every period: cursors stay fast and stable."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = ("period", "id")


class TerritoryViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Territories with their certification status and progress on the 9-step route."""

    queryset = Territory.objects.select_related("locality").order_by("code")
    serializer_class = serializers.TerritorySerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = [filters.FilterBackend, OrderingFilter]
    filterset_class = filters.TerritoryFilter
    ordering_fields = ["code", "name", "population"]
    pagination_class = StandardPagination

    def list(self, request, *args, **kwargs):
        # The busiest open-data list: plain rows joined to the stored public status
        # (records.TerritoryPublicStatus), no model instances, no per-field serializer
        # work, no status computed per request (same shape as the serializer).
        territories = self.filter_queryset(self.get_queryset()).select_related(None)
        rows = self.paginate_queryset(CountedRows(territories, territories.values(*LIST_FIELDS)))
        today = timezone.localdate()
        computed = computed_for_missing([row["pk"] for row in rows if row["public_status__status"] is None],
                                        today)
        data = [
            {
                "code": row["code"], "name": row["name"], "locality": row["locality__name"],
                "locality_code": row["locality__code"], "population": row["population"],
                "route": serializers.route_of(computed.get(row["pk"]) or stored_status(row, today)),
            }
            for row in rows
        ]
        return self.get_paginated_response(data)


class CountedRows:
    """A page source that counts the filtered territories, not the joined rows.

    Counting the values() query would join the locality and the stored status
    for every territory only to count them; that join was most of the page's cost.
    """

    ordered = True

    def __init__(self, counted, rows):
        self.counted, self.rows = counted, rows

    def count(self):
        if self.counted.query.where:
            return self.counted.count()
        # Unfiltered, the most common request: the ORM's count machinery cost more
        # than the count itself.
        connection = connections[self.counted.db]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(Territory._meta.db_table)}")
            return cursor.fetchone()[0]

    def __getitem__(self, index):
        if self.counted.query.where or not isinstance(index, slice):
            return self.rows[index]
        # Unfiltered: the SQL depends only on the ordering, so it is compiled once per
        # ordering and process; the rows are read on every request.
        key = (self.counted.db, tuple(str(term) for term in self.rows.query.order_by))
        if key not in _PAGE_SQL:
            sql, params = self.rows.query.sql_with_params()
            _PAGE_SQL[key] = (f"{sql} LIMIT %s OFFSET %s", params, list(self.rows.query.values_select))
        sql, params, names = _PAGE_SQL[key]
        with connections[self.counted.db].cursor() as cursor:
            cursor.execute(sql, (*params, index.stop - index.start, index.start))
            rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        for row in rows:  # SQLite hands dates back as text; the ORM's converters are skipped here
            if isinstance(row["public_status__certificate_valid_until"], str):
                row["public_status__certificate_valid_until"] = datetime.date.fromisoformat(
                    row["public_status__certificate_valid_until"])
        return rows


_PAGE_SQL = {}


LIST_FIELDS = ("pk", "code", "name", "locality__name", "locality__code", "population",
               "public_status__status", "public_status__current_step", "public_status__total_steps",
               "public_status__certificate_number", "public_status__certificate_valid_until")


def stored_status(row, today) -> PublicStatus:
    return PublicStatus(
        status=row["public_status__status"], current_step=row["public_status__current_step"],
        total_steps=row["public_status__total_steps"],
        certificate_number=row["public_status__certificate_number"],
        certificate_valid_until=row["public_status__certificate_valid_until"],
    ).as_of(today)


class TerritoryGeoJSONView(PublicEndpointMixin, generics.GenericAPIView):
    """All territories (same filters as the list) as a GeoJSON FeatureCollection."""

    queryset = Territory.objects.order_by("code")
    filter_backends = [filters.FilterBackend]
    filterset_class = filters.TerritoryFilter
    serializer_class = serializers.TerritorySerializer

    @extend_schema(summary="Territorios en GeoJSON", responses={200: dict})
    def get(self, request, *args, **kwargs):
        # Each territory's Feature is stored as text (records.TerritoryPublicStatus), in
        # two versions when its certificate can lapse; the database picks today's and
        # joins them, so 10,000 territories are one row instead of 10,000 rows and
        # 10,000 serialisations.
        territories = self.filter_queryset(self.get_queryset())
        today = timezone.localdate()
        if request.accepted_renderer.format == "json":
            features, missing = joined_features(territories, today)
            if not missing:
                body = b'{"type":"FeatureCollection","features":[' + features + b"]}"
                return HttpResponse(body, content_type="application/json")
        features = [json.loads(feature) for feature in feature_list(territories, today)]
        if request.accepted_renderer.format == "json":
            return HttpResponse(json.dumps({"type": "FeatureCollection", "features": features},
                                           ensure_ascii=False, separators=(",", ":")).encode(),
                                content_type="application/json")
        return Response({"type": "FeatureCollection", "features": features})


def lapsing_feature(today, prefix="public_status__"):
    """Today's version of a stored feature: the lapsed one once its certificate has expired."""
    return Case(
        When(**{f"{prefix}status": "certificado", f"{prefix}certificate_valid_until__lt": today},
             then=F(f"{prefix}lapsed_feature")),
        default=F(f"{prefix}feature"),
    )


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
        total = f"(SELECT COUNT(*) FROM {connection.ops.quote_name(Territory._meta.db_table)})"
        inner = rows.values(sort_key=F("territory_id"), text=lapsing_feature(today, prefix=""))
    else:
        total = "COUNT(*)"
        inner = territories.order_by().values(sort_key=F("pk"), text=lapsing_feature(today))
    sql, params = inner.query.sql_with_params()
    if connection.vendor == "postgresql":
        # Text, not bytea: psycopg receives bytea hex-escaped, which took twice as long
        # as decoding the text and encoding it again.
        sql = f"SELECT STRING_AGG(f.text, ',' ORDER BY f.sort_key), {total} - COUNT(f.text) FROM ({sql}) AS f"
    else:
        # Asked for as UTF-8 bytes: decoding 2.7 MB into Python and encoding it back
        # cost more than the query. SQLite before 3.44 has no ORDER BY inside an
        # aggregate; an ordered subquery is not flattened into an aggregate query, so
        # GROUP_CONCAT receives its rows in order (a test compares with row by row).
        sql = (f"SELECT CAST(GROUP_CONCAT(f.text, ',') AS BLOB), {total} - COUNT(f.text) "
               f"FROM ({sql} ORDER BY sort_key) AS f")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        features, missing = cursor.fetchone()
    if isinstance(features, str):
        return features.encode(), missing
    return bytes(features or b""), missing


def feature_list(territories, today) -> list[str]:
    """Row by row, computing any feature that is not stored yet."""
    rows = list(territories.order_by("pk").values_list("pk", lapsing_feature(today)))
    missing = [pk for pk, feature in rows if feature is None]
    computed = computed_features(missing, today) if missing else {}
    return [feature if feature is not None else computed[pk] for pk, feature in rows]


def computed_features(territory_ids, today) -> dict[int, str]:
    statuses = computed_for_missing(territory_ids, today)
    return {
        pk: feature_of(code, name, locality, geometry, statuses[pk])
        for pk, code, name, locality, geometry in Territory.objects.filter(pk__in=territory_ids)
        .values_list("pk", "code", "name", "locality__name", "geometry")
    }


class CertificateViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Certificates of safe territory: number, territory, dates, validity, revocation."""

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

    queryset = IndicatorValue.objects.select_related("territory", "indicator")
    serializer_class = serializers.IndicatorValueSerializer
    lookup_value_regex = "[^/]+"  # a malformed id is a JSON 404, not the HTML page
    filter_backends = [filters.FilterBackend]
    filterset_class = filters.IndicatorValueFilter
    pagination_class = IndicatorCursorPagination


class ProcessViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Process catalogue and procedures as published on the portal (never drafts)."""

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
