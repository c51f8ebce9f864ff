"""Open, read-only transparency data. No login, no personal data."""

import json

from django.db.models import Count, TextField
from django.db.models.functions import Cast, TruncMonth
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
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
from records.models import Activity, Certificate, IndicatorValue, Territory
from records.selectors import public_status_for

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
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = filters.TerritoryFilter
    ordering_fields = ["code", "name", "population"]
    pagination_class = StandardPagination

    def list(self, request, *args, **kwargs):
        # The busiest open-data list: plain rows and one status lookup per page, no
        # model instances or per-field serializer work (same shape as the serializer).
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(
            "pk", "code", "name", "locality__name", "locality__code", "population"
        ))
        statuses = public_status_for([row["pk"] for row in rows])
        data = [
            {
                "code": row["code"], "name": row["name"], "locality": row["locality__name"],
                "locality_code": row["locality__code"], "population": row["population"],
                "route": serializers.route_of(statuses[row["pk"]]),
            }
            for row in rows
        ]
        return self.get_paginated_response(data)


class TerritoryGeoJSONView(PublicEndpointMixin, generics.GenericAPIView):
    """All territories (same filters as the list) as a GeoJSON FeatureCollection."""

    queryset = Territory.objects.select_related("locality").order_by("code")
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.TerritoryFilter
    serializer_class = serializers.TerritorySerializer

    @extend_schema(summary="Territorios en GeoJSON", responses={200: dict})
    def get(self, request, *args, **kwargs):
        # Plain rows, not model instances: this answer carries every territory. The
        # stored geometry text is spliced in as it is instead of being parsed and
        # re-serialised, which was most of the cost for 10,000 territories.
        rows = list(self.filter_queryset(self.get_queryset()).values_list(
            "pk", "code", "name", "locality__name", Cast("geometry", TextField())
        ))
        statuses = public_status_for([row[0] for row in rows])
        if request.accepted_renderer.format != "json":
            features = [
                {"type": "Feature", "id": code, "geometry": json.loads(geometry) if geometry else None,
                 "properties": {"code": code, "name": name, "locality": locality,
                                "status": statuses[pk].status,
                                "current_step": statuses[pk].current_step}}
                for pk, code, name, locality, geometry in rows
            ]
            return Response({"type": "FeatureCollection", "features": features})
        parts = []
        for pk, code, name, locality, geometry in rows:
            properties = json.dumps({"code": code, "name": name, "locality": locality,
                                     "status": statuses[pk].status,
                                     "current_step": statuses[pk].current_step}, ensure_ascii=False)
            parts.append(f'{{"type":"Feature","id":{json.dumps(code, ensure_ascii=False)},'
                         f'"geometry":{geometry or "null"},"properties":{properties}}}')
        body = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
        return HttpResponse(body.encode(), content_type="application/json")


class CertificateViewSet(PublicEndpointMixin, viewsets.ReadOnlyModelViewSet):
    """Certificates of safe territory: number, territory, dates, validity, revocation."""

    queryset = Certificate.objects.select_related("territory").order_by("-issued_on", "number")
    serializer_class = serializers.CertificateSerializer
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend, OrderingFilter]
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
    filter_backends = [DjangoFilterBackend]
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
