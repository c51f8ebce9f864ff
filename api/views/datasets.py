"""Whole datasets as files, streamed row by row, and each dataset's data dictionary."""

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.datasets import files, registry, rows
from api.datasets.tableschema import table_schema
from api.http import PublicEndpointMixin
from convive.csvfiles import csv_chunks

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "excel.csv": "text/csv; charset=utf-8",
               "json": "application/json", "geojson": "application/geo+json"}
FILE_NAMES = {"csv": "{}.csv", "excel.csv": "{}-excel.csv", "json": "{}.json", "geojson": "{}.geojson"}


class AddressNamesFormat(BaseContentNegotiation):
    """The address says the format (…/territories.csv); Accept does not change it."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def dataset_or_404(identifier: str) -> registry.Dataset:
    dataset = registry.get(identifier)
    if dataset is None:
        raise NotFound(f"No hay un conjunto de datos «{identifier}». Vea el catálogo en /api/catalog/.")
    return dataset


def file_chunks(dataset, variant, today):
    if variant == "geojson":
        return files.geojson_chunks(rows.territory_features(today))
    if variant == "json":
        return files.json_chunks(dataset.names, dataset.rows(today))
    return csv_chunks(dataset.names, dataset.rows(today), excel=variant == "excel.csv")


class DatasetFileView(PublicEndpointMixin, APIView):
    """A whole dataset, every row, as CSV, CSV for Excel, JSON or GeoJSON (territories)."""

    content_negotiation_class = AddressNamesFormat
    renderer_classes = [JSONRenderer]  # for errors; the file itself is written by the view

    @extend_schema(summary="Descarga completa de un conjunto de datos",
                   description="Cada fila, sin páginas. Las columnas y sus tipos están en el "
                               "diccionario de datos: /api/datasets/{identifier}.schema.json.",
                   responses={(200, "text/csv"): OpenApiTypes.STR,
                              (200, "application/json"): OpenApiTypes.ANY,
                              (200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request, identifier, variant):
        dataset = dataset_or_404(identifier)
        if variant == "geojson" and not dataset.geojson:
            raise NotFound("Este conjunto de datos no tiene geometría: descárguelo en CSV o JSON.")
        moment = self.data_changed_at
        response = StreamingHttpResponse(file_chunks(dataset, variant, timezone.localdate()),
                                         content_type=MEDIA_TYPES[variant])
        response["Content-Disposition"] = (
            f'attachment; filename="convive-{FILE_NAMES[variant].format(identifier)}"')
        # The same moment the Last-Modified header says: nothing is read twice to answer a 304.
        response["ETag"] = f'W/"{identifier}-{variant}-{int(moment.timestamp() * 1000)}"'
        schema = request.build_absolute_uri(reverse("api:dataset-schema", args=[identifier]))
        response["Link"] = f'<{schema}>; rel="describedby"; type="application/json"'
        return response


class TableSchemaView(PublicEndpointMixin, APIView):
    """A dataset's data dictionary: each column's name, Spanish title, type and unit."""

    renderer_classes = [JSONRenderer]

    @extend_schema(summary="Diccionario de datos (Frictionless Table Schema)",
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request, identifier):
        return Response(table_schema(dataset_or_404(identifier)))
