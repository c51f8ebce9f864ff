"""Citizens reach every section at its fixed address and see its full content."""

import re

import pytest

from content.models import TerritoryPage

pytestmark = pytest.mark.django_db

FIXED_ADDRESSES = [
    "/", "/mision/", "/procesos/", "/procesos/c-gs-01/", "/procesos/c-ar-01/",
    "/procesos/c-gs-01/mm-gsc-p-003/", "/procesos/c-gs-01/asesoria-asistencia-tecnica/",
    "/territorios/", "/territorios/los-almendros/", "/documentos/",
    "/documentos/pacto-san-martin/", "/transparencia/", "/transparencia/1/",
    "/buscar/?q=convivencia", "/sitemap.xml", "/robots.txt", "/mapa-del-sitio/",
]


@pytest.mark.parametrize("url", FIXED_ADDRESSES)
def test_fixed_address_answers(client, demo, url):
    assert client.get(url).status_code == 200


def test_every_public_html_page_has_breadcrumbs_og_tags_and_a_single_h1(client, demo):
    for url in FIXED_ADDRESSES[1:14]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'property="og:title"' in html, url
        assert 'href="#contenido"' in html, url
        if url.count("/") > 2:
            assert 'aria-label="Ruta de navegación"' in html, url


def test_process_map_groups_cards_by_process_type(client, demo):
    html = client.get("/procesos/").content.decode()
    misional = html.index("Procesos misionales")
    assert html.index("C-GS-01", misional) > misional
    assert "Procesos de apoyo" in html and "Procesos estratégicos" in html
    assert "Procesos de evaluación y control" in html


def test_process_card_shows_every_policy_and_phva_row(client, demo):
    response = client.get("/procesos/c-gs-01/")
    html = response.content.decode()
    page = response.context_data["page"]
    policies = html[html.index('id="politicas"'):html.index('id="phva"')]
    assert policies.count("<li>") == 12
    assert html.count('<th scope="row">') == 10
    assert "mm-gsc-p-003" in html and "asesoria-asistencia-tecnica" in html
    assert page.formalization[0].value["name"] in html
    assert 'media="print"' in html


def test_procedure_page_links_decision_branches_to_their_steps(client, demo):
    html = client.get("/procesos/c-gs-01/asesoria-asistencia-tecnica/").content.decode()
    assert html.count('id="actividad-') == 15
    assert "¿Cumple con los requisitos?" in html
    assert 'pasa a la <a href="#actividad-3">actividad 3</a>' in html
    assert 'pasa a la <a href="#actividad-1">actividad 1</a>' in html
    assert "Asistencia Técnica" in html  # a glossary definition


def test_territory_index_lists_and_maps_every_territory(client, demo):
    html = client.get("/territorios/").content.decode()
    for territory in TerritoryPage.objects.live():
        assert territory.title in html
    assert html.count('<polygon class="territory ') == TerritoryPage.objects.live().count() == 6
    assert "<script" not in html  # works with no JavaScript and no tiles
    # Read at a glance: each locality outlined and named, each territory numbered as in the
    # list, a legend that names each status's pattern, and a link to zoom to each locality.
    assert html.count('<polygon class="locality__outline"') == 2
    assert ">Localidad Norte</text>" in html and ">Localidad Sur</text>" in html
    assert [f">{n}</text></g>" in html for n in range(1, 7)] == [True] * 6
    for words in ("Certificado como territorio seguro (relleno liso)",
                  "En la ruta de certificación (rayado)", "Certificación revocada (cuadriculado)"):
        assert words in html
    assert 'href="?localidad=Localidad%20Norte"' in html


