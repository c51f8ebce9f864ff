"""Open transparency data: formats, filters, conditional requests, CORS, throttling, no people."""

import csv
import io

import json

import pytest
from django.core.cache import cache

from api.datasets.registry import DATASETS
from api.serializers import TerritorySerializer
from records.models import IndicatorValue, Territory
from records.services import public_status
from tests.helpers import count_queries, planted_personal_data

pytestmark = pytest.mark.django_db

LISTS = ["/api/territories/", "/api/territories.geojson", "/api/certifications/", "/api/indicators/",
         "/api/processes/", "/api/documents/", "/api/statistics/activities/"]


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.mark.parametrize("url", LISTS + ["/api/catalog/", "/api/territories/TER-N-001/",
                                         "/api/processes/C-GS-01/"])
def test_public_endpoints_answer_without_login_and_allow_any_origin(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.has_header("ETag") and response.has_header("Last-Modified")


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_also_csv_by_accept_header_or_format_parameter(client, demo, url):
    by_header = client.get(url, HTTP_ACCEPT="text/csv")
    by_param = client.get(url, {"format": "csv"})
    for response in (by_header, by_param):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(by_param.content.decode())))
    assert table and by_header.content == by_param.content


def test_territories_carry_route_status_and_filter_by_status_and_locality(client, demo):
    certified = rows(client.get("/api/territories/", {"status": "certificado"}))
    assert {t["code"] for t in certified} == {"TER-N-001", "TER-S-001"}
    assert all(t["route"]["certificate_number"].startswith("CTS-") for t in certified)
    south = rows(client.get("/api/territories/", {"locality": "LS", "ordering": "-code"}))
    assert [t["code"] for t in south] == ["TER-S-003", "TER-S-002", "TER-S-001"]
    mirador = client.get("/api/territories/TER-N-002/").json()
    assert mirador["route"] == {"status": "en_ruta", "label": "En la ruta de certificación",
                                "current_step": 6, "total_steps": 9, "certificate_number": ""}


@pytest.mark.parametrize("ordering", [None, "code", "-code", "name", "-name", "population", "-population"])
@pytest.mark.parametrize("filters", [{}, {"locality": "LN"}])
def test_each_ordering_pages_through_what_the_serializer_says(client, demo, settings, ordering, filters):
    # The list is written from stored texts with SQL compiled once per ordering; each
    # page must still be the serializer's view of the right territories, in order.
    settings.API_CACHE_SECONDS = 0
    territories = Territory.objects.select_related("locality").filter(
        **({"locality__code": filters["locality"]} if filters else {}))
    if ordering:
        field = ordering.lstrip("-")
        territories = territories.order_by(ordering, *(["code"] if field != "code" else []))
    expected = [TerritorySerializer(t).data for t in territories]
    params = {**filters, "page_size": 2, **({"ordering": ordering} if ordering else {})}
    listed, url = [], "/api/territories/"
    while url:
        response = client.get(url, params)
        assert response["Content-Type"] == "application/json"
        page = response.json()
        assert page["count"] == len(expected)
        listed += page["results"]
        url, params = page["next"], None
    if ordering and ordering.lstrip("-") != "code":  # ties on name or population: any order among them
        key = ordering.lstrip("-")
        assert [t[key] for t in listed] == [t[key] for t in expected]
        assert sorted(listed, key=lambda t: t["code"]) == sorted(expected, key=lambda t: t["code"])
    else:
        assert listed == expected


def test_geojson_is_served_as_geojson_and_as_json_to_who_asks_for_json(client, demo):
    response = client.get("/api/territories.geojson")
    assert response["Content-Type"] == "application/geo+json"
    asked = client.get("/api/territories.geojson", HTTP_ACCEPT="application/json")
    assert asked["Content-Type"] == "application/json" and asked.content == response.content
    assert client.get("/api/territories.geojson?format=csv")["Content-Type"].startswith("text/csv")


