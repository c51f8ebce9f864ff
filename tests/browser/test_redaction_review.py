"""A reviewer marks an extra area by dragging on a page preview in the admin."""


import pytest

from tests.browser.conftest import inject_axe
from tests.browser.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.browser


def open_review(page, portal_url):
    """Log in as Coordinación and prepare a public version of the first demo original."""
    page.goto(portal_url + "/admin/login/")
    page.get_by_label("Nombre de usuario").fill("coordinador")
    page.get_by_label("Contraseña").fill("convive-demo")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_load_state()
    for pk in range(1, 30):
        page.goto(f"{portal_url}/admin/records/caserecord/{pk}/change/")
        link = page.get_by_role("link", name="Preparar versión pública")
        if link.count():
            break
    else:
        pytest.fail("ningún registro de demostración tiene original")
    link.click()
    page.get_by_role("button", name="Detectar datos a retirar").click()
    page.wait_for_load_state()
    assert "Áreas propuestas" in page.inner_text("#content-main")


def test_dragging_on_a_page_adds_an_area_in_pdf_points(page, portal_url):
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    open_review(page, portal_url)
    image = page.locator("img[data-page='1']")
    page.wait_for_function("img => { img.scrollIntoView({block: 'start'}); "
                           "return img.complete && img.naturalWidth > 0; }",
                           arg=image.element_handle())
    box = image.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 60, steps=5)
    page.mouse.up()
    value = page.locator("#extra_areas").input_value()
    assert value.strip() and not problems, problems
    line = value.strip().splitlines()[-1]
    number, x0, y0, x1, y1, ground = [part.strip() for part in line.split(";")]
    assert number == "1" and ground == "seguridad_publica"
    # 100 × 40 CSS pixels on an image scaled to fit: in PDF points, proportional to the page.
    scale = 595 / box["width"]
    assert abs(float(x1) - float(x0) - 100 * scale) < 3
    assert abs(float(y1) - float(y0) - 40 * scale) < 3


@pytest.mark.parametrize("width", [390, 1366])
def test_the_proposals_table_shows_why_each_area_was_proposed_and_passes_axe(
        page, portal_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_review(page, portal_url)
    table = page.locator("#content-main table").first
    shown = table.inner_text()
    assert "MOTIVO" in shown.upper()  # the admin's CSS upper-cases column titles
    assert "identificado con" in shown and "confianza" in shown
    inject_axe(page)
    result = page.evaluate(
        "tags => axe.run(document.querySelector('#content-main'), "
        "{runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert result["violations"] == [], describe(result["violations"])
