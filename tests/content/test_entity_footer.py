"""gov.co conventions for an entity's portal: the GOV.CO bar, the entity's data and
policies in every footer (editable by editors), and display tools that work without
JavaScript and are remembered."""

import re

import pytest
from django.test import Client

from content.models import EntitySettings

pytestmark = pytest.mark.django_db

PAGES = ["/", "/mision/", "/procesos/c-gs-01/", "/territorios/", "/documentos/",
         "/atencion/pqrsd/", "/transparencia/"]


def footer_of(html):
    return html[html.index('<footer class="site-footer">'):html.index("</footer>")]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_gov_co_and_shows_the_entity_in_its_footer(client, demo, url):
    html = client.get(url).content.decode()
    assert 'href="https://www.gov.co/"' in html
    footer = footer_of(html)
    for label in ("Sede", "Horario de atención", "Conmutador", "Línea gratuita",
                  "Correo institucional", "Notificaciones judiciales"):
        assert f"<dt>{label}</dt>" in footer, label
    assert "Política de tratamiento de datos personales" in footer
    assert "Términos y condiciones de uso" in footer
    assert re.search(r"Última actualización del portal: \d{1,2} de [a-z]+ de \d{4}\.", footer)


def test_the_policies_are_pages_a_citizen_can_open(client, demo):
    html = footer_of(client.get("/").content.decode())
    for path in re.findall(r'href="(/(?:politica|terminos)[^"]+)"', html):
        page = client.get(path)
        assert page.status_code == 200
        assert "Última actualización" in page.content.decode()


def test_editors_change_the_entity_data_and_every_page_shows_it_at_once(client, demo):
    client.get("/")  # kept by the page cache
    entity = EntitySettings.objects.get()
    entity.opening_hours = "Lunes a sábado de 8:00 a. m. a 5:00 p. m."
    entity.save()
    assert "Lunes a sábado de 8:00" in footer_of(client.get("/").content.decode())


def test_text_size_and_contrast_work_without_javascript_and_are_remembered(demo):
    visitor = Client()
    html = visitor.get("/territorios/").content.decode()
    link = re.search(r'href="(/preferencias/\?texto=grande&amp;volver=[^"]+)"', html).group(1)
    response = visitor.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"] == "/territorios/"
    html = visitor.get("/territorios/").content.decode()
    assert '<html lang="es-CO" class="texto-grande">' in html
    visitor.get("/preferencias/?contraste=alto&volver=/")
    html = visitor.get("/mision/").content.decode()  # remembered on every page
    assert 'class="texto-grande contraste-alto"' in html
    assert "Quitar el alto contraste" in html and "Texto de tamaño normal" in html
    visitor.get("/preferencias/?texto=normal&contraste=normal&volver=/")
    assert '<html lang="es-CO">' in visitor.get("/").content.decode()


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/", "javascript:alert(1)",
                                  "/\\evil.example"])
def test_the_preferences_never_send_a_visitor_to_another_site(client, demo, back):
    response = client.get("/preferencias/", {"texto": "grande", "volver": back})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_kept_page_is_kept_once_per_display_choice(demo):
    plain, large = Client(), Client()
    large.get("/preferencias/?texto=grande&volver=/")
    plain.get("/")
    assert plain.get("/")["X-Page-Cache"] == "hit"
    first_large = large.get("/")
    assert "X-Page-Cache" not in first_large  # not the plain visitor's page
    assert 'class="texto-grande"' in first_large.content.decode()
    assert large.get("/")["X-Page-Cache"] == "hit"


def test_the_tools_come_back_to_the_whole_address_with_its_query(demo):
    visitor = Client()
    html = visitor.get("/buscar/?q=convivencia&pagina=1").content.decode()
    link = re.search(r'href="(/preferencias/\?texto=grande&amp;volver=[^"]+)"', html).group(1)
    assert "volver=/buscar/%3Fq%3Dconvivencia%26pagina%3D1" in link
    response = visitor.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"] == "/buscar/?q=convivencia&pagina=1"


def test_from_the_tools_script_the_choice_applies_in_place(demo):
    visitor = Client()
    response = visitor.get("/preferencias/", {"texto": "grande", "volver": "/atencion/pqrsd/radicada/"},
                           HTTP_X_REQUESTED_WITH="display-tools")
    # No redirect (the receipt, shown once, stays): the new tools and the page's classes.
    assert response.status_code == 200
    assert response["X-Display-Classes"] == "texto-grande"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert html.lstrip().startswith("<nav") and "Aumentar más el texto" in html
    assert "volver=/atencion/pqrsd/radicada/" in html
    response = visitor.get("/preferencias/", {"contraste": "alto", "volver": "/"},
                           HTTP_X_REQUESTED_WITH="display-tools")
    assert response["X-Display-Classes"] == "texto-grande contraste-alto"  # both remembered
    assert 'class="texto-grande contraste-alto"' in visitor.get("/mision/").content.decode()


def test_only_pages_that_would_lose_something_load_the_tools_script(client, demo):
    assert "display-tools.js" in client.get("/atencion/pqrsd/").content.decode()
    result = client.post("/atencion/inscribe-tu-barrio/consulta/", {"radicado": "x", "code": "y"})
    assert "display-tools.js" in result.content.decode()  # a tracking result
    assert "display-tools.js" not in client.get("/mision/").content.decode()


@pytest.mark.parametrize("url", ["/preferencias/?texto=grande", "/buscar/?q=barrio",
                                 "/robots.txt", "/favicon.ico", "/healthz"])
def test_small_views_answer_head_as_monitors_and_crawlers_ask(client, demo, url):
    assert client.head(url).status_code in (200, 302)


def test_open_data_leads_to_its_transparency_page_then_the_catalogue(client, demo):
    from content.models import TransparencyCategoryPage

    category = TransparencyCategoryPage.objects.get(number=7)
    html = footer_of(client.get("/mision/").content.decode())
    assert f'<a href="{category.url}">Datos abiertos</a>' in html  # a page for people
    category.unpublish()
    html = footer_of(client.get("/mision/").content.decode())
    assert '<a href="/api/catalog/">Datos abiertos</a>' in html  # never the raw API root
