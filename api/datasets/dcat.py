"""The DCAT-AP 3.0.0 catalogue of the open datasets, as JSON-LD.

Harvesters read it as RDF, so every value that names something is an IRI, never a plain
string: licences, languages, frequencies, file types, themes and availability come from
the EU Publications Office's authority tables, media types from IANA. Each such IRI is
typed in place (dct:LicenseDocument, dct:Frequency...): a SHACL validator checks the
class of a value in the document itself, with no vocabulary loaded.
"""

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from api.datasets.registry import DATASETS, Dataset
from citizens.models import PetitionEvent
from convive.baseurl import public_url as absolute
from records.models import AuditEntry, Locality, Territory

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
PUBLISHER = "Secretaría de Seguridad, Convivencia y Justicia"
LICENSE = EU + "licence/CC_BY_4_0"
# Bogotá D.C. in GeoNames, the gazetteer DCAT-AP suggests for places outside the EU.
BOGOTA = "https://sws.geonames.org/3688689/"
BOGOTA_BBOX = ("POLYGON((-74.451 3.730, -73.986 3.730, -73.986 4.837, -74.451 4.837, "
               "-74.451 3.730))")  # the district, Sumapaz included
BOGOTA_CENTROID = "POINT(-74.0817 4.6097)"  # Plaza de Bolívar
THEMES = {
    "JUST": "Justicia, sistema judicial y seguridad pública",
    "GOVE": "Gobierno y sector público",
    "SOCI": "Población y sociedad",
    "REGI": "Regiones y ciudades",
}
FREQUENCIES = {"DAILY": "Diaria", "MONTHLY": "Mensual", "QUARTERLY": "Trimestral",
               "IRREG": "Irregular"}
FORMATS = {  # variant: (EU file type, IANA media type, Spanish description)
    "csv": ("CSV", "text/csv", "El conjunto completo en CSV (UTF-8, separado por comas)."),
    "excel.csv": ("CSV", "text/csv", "El conjunto completo en CSV para Excel en español: "
                                     "UTF-8 con BOM, separado por punto y coma, coma decimal. "
                                     "Excel convierte códigos con ceros a la izquierda y meses "
                                     "(AAAA-MM) al abrirlo con doble clic: para conservarlos, "
                                     "impórtelo con Datos > Desde texto/CSV y columnas de texto."),
    "json": ("JSON", "application/json", "El conjunto completo en JSON: una lista de registros "
                                         "con los nombres de columna del diccionario de datos."),
    "geojson": ("GEOJSON", "application/geo+json", "Geometría de cada territorio con su estado, "
                                                   "en GeoJSON (RFC 7946)."),
}

LABELS = {"csv": "CSV", "excel.csv": "CSV para Excel", "json": "JSON", "geojson": "GeoJSON"}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "locn": "http://www.w3.org/ns/locn#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "dcatap": "http://data.europa.eu/r5r/",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    **{term: {"@type": "@id"} for term in (
        "dcat:accessURL", "dcat:downloadURL", "dcat:endpointURL", "vcard:hasEmail",
        "vcard:hasURL")},
    **{term: {"@type": "xsd:dateTime"} for term in ("dct:issued", "dct:modified")},
    **{term: {"@type": "xsd:date"} for term in ("dcat:startDate", "dcat:endDate")},
    # DCAT-AP 3.0.0's shapes ask for xsd:decimal, not DCAT's xsd:nonNegativeInteger.
    "dcat:byteSize": {"@type": "xsd:decimal"},
    **{term: {"@type": "gsp:wktLiteral"} for term in ("dcat:bbox", "dcat:centroid")},
    **{term: {"@language": "es"} for term in (
        "dct:title", "dct:description", "dcat:keyword", "foaf:name", "vcard:fn", "skos:prefLabel",
        "locn:geographicName")},
}


def node(iri: str, kind, label: str | None = None) -> dict:
    """A reference to a vocabulary entry, typed where it is used."""
    value = {"@id": iri, "@type": kind}
    if label:
        value["skos:prefLabel"] = label
    return value


def when(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def catalog_url() -> str:
    return absolute(reverse("api:catalog"))


def publisher() -> dict:
    return {"@id": absolute("/#secretaria"), "@type": ["foaf:Agent", "foaf:Organization"],
            "foaf:name": PUBLISHER,
            "dct:type": node("http://purl.org/adms/publishertype/LocalAuthority", "skos:Concept",
                             "Autoridad local")}


def contact_point() -> dict:
    return {"@id": absolute("/#contacto-datos-abiertos"), "@type": ["vcard:Kind", "vcard:Organization"],
            "vcard:fn": f"{PUBLISHER}: datos abiertos",
            "vcard:hasEmail": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}",
            "vcard:hasURL": absolute("/")}


