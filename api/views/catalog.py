"""DCAT catalogue of the open datasets, as JSON-LD, for open-data portals to harvest."""

from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.http import PublicEndpointMixin
from api.renderers import JSONLDRenderer

PUBLISHER = "Secretaría de Seguridad, Convivencia y Justicia"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATASETS = [
    ("territories", "Territorios y su avance en la ruta de certificación",
     "Barrios y sectores con su localidad, población y estado en la ruta de certificación "
     "como territorio seguro (procedimiento MM-GSC-P-003).", "diaria", "api:territory-list"),
    ("territories-geojson", "Territorios (GeoJSON)",
     "Geometría de los territorios con su estado de certificación.", "diaria", "api:territory-geojson"),
    ("certifications", "Certificados de territorio seguro",
     "Número, territorio, fecha, vigencia y revocatoria de cada certificado.", "diaria",
     "api:certificate-list"),
    ("indicators", "Índice de seguridad y convivencia barrial",
     "Valores de los indicadores por territorio y periodo.", "trimestral", "api:indicatorvalue-list"),
    ("processes", "Catálogo de procesos y procedimientos",
     "Caracterizaciones de proceso y procedimientos publicados en el portal.", "cuando cambie",
     "api:process-list"),
    ("documents", "Documentos públicos (versiones públicas)",
     "Metadatos y enlaces de descarga de las versiones públicas, con el fundamento legal de lo retirado.",
     "diaria", "api:document-list"),
    ("activity-statistics", "Estadísticas de actividades",
     "Actividades y asistentes por mes, tipo y localidad (solo cifras agregadas).", "mensual",
     "api:activity-statistics"),
    ("pqrsd-statistics", "Informe mensual de PQRSD",
     "Solicitudes recibidas por tipo, canal y dependencia; porcentaje respondido a tiempo; días "
     "hábiles promedio de respuesta; traslados y solicitudes de información negadas, con su "
     "fundamento (Decreto 1081 de 2015, art. 2.1.1.6.2). Solo cifras agregadas.", "mensual",
     "api:pqrsd-statistics"),
]
FREQUENCY = {
    "diaria": "http://purl.org/cld/freq/daily", "mensual": "http://purl.org/cld/freq/monthly",
    "trimestral": "http://purl.org/cld/freq/quarterly", "cuando cambie": "http://purl.org/cld/freq/irregular",
}


class CatalogView(PublicEndpointMixin, APIView):
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    @extend_schema(summary="Catálogo DCAT (JSON-LD)", responses={200: dict})
    def get(self, request, *args, **kwargs):
        from rest_framework.reverse import reverse

        datasets = []
        for identifier, title, description, frequency, url_name in DATASETS:
            url = reverse(url_name, request=request)
            datasets.append({
                "@type": "dcat:Dataset",
                "@id": f"{url}#dataset",
                "dct:identifier": identifier,
                "dct:title": title,
                "dct:description": description,
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PUBLISHER},
                "dct:license": LICENSE,
                "dct:language": "es",
                "dct:accrualPeriodicity": FREQUENCY[frequency],
                "dcat:distribution": [
                    {"@type": "dcat:Distribution", "dcat:accessURL": url,
                     "dcat:downloadURL": f"{url}?format=json", "dcat:mediaType": "application/json"},
                    {"@type": "dcat:Distribution", "dcat:accessURL": url,
                     "dcat:downloadURL": f"{url}?format=csv", "dcat:mediaType": "text/csv"},
                ],
            })
        return Response({
            "@context": {
                "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
            },
            "@type": "dcat:Catalog",
            "dct:title": "Datos abiertos de Convive",
            "dct:publisher": {"@type": "foaf:Organization", "foaf:name": PUBLISHER},
            "dct:license": LICENSE,
            "dcat:dataset": datasets,
        })