@pytest.mark.parametrize(
    "query, expected, absent",
    [
        ("localidad=Localidad+Sur", ["San Martín"], ["Los Almendros"]),
        ("estado=certificado", ["Los Almendros", "San Martín"], ["El Mirador", "Villa del Río"]),
        ("estado=revocado&localidad=Localidad+Sur", ["Villa del Río"], ["San Martín"]),
        ("estado=<script>", ["Los Almendros", "El Mirador"], ["&lt;script"]),
    ],
)
def test_territory_filters(client, demo, query, expected, absent):
    html = client.get(f"/territorios/?{query}").content.decode()
    table = html[html.index("<table"):]
    for name in expected:
        assert name in table
    for name in absent:
        assert name not in table


def test_certified_territory_shows_its_certificate_and_full_route(client, demo):
    from content.templating import long_date
    from records.models import Certificate

    certificate = Certificate.objects.get(territory__code="TER-N-001")
    html = client.get("/territorios/los-almendros/").content.decode()
    assert certificate.number in html
    assert long_date(certificate.valid_until) in html
    assert html.count("Cumplido:") == 9
    assert "Certificado de territorio seguro — Barrio Los Almendros" in html


def test_territory_in_route_shows_where_it_stands(client, demo):
    html = client.get("/territorios/el-mirador/").content.decode()
    assert html.count("Cumplido:") == 5
    assert 'aria-current="step"' in html
    assert "Realización de las miniauditorías" in html


def test_revoked_territory_says_so_with_its_reason(client, demo):
    html = client.get("/territorios/villa-del-rio/").content.decode()
    assert "Certificado revocado" in html
    assert "dejó de sesionar" in html


def test_document_library_filters_by_type_territory_and_year(client, demo):
    assert "Pacto de convivencia" in client.get("/documentos/?tipo=pacto").content.decode()
    html = client.get("/documentos/?tipo=certificado").content.decode()
    assert "Pacto de convivencia — Barrio San Martín" not in html
    html = client.get("/documentos/?territorio=TER-N-002").content.decode()
    assert "miniauditoría — Barrio El Mirador" in html and "San Martín" not in html.split("<h2>")[1]
    html = client.get("/documentos/?anio=2025").content.decode()
    assert "El Mirador" not in html.split("<h2>")[1]


def test_document_page_states_the_legal_ground_of_each_withheld_part(client, demo):
    html = client.get("/documentos/pacto-san-martin/").content.decode()
    assert "Ley 1581 de 2012" in html
    assert "Ley 1712 de 2014 art. 19 — seguridad pública" in html
    assert re.search(r'href="/documents/\d+/pacto-san-martin[^"]*\.pdf"', html)


def test_transparency_menu_has_the_ten_categories_of_anexo_2(client, demo):
    response = client.get("/transparencia/")
    categories = list(response.context_data["categories"])
    assert [c.number for c in categories] == list(range(1, 11))
    assert categories[3].title == "Planeación, presupuesto e informes"
    html = client.get("/transparencia/4/").content.decode()
    assert "Informes trimestrales sobre acceso a información, quejas y reclamos" in html


def test_sitemap_lists_public_pages_and_robots_points_to_it(client, demo):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/procesos/c-gs-01/mm-gsc-p-003/" in sitemap
    assert "/territorios/los-almendros/" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots


def test_map_uses_the_configured_tile_provider_and_none_by_default(client, demo, settings):
    html = client.get("/territorios/").content.decode()
    assert "<image" not in html
    settings.MAP_TILE_URL = "https://tiles.example.gov.co/{z}/{x}/{y}.png"
    html = client.get("/territorios/").content.decode()
    assert 'href="https://tiles.example.gov.co/' in html
    assert html.count('<polygon class="territory ') == 6  # drawn over the tiles


# Transparency items the site itself answers: each must link to its answer, never say
# «En preparación».
ANSWERED_HERE = {"1.1": "/mision/", "1.3": "/procesos/", "1.8": "/atencion/", "1.9": "/procesos/",
                 "1.10": "/atencion/pqrsd/", "4.6": "/documentos/",
                 "4.10": "/atencion/pqrsd/informes/", "5.2": "/procesos/", "7.2": "/api/catalog/"}


