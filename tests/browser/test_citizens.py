"""A citizen files a PQRSD and tracks it in a real browser, without JavaScript of ours."""

import re

import pytest

from tests.browser.conftest import file_petition, inject_axe

pytestmark = pytest.mark.browser


def axe_violations(page):
    inject_axe(page)
    return page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                         "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")["violations"]


def test_file_and_track_a_petition(page, portal_url):
    page.goto(portal_url + "/atencion/pqrsd/")
    file_petition(page)
    body = page.inner_text("main")
    assert "Su solicitud fue radicada" in body, body
    radicado = re.search(r"Número de radicado: (\d{4}-\d{6})", body).group(1)
    code = re.search(r"Código de consulta: ([A-Z0-9]{12})", body).group(1)
    assert axe_violations(page) == []
    # The citizen keeps the receipt: a PDF download (and a print button).
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar la constancia en PDF").click()
    assert download.value.suggested_filename == f"radicado-{radicado}.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    assert page.get_by_role("button", name="Imprimir esta constancia").is_visible()

    page.goto(portal_url + "/atencion/pqrsd/consulta/")
    page.get_by_label("Número de radicado").fill(radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_load_state()
    body = page.inner_text("main")
    assert f"Solicitud {radicado}" in body and "Radicada" in body
    assert "Carlos Andrés Díaz" not in body


def test_the_accessibility_tools_keep_typed_data_and_the_receipt(page, portal_url):
    page.goto(portal_url + "/atencion/pqrsd/")
    page.get_by_label("Asunto").fill("Alumbrado dañado")
    page.get_by_role("link", name="Aumentar el texto").click()
    # Applied where the citizen is: the typed text stays, the page is larger.
    page.wait_for_function("document.documentElement.classList.contains('texto-grande')")
    assert page.get_by_label("Asunto").input_value() == "Alumbrado dañado"
    assert page.evaluate("document.activeElement.textContent") == "Aumentar más el texto"
    file_petition(page, subject=None, description="La luminaria de la esquina no enciende.",
                  name="Luz Marina Peña", email="luz@example.org")
    code = re.search(r"Código de consulta: ([A-Z0-9]{12})", page.inner_text("main")).group(1)
    # The receipt is shown once: switching contrast must not lose its code.
    page.get_by_role("link", name="Alto contraste").click()
    page.wait_for_function("document.documentElement.classList.contains('contraste-alto')")
    assert code in page.inner_text("main")
    assert page.get_by_role("link", name="Quitar el alto contraste").is_visible()
    assert axe_violations(page) == []
    # And the choice is remembered on the next page, as without JavaScript.
    page.goto(portal_url + "/mision/")
    assert page.evaluate("document.documentElement.className") == "texto-grande contraste-alto"


def test_errors_are_announced_and_linked_to_their_fields(page, portal_url):
    page.goto(portal_url + "/atencion/pqrsd/")
    page.get_by_role("button", name="Radicar solicitud").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Revise el formulario" in summary.inner_text()
    assert "Ley 1581 de 2012" in summary.inner_text()
    assert page.locator("[aria-invalid=true]").count() >= 2
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 390])
def test_the_forms_fit_a_phone_without_sideways_scroll(page, portal_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in ("/atencion/pqrsd/", "/atencion/pqrsd/consulta/", "/atencion/inscribe-tu-barrio/"):
        page.goto(portal_url + url)
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.table-scroll'))
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
            .slice(0, 8)""")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, wide)
