"""The portal as a citizen meets it on a phone and a desktop: gov.co's bar and footer, a
menu that folds on a phone, display tools that work without JavaScript.

With SCREENSHOTS=docs/screenshots the main pages are saved at both widths (README)."""

from contextlib import contextmanager

import pytest

from tests.browser.test_staff_workspace import check_page

pytestmark = pytest.mark.browser
MAIN_PAGES = {
    "portal-inicio": "/", "portal-ficha-de-proceso": "/procesos/c-gs-01/",
    "portal-procedimiento": "/procesos/c-gs-01/asesoria-asistencia-tecnica/",
    "portal-territorios": "/territorios/", "portal-documentos": "/documentos/",
    "portal-pqrsd": "/atencion/pqrsd/", "portal-mapa-del-sitio": "/mapa-del-sitio/",
}


@contextmanager
def tab_at(browser, url, width, height=800):
    """A tab on ``url`` in a window ``width`` px wide, closed afterwards."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        tab = context.new_page()
        tab.goto(url)
        yield tab
    finally:
        context.close()


@pytest.mark.parametrize("name, path", MAIN_PAGES.items())
def test_main_pages_pass_axe_at_both_widths(page, portal_url, name, path):
    page.goto(portal_url + path)
    check_page(page, name)


def test_on_a_phone_the_header_is_short_and_the_menu_folds(browser, portal_url):
    context = browser.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(portal_url + "/")
    header = tab.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert header <= 170, header  # 348 of 844 px before
    menu = tab.locator(".main-nav__compact summary")
    assert menu.is_visible() and menu.inner_text().strip() == "Menú"
    assert not tab.locator(".main-nav__compact a").first.is_visible()
    menu.click()
    links = tab.locator(".main-nav__compact a")
    assert links.first.is_visible() and links.count() >= 5
    check_page(tab, "portal-menu-abierto")
    context.close()


def test_on_a_desktop_the_menu_is_one_row(page, portal_url):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(portal_url + "/")
    tops = page.evaluate("[...document.querySelectorAll('.main-nav__wide a')]"
                         ".map(a => Math.round(a.getBoundingClientRect().top))")
    assert len(tops) >= 5 and len(set(tops)) == 1, tops


@pytest.mark.parametrize("path", ["/", "/territorios/", "/atencion/pqrsd/", "/procesos/c-gs-01/"])
def test_nothing_scrolls_sideways_at_320_px(browser, portal_url, path):
    with tab_at(browser, portal_url + path, 320, 700) as tab:
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow


@pytest.mark.parametrize("path", ["/", "/territorios/", "/atencion/pqrsd/", "/procesos/c-gs-01/",
                                  "/procesos/c-gs-01/mm-gsc-p-003/", "/transparencia/7/",
                                  "/buscar/?q=barrio", "/mision/"])
def test_the_largest_text_still_fits_a_phone(browser, portal_url, path):
    # The gov.co «Aumentar más el texto» at 150 %: a phone reader's usual setting.
    with tab_at(browser, portal_url + "/preferencias/?texto=muy-grande&volver=" + path,
                390, 800) as tab:
        assert "texto-muy-grande" in tab.evaluate("document.documentElement.className")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        # The outermost elements that stick out, to name the culprit when it fails.
        wide = tab.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 60))""")
    assert overflow <= 0, (overflow, wide)


def test_text_size_and_contrast_work_without_javascript(browser, portal_url):
    context = browser.new_context(locale="es-CO", java_script_enabled=False,
                                  viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.goto(portal_url + "/territorios/?estado=certificado")
    before = tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    tab.get_by_role("link", name="Aumentar el texto").click()
    assert tab.url.endswith("/territorios/?estado=certificado")  # the filter is kept
    after = tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after == pytest.approx(before * 1.25)
    tab.get_by_role("link", name="Alto contraste").click()
    tab.goto(portal_url + "/mision/")  # remembered on the next page
    assert tab.evaluate("document.documentElement.className") == "texto-grande contraste-alto"
    context.close()
    # The same choices, checked by axe with JavaScript on (contrast of the new colours).
    context = browser.new_context(locale="es-CO", viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.goto(portal_url + "/preferencias/?texto=muy-grande&contraste=alto&volver=/territorios/")
    check_page(tab, "portal-alto-contraste")
    # A public document: its download links are drawn as buttons.
    tab.goto(portal_url + "/documentos/")
    document = tab.eval_on_selector_all(
        "main a[href^='/documentos/']",
        "links => links.map(a => a.getAttribute('href')).find(h => h.split('/').length > 3)")
    tab.goto(portal_url + document)
    assert tab.locator("main a.button").count() >= 1
    check_page(tab, "documento-alto-contraste")
    context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_the_map_legend_keeps_its_samples_whole(browser, portal_url, width):
    # Flex items shrink to fit their words: a 28 px sample of a dashed outline became a
    # 2 px dash at 390 px, which no longer told what it stands for.
    with tab_at(browser, portal_url + "/territorios/", width) as tab:
        widths = tab.evaluate("[...document.querySelectorAll('.map-legend svg')]"
                              ".map(s => Math.round(s.getBoundingClientRect().width))")
    assert widths and set(widths) == {28}, widths


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_the_map_numbers_stay_readable(browser, portal_url, width):
    # Drawn 640 units wide, a map squeezed into a phone drew its 12-unit numbers at 6-7 px.
    with tab_at(browser, portal_url + "/territorios/", width) as tab:
        sizes = tab.evaluate("[...document.querySelectorAll('.territory-map .marker text')]"
                             ".map(t => t.getBoundingClientRect().height)")
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        region = tab.evaluate("document.querySelector('.map-scroll').getAttribute('tabindex')")
    assert sizes and min(sizes) >= 11, sizes
    assert overflow <= 0, overflow  # the map scrolls in its own frame, not the page
    assert region == "0"  # reachable and scrollable with the keyboard


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_each_territory_is_a_card_with_every_column(browser, portal_url, width):
    # Five columns do not fit in 390 px: the status was cut at the edge of a scrolling
    # table. Each row is now a card that names its columns, and still a table row for
    # screen readers.
    with tab_at(browser, portal_url + "/territorios/", width) as tab:
        rows = tab.get_by_role("row").count()  # the heading row and six territories
        edges = tab.evaluate("[...document.querySelectorAll('table.stacked td, table.stacked th a, "
                             "table.stacked .status')].map(e => e.getBoundingClientRect().right)")
        labels = tab.evaluate("[...document.querySelectorAll('table.stacked tbody tr:first-child "
                              "td')].map(td => getComputedStyle(td, '::before').content)")
        header = tab.evaluate("document.querySelector('table.stacked thead')"
                              ".getBoundingClientRect().height")
    assert rows == 7
    assert max(edges) <= width, max(edges)
    assert labels[1:] == ['"Localidad: "', '"Estado: "', '"Paso de la ruta: "'], labels
    assert header <= 1  # the column names are in the cards, once


@pytest.mark.parametrize("width", [1366, 390])
def test_the_page_ends_with_room_before_the_footer(browser, portal_url, width):
    # main's bottom padding was overridden by .wrap's, so a page ending in a table
    # ran into the footer.
    with tab_at(browser, portal_url + "/territorios/", width) as tab:
        gap = tab.evaluate("document.querySelector('footer').getBoundingClientRect().top"
                           " - document.querySelector('main table').getBoundingClientRect().bottom")
    assert gap >= 32, gap