def test_transparency_items_the_site_answers_link_to_their_answer(client, demo):
    import re

    from content.models import TransparencyCategoryPage

    found = {}
    for category in TransparencyCategoryPage.objects.live():
        html = client.get(category.url).content.decode()
        for item in category.items:
            number = item.value["number"]
            if number in ANSWERED_HERE:
                start = html.index(f'id="numeral-{number.replace(".", "")}"')
                found[number] = html[start:html.find("</li>", start)]
    assert set(found) == set(ANSWERED_HERE)
    for number, path in ANSWERED_HERE.items():
        assert "preparación" not in found[number], number
        assert re.search(rf'href="[^"]*{re.escape(path)}"', found[number]), (number, found[number])
    # A link to an address is named by what it opens, not by the address.
    assert re.search(r'<a href="[^"]*/api/catalog/">Consultar: Sección de datos abiertos</a>',
                     found["7.2"]), found["7.2"]


def test_every_other_transparency_item_says_who_publishes_it_and_by_when(client, demo):
    import re

    from content.models import TransparencyCategoryPage

    pending = 0
    for category in TransparencyCategoryPage.objects.live():
        html = client.get(category.url).content.decode()
        for item in re.findall(r'<li id="numeral-[^"]+">(.*?)</li>', html, re.S):
            if "preparación" in item:
                pending += 1
                assert re.search(r"En preparación: la publicará la [A-ZÁÉÍÓÚ][^<]+ a más tardar "
                                 r"el \d{1,2} de [a-z]+ de \d{4}\.", item), item
            else:
                assert "href=" in item or "No aplica." in item, item
    assert pending > 0


def test_an_editor_cannot_leave_an_item_without_answer_owner_or_date():
    from django.core.exceptions import ValidationError

    from content.blocks import TransparencyItemBlock

    block = TransparencyItemBlock()
    bare = block.to_python({"number": "2.9", "title": "Normativa pendiente"})
    with pytest.raises(ValidationError) as refused:
        block.clean(bare)
    assert "la dependencia que lo publicará y la fecha límite" in str(refused.value)
    owned = block.to_python({"number": "2.9", "title": "Normativa pendiente",
                             "responsible": "la Oficina Asesora Jurídica",
                             "due_date": "2027-03-31"})
    assert block.clean(owned)["responsible"] == "la Oficina Asesora Jurídica"


@pytest.mark.parametrize("url", ["/procesos/c-gs-01/", "/procesos/c-ar-01/",
                                 "/procesos/c-gs-01/asesoria-asistencia-tecnica/"])
def test_lists_joined_from_the_seeds_carry_no_stray_punctuation(client, demo, url):
    import html

    text = html.unescape(re.sub(r"<[^>]+>", " ", client.get(url).content.decode()))
    assert ".;" not in text, text[text.find(".;") - 80:text.find(".;") + 20]


def test_change_control_dates_never_break_at_their_hyphens(client, demo):
    html = client.get("/procesos/c-gs-01/mm-gsc-p-003/").content.decode()
    assert '<td class="date">2019-06-21</td>' in html