def test_geojson_is_a_feature_collection_of_every_territory(client, demo):
    data = json.loads(client.get("/api/territories.geojson").content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == Territory.objects.count()
    feature = next(f for f in data["features"] if f["id"] == "TER-S-002")
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"]["status"] == "revocado"


def test_certifications_list_numbers_dates_and_revocation(client, demo):
    revoked = rows(client.get("/api/certifications/", {"revoked": "true"}))
    assert [c["territory"] for c in revoked] == ["TER-S-002"]
    assert revoked[0]["revoked"] is True and revoked[0]["revocation_reason"]
    valid = rows(client.get("/api/certifications/", {"revoked": "false"}))
    assert {c["territory"] for c in valid} == {"TER-N-001", "TER-S-001"}


def test_indicators_page_with_stable_cursors(client, demo):
    first = client.get("/api/indicators/", {"page_size": 10, "territory": "TER-N-001"}).json()
    assert len(first["results"]) == 10
    second = client.get(first["next"]).json()
    ids = [r["id"] for r in first["results"]] + [r["id"] for r in second["results"]]
    assert len(ids) == len(set(ids)) == 12
    assert second["next"] is None


def test_processes_come_from_published_pages_never_drafts(client, demo):
    from content.models import ProcedurePage

    procedure = ProcedurePage.objects.get(code="MM-GSC-P-003")
    procedure.title = "Título en borrador"
    procedure.save_revision()
    card = client.get("/api/processes/C-GS-01/").json()
    titles = [p["title"] for p in card["procedures"]]
    assert "Intervención en seguridad y convivencia territorial" in titles
    assert "Título en borrador" not in titles
    route = next(p for p in card["procedures"] if p["code"] == "MM-GSC-P-003")
    assert len(route["steps"]) == 9 and route["steps"][8]["responsible_role"] == "Secretario"
    procedure.unpublish()
    card = client.get("/api/processes/C-GS-01/").json()
    assert "MM-GSC-P-003" not in [p["code"] for p in card["procedures"]]


def test_documents_give_legal_grounds_and_a_download_link(client, demo):
    documents = {d["slug"]: d for d in rows(client.get("/api/documents/"))}
    pact = documents["pacto-san-martin"]
    assert "Ley 1712 de 2014 art. 19 — seguridad pública" in pact["legal_grounds"]
    assert pact["download_url"].startswith("http://testserver/documents/")
    assert rows(client.get("/api/documents/", {"territory": "TER-S-001"}))[0]["slug"] == "pacto-san-martin"


def test_activity_statistics_are_aggregates(client, demo):
    data = client.get("/api/statistics/activities/").json()
    assert {"month": "2026-08", "kind": "pedagogica", "locality": "Localidad Norte",
            "activities": 3, "attendees": 9} in data


def test_conditional_requests_are_answered_304(client, demo):
    first = client.get("/api/certifications/")
    again = client.get("/api/certifications/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/api/certifications/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_anonymous_clients_are_throttled_with_a_clear_429(client, demo, settings):
    settings.API_ANON_RATE = "3/min"
    cache.clear()
    statuses = [client.get("/api/territories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/territories/")
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Solicitud fue regulada" in response.json()["detail"]
    cache.clear()


def test_no_public_endpoint_or_format_shows_personal_data(client, demo):
    values = planted_personal_data()
    urls = LISTS + ["/api/catalog/", "/api/", "/api/schema/", "/api/statistics/pqrsd/"]
    urls += [f"/api/territories/{t.code}/" for t in Territory.objects.all()]
    for dataset in DATASETS.values():
        urls += [f"/api/datasets/{dataset.identifier}.{variant}"
                 for variant in ("csv", "excel.csv", "json", "schema.json")]
    for url in urls:
        for params in ({}, {"format": "csv"}):
            response = client.get(url, params)
            assert response.status_code in (200, 404, 406), url  # 406: no CSV of the catalogue
            body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
            for value in values:
                assert value not in body, (url, params)


@pytest.mark.parametrize("url, grow", [
    ("/api/territories/", "territories"), ("/api/territories.geojson", "territories"),
    ("/api/indicators/", "indicators"), ("/api/certifications/", "none"),
    ("/api/processes/", "none"), ("/api/documents/", "none"),
])
def test_list_endpoints_cost_a_fixed_number_of_queries(client, demo, settings, url, grow):
    settings.API_CACHE_SECONDS = 0  # measure the endpoint, not the response cache

    def queries():
        return count_queries(client, url, {"page_size": 500})

    before = queries()
    locality = Territory.objects.first().locality
    new = Territory.objects.bulk_create(
        Territory(code=f"TER-X-{i:03d}", name=f"Barrio {i}", locality=locality) for i in range(100)
    )
    public_status.refresh(t.pk for t in new)  # bulk_create skips the signals that keep it
    if grow == "indicators":
        indicator = IndicatorValue.objects.first().indicator
        IndicatorValue.objects.bulk_create(
            IndicatorValue(territory=t, indicator=indicator, period="2026-01-01", value=1) for t in new
        )
    assert queries() == before


def test_cached_answers_go_stale_as_soon_as_records_change(client, demo):
    cache.clear()
    first = client.get("/api/certifications/", {"revoked": "true"}).json()
    again = client.get("/api/certifications/", {"revoked": "true"}).json()
    assert first == again and len(first["results"]) == 1
    from django.contrib.auth import get_user_model

    from records.models import Certificate
    from records.services.cases import revoke_certificate

    revoke_certificate(certificate=Certificate.objects.get(territory__code="TER-N-001"),
                       by=get_user_model().objects.get(username="coordinador"), reason="Prueba.")
    fresh = client.get("/api/certifications/", {"revoked": "true"}).json()
    assert len(fresh["results"]) == 2


def test_cached_answers_keep_their_headers_and_still_count_for_throttling(client, demo, settings,
                                                                          monkeypatch):
    cache.clear()
    fresh = client.get("/api/territories.geojson")
    monkeypatch.setattr("api.views.public.joined_features", None)  # a hit must not run the view
    cached = client.get("/api/territories.geojson")
    assert cached.content == fresh.content
    # Every header, ETag included; only the request id is each request's own.
    def headers(response):
        return sorted((k, v) for k, v in response.items() if k != "X-Request-ID")

    assert headers(cached) == headers(fresh)
    assert cached["X-Request-ID"] != fresh["X-Request-ID"]
    assert client.get("/api/territories.geojson", HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304
    assert cached["Access-Control-Allow-Origin"] == "*"
    assert cached["Content-Type"] == "application/geo+json"
    settings.API_ANON_RATE = "2/min"
    cache.clear()
    statuses = [client.get("/api/territories/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_a_new_day_counts_as_a_change_for_conditional_requests(client, demo):
    # Statuses change with the calendar alone (a certificate lapses overnight), so a
    # client holding yesterday's copy must not be told 304 the next day.
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.http import http_date, parse_http_date
    from wagtail.models import PageLogEntry

    from citizens.models import PetitionEvent
    from tests.helpers import age_audit_trail

    long_ago = timezone.now() - timedelta(days=3)
    age_audit_trail(long_ago)
    PageLogEntry.objects.update(timestamp=long_ago)
    PetitionEvent.objects.update(at=long_ago)
    cache.clear()
    response = client.get("/api/territories/")
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert parse_http_date(response["Last-Modified"]) == int(midnight.timestamp())
    yesterdays_copy = http_date((midnight - timedelta(hours=1)).timestamp())
    assert client.get("/api/territories/", HTTP_IF_MODIFIED_SINCE=yesterdays_copy).status_code == 200
    assert client.get("/api/territories/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("url", ["/api/no-existe/", "/api/territories/x/y/z/", "/api/v2/"])
def test_an_unknown_api_address_answers_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert "No existe" in response.json()["detail"]


def test_an_unknown_format_is_406_not_404(client, demo):
    response = client.get("/api/territories/?format=xml")
    assert response.status_code == 406
    assert "xml" in response.json()["detail"] and "csv" in response.json()["detail"]
    assert client.get("/api/territories/?format=csv").status_code == 200


@pytest.mark.parametrize("url", ["/api/territories/", "/api/schema/", "/api/territories.geojson",
                                 "/api/catalog/"])
def test_answers_are_gzipped_for_clients_that_accept_it_and_304_still_works(client, demo, url):
    import gzip

    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert "Content-Encoding" not in plain
    etag = packed["ETag"]
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_the_token_endpoint_is_never_compressed(client, demo):
    response = client.post("/api/auth/token/", {"username": "analista", "password": "x"},
                           HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response


@pytest.mark.parametrize("url", ["/api/", "/api/schema/", "/api/content/pages/",
                                 "/api/content/documents/"])
def test_the_root_the_schema_and_the_content_api_have_caching_headers_and_cors(
        client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
