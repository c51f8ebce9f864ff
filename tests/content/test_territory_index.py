"""The territories index lists and maps its territories from plain rows (titles, paths,
stored statuses and features) rather than page objects: what a visitor sees must be what
the pages themselves would say."""

import datetime
import re

import pytest
from django.utils import timezone

from content.models import TerritoryIndexPage, TerritoryPage
from content.models.territories import listed_territories
from records.models import Territory, TerritoryPublicStatus
from tests.content.factories import territory

pytestmark = pytest.mark.django_db


def table_rows(html):
    """(link, title, status label) of each row of the territories table."""
    table = html[html.index("<table"):html.index("</table>")]
    return re.findall(r'<th scope="row"[^>]*><a href="([^"]+)">([^<]+)</a></th>\s*<td[^>]*>[^<]*</td>\s*'
                      r'<td[^>]*><span class="status status--[^"]+">([^<]+)</span>', table)


def test_each_row_links_where_the_page_itself_says_it_lives(client, demo):
    index = TerritoryIndexPage.objects.get()
    territory(index, title="Barrio La Peña", slug="barrio-la-peña")  # Wagtail allows it
    rows = table_rows(client.get("/territorios/").content.decode())
    pages = {page.title: page for page in TerritoryPage.objects.live()}
    assert len(rows) == len(pages) == 7
    for link, title, label in rows:
        page = pages[title.replace("&#x27;", "'")]
        assert link == page.url
        assert label == page.public.label
    assert "/territorios/barrio-la-pe%C3%B1a/" in dict((t, l) for l, t, _ in rows).values()
    assert client.get("/territorios/barrio-la-pe%C3%B1a/").status_code == 200


def test_a_certificate_that_lapsed_since_it_was_stored_reads_lapsed(client, demo):
    stored = TerritoryPublicStatus.objects.filter(status="certificado").first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    TerritoryPublicStatus.objects.filter(pk=stored.pk).update(certificate_valid_until=yesterday)
    title = TerritoryPage.objects.get(territory_id=stored.territory_id).title
    rows = {t: label for _, t, label in table_rows(client.get("/territorios/").content.decode())}
    assert rows[title] == "Certificación vencida"


def test_a_territory_whose_status_was_never_stored_is_listed_and_drawn_all_the_same(client, demo):
    page = TerritoryPage.objects.get(territory__code="TER-N-001")
    expected = page.public.label
    before = client.get("/territorios/").content.decode()
    TerritoryPublicStatus.objects.filter(territory=page.territory).delete()  # a bulk load
    after = client.get("/territorios/").content.decode()
    assert after == before
    assert (page.url, page.title, expected) in table_rows(after)


@pytest.mark.parametrize("query", ["localidad=Localidad+Norte", "estado=certificado",
                                   "estado=revocado&localidad=Localidad+Sur"])
def test_a_filtered_view_reads_the_same_with_statuses_stored_or_not(client, demo, query):
    before = client.get(f"/territorios/?{query}").content.decode()
    TerritoryPublicStatus.objects.all().delete()  # a bulk load: every status computed
    after = client.get(f"/territorios/?{query}").content.decode()
    assert after == before
    rows = table_rows(after)
    assert 0 < len(rows) < TerritoryPage.objects.live().count()
    assert after.count('<polygon class="territory ') == len(rows)  # shapes of the chosen only


def test_a_bad_shape_without_a_stored_status_is_listed_not_drawn(client, demo):
    page = TerritoryPage.objects.get(territory__code="TER-N-001")
    Territory.objects.filter(pk=page.territory_id).update(  # SQL, around the rules
        geometry={"type": "Polygon", "coordinates": [[[-74, 4.6], [-73, 4.7], [-74, 4.7],
                                                       [-73, 4.6], [-74, 4.6]]]})
    TerritoryPublicStatus.objects.filter(territory_id=page.territory_id).delete()
    html = client.get("/territorios/").content.decode()
    assert page.title in html[html.index("<table"):]
    shapes = html.count('<polygon class="territory ')
    assert shapes == TerritoryPage.objects.live().count() - 1
    assert f"<title>{page.title} (" not in html


def test_names_are_escaped_in_the_map_and_the_table(client, demo):
    index = TerritoryIndexPage.objects.get()
    territory(index, title='Barrio <b>"Uno" & Dos</b>', slug="barrio-uno-dos")
    html = client.get("/territorios/").content.decode()
    assert "<b>" not in html
    assert "<title>Barrio &lt;b&gt;&quot;Uno&quot; &amp; Dos&lt;/b&gt; (" in html
    assert ">Barrio &lt;b&gt;&#34;Uno&#34; &amp; Dos&lt;/b&gt;</a>" in html


def test_unpublished_and_restricted_territories_are_neither_listed_nor_drawn(client, demo):
    from wagtail.models import PageViewRestriction

    index = TerritoryIndexPage.objects.get()
    hidden = territory(index, title="Barrio despublicado")
    hidden.unpublish()
    private = territory(index, title="Barrio reservado")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    titles = [t.title for t in listed_territories(index)]
    assert "Barrio despublicado" not in titles and "Barrio reservado" not in titles
    html = client.get("/territorios/").content.decode()
    assert "Barrio despublicado" not in html and "Barrio reservado" not in html


def markers(html):
    """(number, x, y, radius) of each numbered marker on the map."""
    return [(int(n), float(x), float(y), float(r)) for x, y, r, n in re.findall(
        r'<g class="marker"><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>'
        r'<text class="map-label" x="[\d.]+" y="[\d.]+">(\d+)</text></g>', html)]


def test_numbers_never_pile_up_however_many_barrios_lie_close(client, demo):
    index = TerritoryIndexPage.objects.get()
    for n in range(120):  # squares 0.01° apart in a row: a few pixels apart on the map
        territory(index, title=f"Barrio vecino {n:03d}")
    html = client.get("/territorios/").content.decode()
    shown = markers(html)
    total = TerritoryPage.objects.live().count()
    assert html.count('<polygon class="territory ') == total  # every shape is drawn
    for i, (number, x, y, radius) in enumerate(shown):
        assert radius * 2 >= 7 * len(str(number))  # wide enough for its digits
        for _, ox, oy, other in shown[i + 1:]:
            assert ((x - ox) ** 2 + (y - oy) ** 2) ** 0.5 >= radius + other
    unnumbered = total - len(shown)
    assert 0 < unnumbered < total
    # Numbers are those of the list, and the map says how many go without one.
    numbers = [n for n, *_ in shown]
    assert numbers == sorted(numbers) and set(numbers) <= set(range(1, total + 1))
    assert max(numbers) >= 100  # three digits, wider circles
    assert f"{unnumbered} territorios están tan cerca de otro que su número no se leería" in html
    assert f"; {unnumbered} de ellos, demasiado cerca de otro" in html


def test_the_demo_map_numbers_every_barrio_and_says_nothing_of_crowding(client, demo):
    html = client.get("/territorios/").content.decode()
    assert [n for n, *_ in markers(html)] == list(range(1, 7))
    assert "tan cerca de otro" not in html and "demasiado cerca" not in html