def test_a_locality_with_its_official_boundary_is_drawn_by_it_and_the_legend_says_so(
        client, demo):
    from records.models import Locality, Territory

    points = [p for t in Territory.objects.filter(locality__name="Localidad Norte")
              for ring in t.geometry["coordinates"][:1] for p in ring] \
        if Territory.objects.filter(locality__name="Localidad Norte",
                                    geometry__type="Polygon").exists() else []
    assert points, "the demo's northern territories have polygons"
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons) - 0.01, max(lons) + 0.01, min(lats) - 0.01, max(lats) + 0.01
    north_locality = Locality.objects.get(name="Localidad Norte")
    north_locality.boundary = {"type": "MultiPolygon", "coordinates": [
        [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
        [[[east + 0.01, south], [east + 0.02, south], [east + 0.02, south + 0.01],
          [east + 0.01, south]]],
    ]}
    north_locality.full_clean()
    north_locality.save()
    html = client.get("/territorios/").content.decode()
    svg = html[html.index("<svg class=\"territory-map\""):html.index("</svg>", html.index(
        "<svg class=\"territory-map\"")) + 6]
    # The north by its official line (both parts), the south still by its territories.
    assert svg.count("locality__outline--oficial") == 1
    official = svg[svg.index("locality__outline--oficial"):]
    assert official[:official.index("/>")].count("M") == 2
    assert svg.count('class="locality__outline"') == 1
    assert ">Localidad Norte</text>" in svg and ">Localidad Sur</text>" in svg
    assert "Límite oficial de la localidad (línea continua)" in html
    assert "sin límite oficial cargado (línea discontinua)" in html
    # Zoomed to one locality that has its line: only the official entry is explained.
    html = client.get("/territorios/?localidad=Localidad+Norte").content.decode()
    assert "Límite oficial de la localidad (línea continua)" in html
    assert "sin límite oficial cargado" not in html


def test_without_official_boundaries_the_legend_explains_the_approximate_outline(client, demo):
    html = client.get("/territorios/").content.decode()
    assert "locality__outline--oficial" not in html
    assert "sin límite oficial cargado (línea discontinua)" in html


def test_without_tiles_the_barrios_fill_the_map(client, demo):
    import re

    from content.geo import HEIGHT, PAD, WIDTH

    html = client.get("/territorios/").content.decode()
    points = [tuple(map(float, pair.split(",")))
              for shape in re.findall(r'<polygon class="territory [^"]*" points="([^"]+)"', html)
              for pair in shape.split()]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    # At least one side spans the whole frame but its margins, and nothing is cut off.
    assert max((max(xs) - min(xs)) / (WIDTH - 2 * PAD),
               (max(ys) - min(ys)) / (HEIGHT - 2 * PAD)) > 0.98
    assert min(xs) >= PAD - 1 and max(xs) <= WIDTH - PAD + 1
    assert min(ys) >= PAD - 1 and max(ys) <= HEIGHT - PAD + 1


def test_a_page_restricted_by_an_editor_is_named_on_no_public_listing(client, demo):
    """Wagtail's privacy setting (login or password) protects the page; its title and date
    must not show on the menu, the home page or the indexes either."""
    from wagtail.models import PageViewRestriction

    from content.models import DocumentPage, MissionPage

    document = DocumentPage.objects.live().order_by("-date").first()
    mission = MissionPage.objects.live().get()
    shown = client.get("/").content.decode()
    assert document.title in shown and f'href="{mission.url}"' in shown

    restrictions = [
        PageViewRestriction.objects.create(page=document, restriction_type="password",
                                           password="solo-comite"),
        PageViewRestriction.objects.create(page=mission, restriction_type="login"),
    ]
    for url in ("/", "/documentos/"):
        html = client.get(url).content.decode()
        assert document.title not in html, url
        assert f'href="{mission.url}"' not in html, url
    assert client.get(document.url).status_code == 200  # its password form, not the page
    assert "solo-comite" not in client.get(document.url).content.decode()

    for restriction in restrictions:  # opened again: listed again at once
        restriction.delete()
    shown = client.get("/").content.decode()
    assert document.title in shown and f'href="{mission.url}"' in shown


def test_the_site_map_for_people_lists_public_pages_only(client, demo):
    from wagtail.models import Page, PageViewRestriction

    private = Page.objects.get(url_path__endswith="/documentos/")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get("/mapa-del-sitio/").content.decode()
    assert '<a href="/mision/">' in html and '<a href="/procesos/c-gs-01/">' in html
    assert '<a href="/transparencia/1/">' in html  # three levels down
    assert "/documentos/" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    footer = html[html.index("<footer"):]
    assert '<a href="/mapa-del-sitio/">Mapa del sitio</a>' in footer