def spatial(localities) -> list[dict]:
    """Bogotá and each locality the territories are in, with the box and centre of their
    territories' geometries (WKT, longitude first, WGS 84)."""
    places = [{"@id": BOGOTA, "@type": "dct:Location", "locn:geographicName": "Bogotá D.C.",
               "dcat:bbox": BOGOTA_BBOX, "dcat:centroid": BOGOTA_CENTROID}]
    for code, name, box in localities:
        place = {"@id": f"{catalog_url()}#localidad-{code}", "@type": "dct:Location",
                 "locn:geographicName": f"{name}, Bogotá D.C."}
        if box:
            place["dcat:bbox"], place["dcat:centroid"] = box
        places.append(place)
    return places


def _points(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates[:2]
    else:
        for part in coordinates or ():
            yield from _points(part)


def localities_with_extent() -> list[tuple]:
    """(code, name, (bbox, centroid) or None) of every locality, from its territories' shapes."""
    boxes = {}
    for code, geometry in (Territory.objects.exclude(geometry=None)
                           .values_list("locality__code", "geometry").iterator(chunk_size=1000)):
        if not isinstance(geometry, dict):
            continue
        for lon, lat in _points(geometry.get("coordinates")):
            box = boxes.setdefault(code, [lon, lat, lon, lat])
            box[:] = [min(box[0], lon), min(box[1], lat), max(box[2], lon), max(box[3], lat)]
    result = []
    for code, name in Locality.objects.order_by("code").values_list("code", "name"):
        extent = None
        if code in boxes:
            west, south, east, north = boxes[code]
            west, south, east, north = (round(value, 6) for value in (west, south, east, north))
            extent = (f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, "
                      f"{west} {south}))", f"POINT({(west + east) / 2:.6f} {(south + north) / 2:.6f})")
        result.append((code, name, extent))
    return result


def theme(code: str) -> dict:
    value = node(EU + "data-theme/" + code, "skos:Concept", THEMES[code])
    value["skos:inScheme"] = {"@id": EU + "data-theme"}
    return value


def license_document() -> dict:
    value = node(LICENSE, "dct:LicenseDocument", "Creative Commons Atribución 4.0 Internacional")
    value["dct:type"] = node("http://purl.org/adms/licencetype/Attribution", "skos:Concept",
                             "Atribución")
    return value


def language() -> dict:
    return node(EU + "language/SPA", "dct:LinguisticSystem", "español")


class Moments:
    """When each dataset first and last changed, from the audit trail, Wagtail's page log and
    the petitions' events, each read once per catalogue."""

    def __init__(self):
        self.audited = {row["model"]: (row["first"], row["last"]) for row in
                        AuditEntry.objects.filter(action__in=AuditEntry.DATA_ACTIONS)
                        .values("model").annotate(first=Min("at"), last=Max("at"))}
        self.pages = {(row["content_type__app_label"], row["content_type__model"]): (row["first"], row["last"])
                      for row in PageLogEntry.objects.values("content_type__app_label", "content_type__model")
                      .annotate(first=Min("timestamp"), last=Max("timestamp"))}
        events = PetitionEvent.objects.aggregate(first=Min("at"), last=Max("at"))
        self.petitions = (events["first"], events["last"])

    def of(self, dataset: Dataset) -> tuple | None:
        spans = [self.audited.get(label) for label in dataset.audited_models]
        spans += [self.pages.get(tuple(label.lower().split("."))) for label in dataset.page_models]
        if dataset.petitions:
            spans.append(self.petitions)
        spans = [span for span in spans if span and span[0]]
        if not spans:
            return None
        return min(first for first, _ in spans), max(last for _, last in spans)


def distribution(dataset: Dataset, variant: str, schema_url: str, sizes: dict) -> dict:
    file_type, media_type, description = FORMATS[variant]
    url = absolute(reverse("api:dataset-file", kwargs={"identifier": dataset.identifier,
                                                       "variant": variant}))
    value = {
        "@id": f"{url}#distribucion", "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} ({LABELS[variant]})",
        "dct:description": description,
        "dcat:accessURL": url, "dcat:downloadURL": url,
        "dcat:mediaType": node(IANA + media_type, "dct:MediaType"),
        "dct:format": node(EU + "file-type/" + file_type, "dct:MediaTypeOrExtent"),
        "dct:license": license_document(),
        "dcatap:availability": node(EU + "planned-availability/STABLE", "skos:Concept", "estable"),
    }
    if variant != "geojson":
        value["dct:conformsTo"] = {"@id": schema_url, "@type": "dct:Standard",
                                   "dct:title": f"Diccionario de datos: {dataset.title}"}
    if variant in sizes:
        # As text: a JSON number with a coerced datatype is read by some parsers (rdflib)
        # as a native integer that then fails the datatype check.
        value["dcat:byteSize"] = str(sizes[variant])
    return value


def api_distribution(dataset: Dataset) -> dict:
    url = absolute(reverse(dataset.api_url_name))
    return {
        "@id": f"{url}#distribucion", "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} (API)",
        "dct:description": "La API pública: JSON con filtros, o CSV con ?format=csv. La "
                           "cabecera Link enlaza el diccionario de datos, la descarga completa "
                           "y, en las listas por páginas, las páginas vecinas.",
        "dcat:accessURL": url,
        "dcat:accessService": {"@id": absolute(reverse("api:root")) + "#servicio"},
        "dcat:mediaType": node(IANA + "application/json", "dct:MediaType"),
        "dct:format": node(EU + "file-type/JSON", "dct:MediaTypeOrExtent"),
        "dct:license": license_document(),
        "dcatap:availability": node(EU + "planned-availability/STABLE", "skos:Concept", "estable"),
    }


def dataset_node(dataset: Dataset, moments: Moments, localities, sizes: dict, fallback) -> dict:
    schema_url = absolute(reverse("api:dataset-schema", kwargs={"identifier": dataset.identifier}))
    first, last = moments.of(dataset) or fallback
    variants = ["csv", "excel.csv", "json"] + (["geojson"] if dataset.geojson else [])
    value = {
        "@id": f"{catalog_url()}#{dataset.identifier}", "@type": "dcat:Dataset",
        # Unique across every publisher a national catalogue harvests: the dataset's IRI.
        "dct:identifier": f"{catalog_url()}#{dataset.identifier}",
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dcat:keyword": list(dataset.keywords),
        "dcat:theme": [theme(code) for code in dataset.themes],
        "dct:publisher": publisher(),
        "dcat:contactPoint": contact_point(),
        "dct:language": language(),
        "dct:accrualPeriodicity": node(EU + "frequency/" + dataset.frequency, "dct:Frequency",
                                       FREQUENCIES[dataset.frequency]),
        "dct:spatial": spatial(localities),
        "dct:issued": when(first),
        "dct:modified": when(last),
        "dct:conformsTo": {"@id": schema_url, "@type": "dct:Standard",
                           "dct:title": f"Diccionario de datos: {dataset.title}"},
        "dcat:distribution": [distribution(dataset, variant, schema_url, sizes.get(dataset.identifier, {}))
                              for variant in variants] + [api_distribution(dataset)],
    }
    period = dataset.temporal() if dataset.temporal else None
    if period:
        coverage = {"@type": "dct:PeriodOfTime", "dcat:startDate": period[0].isoformat()}
        if period[1]:
            coverage["dcat:endDate"] = period[1].isoformat()
        value["dct:temporal"] = coverage
    return value


def catalog(sizes: dict | None = None) -> dict:
    """The whole catalogue. ``sizes`` maps a dataset to its files' sizes in bytes, when known."""
    moments = Moments()
    localities = localities_with_extent()
    now = timezone.now()
    spans = [span for span in (moments.of(d) for d in DATASETS.values()) if span]
    fallback = (min((s[0] for s in spans), default=now), max((s[1] for s in spans), default=now))
    datasets = [dataset_node(d, moments, localities, sizes or {}, fallback) for d in DATASETS.values()]
    root = absolute(reverse("api:root"))
    service = {
        "@id": root + "#servicio", "@type": "dcat:DataService",
        "dct:title": "API de datos abiertos de Convive",
        "dct:description": "API REST de solo lectura, sin registro: listas por páginas con "
                           "filtros, en JSON o CSV, y descargas completas de cada conjunto.",
        "dcat:endpointURL": root,
        "dcat:endpointDescription": {"@id": absolute(reverse("api:schema")), "@type": "foaf:Document"},
        "dct:conformsTo": {"@id": "https://spec.openapis.org/oas/v3.0.3", "@type": "dct:Standard"},
        "dcat:servesDataset": [{"@id": d["@id"]} for d in datasets],
        "dct:publisher": publisher(),
        "dcat:contactPoint": contact_point(),
        "dcat:keyword": ["API", "datos abiertos", "seguridad", "convivencia"],
        "dcat:theme": [theme("GOVE"), theme("JUST")],
        "dct:license": license_document(),
    }
    return {
        "@context": CONTEXT,
        "@id": catalog_url(), "@type": "dcat:Catalog",
        "dct:title": "Datos abiertos de Convive",
        "dct:description": "Conjuntos de datos abiertos de la Secretaría de Seguridad, Convivencia y "
                           "Justicia: territorios en la ruta de certificación como territorio seguro, "
                           "certificados, indicadores barriales, procesos y procedimientos, "
                           "versiones públicas de documentos y estadísticas de actividades y PQRSD. "
                           "Solo hechos públicos: nunca datos personales.",
        "dct:publisher": publisher(),
        "foaf:homepage": {"@id": absolute("/"), "@type": "foaf:Document"},
        "dct:language": language(),
        "dct:license": license_document(),
        "dct:issued": when(fallback[0]),
        "dct:modified": when(fallback[1]),
        "dct:spatial": spatial(localities)[:1],
        "dcat:themeTaxonomy": {"@id": EU + "data-theme", "@type": "skos:ConceptScheme",
                               "dct:title": "Data theme (EU Publications Office)"},
        "dcat:dataset": datasets,
        "dcat:service": [service],
    }
