"""The fixed URL map answers as README.md promises."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_the_portal_in_spanish(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es-CO">' in html
    assert "Saltar al contenido principal" in html
    assert "Secretaría de Seguridad, Convivencia y Justicia" in html


def test_mission_page_shows_mission_vision_and_all_ten_objectives(client, demo):
    response = client.get("/mision/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Liderar, planear, implementar y evaluar la política pública" in html
    assert "En 2024 la Secretaría Distrital de Seguridad" in html
    objectives = response.context_data["page"].objectives.all()
    assert len(objectives) == 10
    for objective in objectives:
        assert objective.text in html
    assert html.count("<li>", html.index('class="objectives"')) >= 10
    assert "Fortalecer la capacidad Institucional y la gestión administrativa" in html


def test_wagtail_admin_login_speaks_spanish(client, demo):
    response = client.get("/cms/login/")
    assert response.status_code == 200
    assert "Iniciar sesión" in response.content.decode()


def test_django_admin_login_speaks_spanish(client, demo):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nombre de usuario" in html
    assert "Convive" in html


def test_api_root_links_schema_docs_and_content(client, demo):
    response = client.get("/api/")
    assert response.status_code == 200
    data = response.json()
    assert data["schema"].endswith("/api/schema/")
    assert data["docs"].endswith("/api/docs/")
    assert data["content"].endswith("/api/content/pages/")


def test_api_schema_is_openapi_3(client, demo):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/" in schema["paths"]


def test_api_docs_are_served_without_any_cdn(client, demo):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    # Every script and stylesheet comes from our own static files.
    import re

    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url


def test_content_api_lists_the_mission_page_with_its_objectives(client, demo):
    response = client.get("/api/content/pages/?type=content.MissionPage&fields=*")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1
    assert items[0]["meta"]["slug"] == "mision"
    assert len(items[0]["objectives"]) == 10
    assert items[0]["mission"].startswith("Liderar, planear")


def test_unknown_address_gets_the_spanish_404_page(client, demo):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert '<a href="/buscar/">buscar en el portal</a>' in html  # the search it offers exists


def test_every_page_has_an_icon_and_favicon_ico_answers(client, demo):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "convive/favicon.svg" in html
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("convive/favicon.ico")
    assert Path(finders.find("convive/favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"


@pytest.mark.parametrize("url", ["/atencion/pqrsd/", "/admin/login/"])
def test_a_form_without_its_security_token_gets_a_spanish_explanation(demo, url):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, {"subject": "Alumbrado"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "No se pudo enviar el formulario" in html and "Atrás" in html
    assert "CSRF" not in html and "Forbidden" not in html
