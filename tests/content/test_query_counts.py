"""Public pages cost a bounded number of SQL queries, whatever the number of children."""

import pytest

from content.models import HomePage
from tests.content.factories import INDEXES, territory
from tests.helpers import count_queries as queries_for

pytestmark = pytest.mark.django_db


def fresh_index(kind):
    model, _ = INDEXES[kind]
    home = HomePage.objects.get()
    existing = model.objects.first()
    if existing:  # indexes are max_count=1: replace the demo one
        existing.delete()
    return home.add_child(instance=model(title="Índice de prueba", slug="indice-prueba"))


@pytest.mark.parametrize("kind", sorted(INDEXES))
def test_index_page_query_count_does_not_grow_with_children(client, demo, kind):
    index = fresh_index(kind)
    _, make_child = INDEXES[kind]
    make_child(index)
    with_one = queries_for(client, index.url)
    for _ in range(49):
        make_child(index)
    assert queries_for(client, index.url) == with_one


def test_territory_page_query_count_does_not_grow_with_its_documents(client, demo):
    from content.models import DocumentIndexPage, TerritoryIndexPage
    from tests.content.factories import document

    place = territory(TerritoryIndexPage.objects.get())
    library = DocumentIndexPage.objects.get()
    document(library, territory_page=place)
    with_one = queries_for(client, place.url)
    for _ in range(49):
        document(library, territory_page=place)
    assert queries_for(client, place.url) == with_one


def test_home_page_query_count_is_small(client, demo):
    assert queries_for(client, "/") <= 16


@pytest.mark.parametrize(
    "url", ["/procesos/c-gs-01/", "/procesos/c-gs-01/asesoria-asistencia-tecnica/", "/mision/"]
)
def test_document_pages_render_in_few_queries(client, demo, url):
    assert queries_for(client, url) <= 16
