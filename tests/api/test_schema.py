"""The OpenAPI contract: valid, complete, and honoured by every public GET (property-based)."""

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis no está instalado")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from convive.wsgi import application  # noqa: E402

# "No 5xx, every response conforms": status codes, media types, headers and bodies.
# Acceptance heuristics (is an empty ?format= "invalid"? is page 1900 "valid"?) are not
# part of the contract and are left out.
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_headers_conformance, response_schema_conformance]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI app directly, and Django closes "old" database
    connections at each request's start and end; inside a test transaction (on
    PostgreSQL) that would close the test's own connection. Django's test client
    does the same as this fixture."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_served_schema_passes_openapi_spec_validator(client, fmt):
    """The validator a harvester or a client generator runs, on the schema as served."""
    import json

    import yaml
    from openapi_spec_validator import validate

    response = client.get(f"/api/schema/?format={fmt}")
    assert response.status_code == 200
    body = response.content.decode()
    validate(json.loads(body) if fmt == "json" else yaml.safe_load(body))


def test_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/territories/", "/api/territories.geojson", "/api/certifications/",
                 "/api/indicators/", "/api/processes/", "/api/documents/",
                 "/api/statistics/activities/", "/api/catalog/", "/api/auth/token/",
                 "/api/records/cases/{id}/close-step/"):
        assert f"{path}:" in text, path


# The WSGI transport hands bodies over as sent; gzip is tested on its own
# (test_public_api: test_answers_are_gzipped_…).
IDENTITY = {"Accept-Encoding": "identity"}
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
public_reads = schema.include(method="GET").exclude(path_regex=r"^/api/(records|schema|docs)")


@public_reads.parametrize()
@hypothesis_settings(max_examples=15, deadline=None,
                     suppress_health_check=list(HealthCheck))
def test_public_api_never_fails_and_conforms_to_its_schema(case, demo):
    response = case.call(headers=IDENTITY)
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response, checks=CONFORMANCE)


records_reads = schema.include(method="GET", path_regex=r"^/api/records/")


@records_reads.parametrize()
@hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_records_api_reads_never_fail_and_conform_for_each_role(case, demo):
    from django.contrib.auth import get_user_model

    from api import tokens

    for username in ("coordinador", "gestor_norte", "analista"):
        key, _token = tokens.issue(get_user_model().objects.get(username=username))
        response = case.call(headers={"Authorization": f"Token {key}", **IDENTITY})
        assert response.status_code < 500, response.text[:500]
        case.validate_response(response, checks=CONFORMANCE)


filing = schema.include(method="POST", path_regex=r"^/api/pqrsd/$")


@filing.parametrize()
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_filing_a_pqrsd_never_fails_and_conforms(case, demo, settings):
    """Anonymous filing is the API's one public write: fuzz it (rate limit lifted)."""
    settings.PQRSD_RATE_PER_HOUR = 100000
    from django.core.cache import cache

    cache.clear()
    response = case.call(headers=IDENTITY)
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response, checks=CONFORMANCE)
