"""API root: a map of what the API offers, for people and harvesters alike."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


class ApiRootView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Índice de la API",
        description="Enlaces a los recursos, al esquema OpenAPI y a la documentación.",
        responses=inline_serializer(
            "ApiRoot",
            fields={
                "schema": serializers.URLField(),
                "docs": serializers.URLField(),
                "content": serializers.URLField(),
            },
        ),
    )
    def get(self, request, format=None):
        return Response(
            {
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
                "content": request.build_absolute_uri("/api/content/pages/"),
            }
        )
