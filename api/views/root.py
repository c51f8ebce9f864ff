"""API root: a map of what the API offers, for people and harvesters alike."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView
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


STARTED = timezone.now()


class PublicSchemaView(PublicEndpointMixin, SpectacularAPIView):
    """The OpenAPI schema with the open data's caching headers and CORS (a client
    generator in a browser reads it from another origin). It comes from the code, not the
    data: its Last-Modified is when this process started, and it is not kept by the
    answer cache, which is invalidated by data changes."""

    def initial(self, request, *args, **kwargs):
        self.data_changed_at = STARTED
        super(PublicEndpointMixin, self).initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.__dict__.pop("public_data_changed_at", None)
        return response
