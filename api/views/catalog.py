"""DCAT-AP catalogue of the open datasets, as JSON-LD, for open-data portals to harvest."""

from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.datasets import dcat, registry
from api.http import PublicEndpointMixin
from api.renderers import JSONLDRenderer
from api.views.datasets import file_chunks


def file_sizes(moment) -> dict:
    """Bytes of every full download as of ``moment``, measured by writing them (not kept)."""
    key = f"convive:dataset-sizes:{moment.timestamp()}"
    sizes = cache.get(key)
    if sizes is None:
        today = timezone.localdate()
        sizes = {}
        for dataset in registry.DATASETS.values():
            variants = ["csv", "excel.csv", "json"] + (["geojson"] if dataset.geojson else [])
            sizes[dataset.identifier] = {
                variant: sum(len(chunk) for chunk in file_chunks(dataset, variant, today))
                for variant in variants}
        cache.set(key, sizes, 24 * 3600)
    return sizes


class CatalogView(PublicEndpointMixin, APIView):
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(summary="Catálogo DCAT-AP (JSON-LD)", responses={200: dict})
    def get(self, request, *args, **kwargs):
        return Response(dcat.catalog(file_sizes(self.data_changed_at)))
