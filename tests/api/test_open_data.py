"""Open data as harvesters and spreadsheets read it: the DCAT-AP catalogue against the
standard's own SHACL shapes, every full download against its Table Schema with
Frictionless, streaming, the Excel variant and one vocabulary across every CSV."""

import csv
import gzip
import io
import json
from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
import rdflib
from django.core.cache import cache
from frictionless import Schema
from frictionless.resources import TableResource

from api.datasets import files, rows
from api.datasets.registry import DATASETS
from citizens.services.reports import REPORT_COLUMNS, default_month
from convive import csvfiles
from records.models import Indicator, IndicatorValue, Locality, Territory

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "dcat-ap-3.0.0"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, identifier, variant, **headers):
    response = client.get(f"/api/datasets/{identifier}.{variant}", **headers)
    assert response.status_code == 200, (identifier, variant, response.status_code)
    return response, body(response)


@pytest.fixture(autouse=True)
def forget_kept_answers():
    # These tests change data inside a transaction that is rolled back; an answer the API
    # kept meanwhile would outlive the data it shows and reach the next test.
    yield
    cache.clear()


@pytest.fixture(scope="module")
def shapes():
    graph = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    return graph


def test_the_catalogue_passes_dcat_ap_3_shapes_with_no_violation_and_no_warning(client, demo, shapes):
    response = client.get("/api/catalog/")
    assert response["Content-Type"].startswith("application/ld+json")
    data = rdflib.Graph().parse(data=response.content, format="json-ld")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    results = [(str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
                str(report.value(r, SH.resultMessage)))
               for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)]
    # The recommended shapes report as warnings: none is left either.
    assert conforms and results == []

    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    datasets = set(data.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        # Values that name things are IRIs a harvester can follow, not strings.
        for predicate in (DCT.license, DCT.language, DCT.accrualPeriodicity, DCAT.theme, DCT.spatial):
            assert all(isinstance(v, rdflib.URIRef) for v in data.objects(dataset, predicate)), predicate
        assert str(data.value(dataset, DCT.language)).endswith("/language/SPA")
        modified = data.value(dataset, DCT.modified)
        assert modified.datatype == rdflib.XSD.dateTime


def test_every_distribution_downloads_and_its_size_is_the_files(client, demo):
    catalog = client.get("/api/catalog/").json()
    checked = 0
    for dataset in catalog["dcat:dataset"]:
        schema = client.get(dataset["dct:conformsTo"]["@id"].replace("http://testserver", ""))
        assert schema.status_code == 200 and schema.json()["fields"]
        for distribution in dataset["dcat:distribution"]:
            url = distribution.get("dcat:downloadURL") or distribution["dcat:accessURL"]
            response = client.get(url.replace("http://testserver", ""))
            assert response.status_code == 200, url
            media_type = distribution["dcat:mediaType"]["@id"].rsplit("media-types/", 1)[1]
            assert response["Content-Type"].split(";")[0] == media_type
            if "dcat:byteSize" in distribution:
                assert int(distribution["dcat:byteSize"]) == len(body(response)), url
                checked += 1
    assert checked == sum(4 if d.geojson else 3 for d in DATASETS.values())


@pytest.mark.parametrize("identifier", sorted(DATASETS))
def test_every_full_download_validates_against_its_table_schema(client, demo, identifier, tmp_path):
    schema_response = client.get(f"/api/datasets/{identifier}.schema.json")
    schema = Schema.from_descriptor(schema_response.json())
    assert [f.name for f in schema.fields] == DATASETS[identifier].names
    assert all(f.title for f in schema.fields)  # the Spanish titles are in the dictionary
    counts = {}
    for variant in ("csv", "json"):
        response, content = download(client, identifier, variant)
        assert response.streaming
        assert response["Content-Disposition"].startswith("attachment; filename=\"convive-")
        assert "rel=\"describedby\"" in response["Link"]
        path = tmp_path / f"{identifier}.{variant}"
        path.write_bytes(content)
        report = TableResource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
        counts[variant] = report.tasks[0].stats["rows"]
    assert counts["csv"] == counts["json"] > 0


def test_the_excel_variant_is_the_same_table_for_excel_in_spanish(client, demo):
    _, plain = download(client, "indicators", "csv")
    _, excel = download(client, "indicators", "excel.csv")
    assert excel.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel shows «Petición»
    plain_rows = list(csv.reader(io.StringIO(plain.decode())))
    excel_rows = list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert excel_rows[0] == plain_rows[0]
    value = plain_rows[0].index("value")
    for plain_row, excel_row in zip(plain_rows[1:], excel_rows[1:], strict=True):
        assert excel_row[value] == plain_row[value].replace(".", ",")  # decimal comma
        assert excel_row[:value] + excel_row[value + 1:] == plain_row[:value] + plain_row[value + 1:]


@pytest.fixture
def many_territories(demo):
    locality = Locality.objects.order_by("code").first()
    created = [Territory.objects.create(code=f"TER-Z-{i:04d}", name=f"Barrio número {i}",
                                        locality=locality, population=100 + i) for i in range(130)]
    return created


def test_a_full_download_streams_every_row_in_chunks_not_one_page(client, many_territories, monkeypatch):
    # Small chunks, so the test walks several database fetches and several written chunks.
    monkeypatch.setattr(rows, "CHUNK", 17)
    monkeypatch.setattr(files, "BATCH", 7)
    monkeypatch.setattr(csvfiles, "BATCH", 7)
    response = client.get("/api/datasets/territories.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) > 20
    table = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(table) == Territory.objects.count() > 130 > 50
    assert [row["code"] for row in table] == sorted(row["code"] for row in table)

    # The same rows as the paged API, with the API's names flattened (route.status → route_status).
    paged, url = [], "/api/territories/?page_size=500"
    while url:
        page = client.get(url.replace("http://testserver", ""))
        paged += page.json()["results"]
        url = page.json()["next"]
    flat = [{**{k: v for k, v in item.items() if k != "route"},
             **{f"route_{k}": v for k, v in item["route"].items()}} for item in paged]
    expected = {item["code"]: {k: csvfiles.cell(v) for k, v in item.items()} for item in flat}
    assert {row["code"]: row for row in table} == expected

    features = json.loads(download(client, "territories", "geojson")[1])
    assert len(features["features"]) == len(table)


def test_pages_name_their_neighbours_the_dictionary_and_the_whole_dataset_in_link(client, many_territories):
    response = client.get("/api/territories/", {"page": 2})
    links = {part.split(";")[1].strip(): part.split(";")[0].strip("<> ") for part in response["Link"].split(",")}
    assert links['rel="next"'].endswith("page=3") and links['rel="prev"'].endswith("/api/territories/")
    assert links['rel="first"'].endswith("/api/territories/") and "page=" in links['rel="last"']
    assert links['rel="describedby"'].endswith("/api/datasets/territories.schema.json")
    assert links['rel="alternate"'].endswith("/api/datasets/territories.csv")
    assert "Link" in response["Access-Control-Expose-Headers"]
    indicators = client.get("/api/indicators/", {"page_size": 1})
    assert 'rel="next"' in indicators["Link"] and "indicators.schema.json" in indicators["Link"]
    # Pages answered from the answer cache carry the same header.
    assert client.get("/api/territories/", {"page": 2})["Link"] == response["Link"]


def test_numbers_are_never_quoted_and_text_cannot_become_a_formula(client, demo):
    territory = Territory.objects.order_by("code").first()
    territory.name = "=HYPERLINK(\"http://x\")"
    territory.save()
    indicator = Indicator.objects.create(code="IND-NEG", name="\tVariación", unit="puntos")
    IndicatorValue.objects.create(territory=territory, indicator=indicator,
                                  period="2026-01-01", value=Decimal("-3.5"))
    _, content = download(client, "indicators", "csv")
    line = next(line for line in content.decode().splitlines() if "IND-NEG" in line)
    assert line.endswith(",2026-01-01,-3.500")  # a negative number stays a number
    assert ",'\tVariación," in line  # a leading tab is guarded
    _, content = download(client, "territories", "csv")
    assert "'=HYPERLINK" in content.decode()
    api_csv = client.get("/api/indicators/", {"format": "csv", "page_size": 1000}).content.decode()
    assert ",-3.500" in api_csv and "'-3" not in api_csv
    assert client.get("/api/territories/", {"format": "csv"})["Content-Disposition"] == (
        'attachment; filename="convive-territories.csv"')


@pytest.mark.parametrize("identifier", [d.identifier for d in DATASETS.values()
                                        if d.api_url_name not in ("api:pqrsd-statistics",)])
def test_the_api_csv_uses_the_dictionarys_column_names(client, demo, identifier):
    dataset = DATASETS[identifier]
    path = {"api:territory-list": "/api/territories/", "api:certificate-list": "/api/certifications/",
            "api:indicatorvalue-list": "/api/indicators/", "api:process-list": "/api/processes/",
            "api:document-list": "/api/documents/",
            "api:activity-statistics": "/api/statistics/activities/"}[dataset.api_url_name]
    header = next(csv.reader(io.StringIO(client.get(path, {"format": "csv"}).content.decode())))
    assert header == dataset.names
    # Nested lists are cells, not lost: each process lists its procedures' codes.
    if identifier == "processes":
        table = list(csv.DictReader(io.StringIO(client.get(path, {"format": "csv"}).content.decode())))
        assert any(row["procedures"] for row in table)
        _, full = download(client, "processes", "csv")
        assert {r["code"]: r["procedures"] for r in csv.DictReader(io.StringIO(full.decode()))} == {
            r["code"]: r["procedures"] for r in table}


def test_the_pqrsd_report_reads_alike_on_the_portal_in_the_api_and_in_the_dataset(client, demo):
    assert DATASETS["pqrsd-statistics"].names == list(REPORT_COLUMNS)
    year, month = default_month()
    period = f"{year:04d}-{month:02d}"
    portal = client.get("/atencion/pqrsd/informes/csv/")
    portal_rows = list(csv.reader(io.StringIO(portal.content.decode())))
    api = client.get("/api/statistics/pqrsd/", {"format": "csv"})
    api_rows = list(csv.reader(io.StringIO(api.content.decode())))
    assert portal_rows == api_rows  # same default month, same names, same cells
    assert portal_rows[0] == list(REPORT_COLUMNS) and portal_rows[1][0] == period
    answer = client.get("/api/statistics/pqrsd/").json()
    received = next(r for r in answer if r["code"] == "recibidas")
    assert received["period"] == period and isinstance(received["value"], int)
    _, full = download(client, "pqrsd-statistics", "csv")
    assert all(line in full.decode().splitlines() for line in api.content.decode().splitlines()[1:])


def test_a_full_download_answers_304_and_gzip_like_the_rest_of_the_api(client, demo):
    response, content = download(client, "territories", "csv")
    again = client.get("/api/datasets/territories.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get("/api/datasets/territories.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    zipped, packed = download(client, "territories", "csv", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(packed) == content
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_datasets_and_formats_answer_json_in_spanish(client, demo):
    for url in ("/api/datasets/personas.csv", "/api/datasets/processes.geojson",
                "/api/datasets/territories.xml", "/api/datasets/nope.schema.json"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "conjunto" in response.json()["detail"] or "API" in response.json()["detail"]


def test_statistics_answers_link_their_dictionary_and_whole_dataset(client, demo):
    for url, identifier in (("/api/statistics/pqrsd/", "pqrsd-statistics"),
                            ("/api/statistics/activities/", "activity-statistics")):
        link = client.get(url)["Link"]
        assert f"/api/datasets/{identifier}.schema.json>; rel=\"describedby\"" in link
        assert f"/api/datasets/{identifier}.csv>; rel=\"alternate\"" in link


def test_the_schema_names_every_dataset_and_file_there_is(client, demo):
    from openapi_spec_validator import validate

    schema = client.get("/api/schema/", {"format": "json"}).json()
    validate(schema)
    operation = schema["paths"]["/api/datasets/{identifier}.{variant}"]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "path"}
    import re

    for name, values, wrong in (("identifier", list(DATASETS), ["personas", "xterritoriesx"]),
                                ("variant", ["csv", "excel.csv", "json", "geojson"],
                                 ["schema.json", "xjsonx", "xml"])):
        pattern = re.compile(parameters[name]["pattern"])
        assert all(pattern.match(v) for v in values) and not any(pattern.match(w) for w in wrong)
    assert all(p["name"] != "format" for p in operation["parameters"])


def test_documents_point_at_the_public_address_whatever_host_was_asked(client, demo, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PUBLIC_BASE_URL = "https://convive.example.gov.co"
    page = client.get("/api/documents/", HTTP_HOST="otro.example.org").json()["results"]
    with_file = [d for d in page if d["download_url"]]
    assert with_file and all(d["download_url"].startswith("https://convive.example.gov.co/")
                             for d in with_file)
