"""What the API answers to bodies that are not the JSON it expects: a Spanish 400, never a
500, and nothing filed."""

import pytest

from citizens.models import Petition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body, message", [
    (b"[" * 100_000, "anida demasiados niveles"),
    (b'{"a":' * 50_000, "anida demasiados niveles"),
    (b'{"subject": "x",}', "no es JSON válido (carácter 17)"),
    (b'{"subject": NaN}', "no es JSON válido"),
    (b"\xff\xfe{}", "envíe JSON en UTF-8"),
])
def test_a_body_that_is_not_json_gets_a_spanish_400(client, demo, body, message):
    before = Petition.objects.count()
    response = client.post("/api/pqrsd/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert Petition.objects.count() == before


def test_the_records_api_reads_json_the_same_way(demo):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="gestor_norte"))
    response = client.post("/api/records/case-records/", b"[" * 100_000,
                           content_type="application/json")
    assert response.status_code == 400
    assert "anida demasiados niveles" in response.json()["detail"]


def test_an_empty_file_is_named_in_correct_spanish():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("es"):
        assert gettext("The submitted file is empty.") == "El archivo enviado está vacío."


def test_a_session_write_without_csrf_is_refused_in_spanish(demo):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="gestor_norte"))
    response = client.post("/api/records/case-records/", {}, content_type="application/json")
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "Falta la clave de seguridad (CSRF)" in detail and "Failed" not in detail


@pytest.mark.parametrize("charset", ["rot13", "base64", "zlib", "hex"])
def test_a_charset_that_is_not_a_text_encoding_is_a_spanish_400(client, demo, charset):
    response = client.generic("POST", "/api/pqrsd/", b'{"subject": "x"}',
                              content_type=f"application/json; charset={charset}")
    assert response.status_code == 400
    assert "envíe JSON en UTF-8" in response.json()["detail"]


@pytest.mark.parametrize("body, message", [
    (b'{"subject": "\\ud800"}', "carácter no válido (U+D800)"),
    (b"null", "El cuerpo JSON está vacío"),
])
def test_what_drf_says_in_english_is_said_in_spanish(client, demo, body, message):
    response = client.generic("POST", "/api/pqrsd/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json())
