"""WCAG 2.1 A and AA (axe-core) on one page of every public page type, in headless Chromium."""

import pytest

from tests.browser.conftest import inject_axe

pytestmark = pytest.mark.browser
PAGES = [
    "/", "/mision/", "/procesos/", "/procesos/c-gs-01/", "/procesos/c-gs-01/mm-gsc-p-003/",
    "/territorios/", "/territorios/los-almendros/", "/documentos/", "/documentos/pacto-san-martin/",
    "/transparencia/", "/transparencia/1/", "/buscar/?q=convivencia", "/no-existe/",
    "/atencion/", "/atencion/pqrsd/", "/atencion/pqrsd/consulta/", "/atencion/pqrsd/informes/",
    "/atencion/inscribe-tu-barrio/", "/politica-de-tratamiento-de-datos/",
    "/terminos-y-condiciones/",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations_and_no_foreign_requests(page, portal_url, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    foreign = []
    page.on("request", lambda request: foreign.append(request.url)
            if not request.url.startswith((portal_url, "data:")) else None)
    page.goto(portal_url + path)
    inject_axe(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["violations"] == [], describe(result["violations"])
    assert foreign == []


@pytest.mark.parametrize("width", [360, 1280])
def test_mobile_and_desktop_layouts_fit_without_horizontal_scroll(browser, portal_url, width):
    from tests.browser.test_portal_conventions import tab_at

    with tab_at(browser, portal_url + "/procesos/c-gs-01/mm-gsc-p-003/", width) as tab:
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_skip_link_is_the_first_stop_is_visible_and_moves_focus(page, portal_url):
    page.goto(portal_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido principal"
    box = page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return [r.left, r.top, r.width, r.height]; })()"
    )
    assert box[0] >= 0 and box[1] >= 0 and box[2] > 0 and box[3] > 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"


def test_filters_work_with_the_keyboard_and_without_javascript(browser, portal_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(portal_url + "/territorios/")
    tab.select_option("#f-estado", "certificado")
    tab.click("button[type=submit]")
    rows = tab.locator("tbody tr").count()
    context.close()
    assert rows == 2
