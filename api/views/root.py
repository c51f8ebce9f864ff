"""API root: a map of what the API offers, for people and harvesters alike."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.http import PublicEndpointMixin

ROOT_LINKS = {
    "territories": "api:territory-list",
    "territories_geojson": "api:territory-geojson",
    "certifications": "api:certificate-list",
    "indicators": "api:indicatorvalue-list",
    "processes": "api:process-list",
    "documents": "api:document-list",
    "activity_statistics": "api:activity-statistics",
    "pqrsd_statistics": "api:pqrsd-statistics",
    "pqrsd": "api:pqrsd",
    "pqrsd_due_date": "api:pqrsd-due-date",
    "catalog": "api:catalog",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootView(PublicEndpointMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Índice de la API",
        description="Enlaces a los recursos, al esquema OpenAPI y a la documentación.",
        responses=inline_serializer(
            "ApiRoot",
            fields={name: serializers.URLField() for name in ROOT_LINKS} | {
                "content": serializers.URLField()},
        ),
    )
    def get(self, request, format=None):
        links = {name: reverse(url_name, request=request) for name, url_name in ROOT_LINKS.items()}
        links["content"] = request.build_absolute_uri("/api/content/pages/")
        return Response(links)
