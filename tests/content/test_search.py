"""Search understands Spanish: case, accents and word endings."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def titles(client, query):
    response = client.get("/buscar/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    results = re.search(r'<ol class="results">(.*?)</ol>', page, re.S)
    # The titles a visitor reads in the results list (none when nothing was found).
    return [html.unescape(title) for title in
            re.findall(r'<li><a href="[^"]+">([^<]+)</a>', results.group(1) if results else "")]


@pytest.mark.parametrize("query", ["convivencia", "Convivencia", "CONVIVENCIA"])
def test_case_does_not_matter(client, demo, query):
    assert "Gestión de Seguridad y Convivencia" in titles(client, query)


@pytest.mark.parametrize("query", ["politicas", "políticas", "política"])
def test_accents_and_plurals_do_not_matter(client, demo, query):
    found = titles(client, query)
    assert "Gestión de Seguridad y Convivencia" in found
    assert "Intervención en seguridad y convivencia territorial" in found


def test_words_from_structured_fields_are_found(client, demo):
    assert "Intervención en seguridad y convivencia territorial" in titles(client, "cartografia social")
    assert "Asesoría y asistencia técnica a las entidades territoriales" in titles(client, "FONSET")


def test_unknown_words_find_nothing_and_say_so(client, demo):
    assert titles(client, "xyzzyplugh") == []
    assert "No encontramos páginas" in client.get("/buscar/", {"q": "xyzzyplugh"}).content.decode()


def test_drafts_are_not_found(client, demo):
    from content.models import TerritoryPage

    TerritoryPage.objects.get(slug="el-mirador").unpublish()
    assert "Barrio El Mirador" not in titles(client, "Mirador")


def test_an_overlong_or_odd_query_is_harmless(client, demo):
    assert client.get("/buscar/", {"q": "%" * 5000}).status_code == 200
    assert client.get("/buscar/", {"q": "' OR 1=1 --"}).status_code == 200
