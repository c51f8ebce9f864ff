"""Staff see whether each notice to a petitioner went out: the outbox and the petition's
inline, at phone and desktop widths, with axe."""

import pytest

from tests.browser.conftest import inject_axe
from tests.browser.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.browser


def axe_violations(page):
    inject_axe(page)
    result = page.evaluate(
        "tags => axe.run(document.querySelector('#content-main'), "
        "{runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_outbox_and_a_petitions_notices_read_well_and_pass_axe(page, portal_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    # Two citizens file with an e-mail address (the demo's petitions have none), so a search
    # for one radicado shows "1 resultado (N total)" with its link.
    radicados = []
    for name in ("Ana Ruiz", "Luis Mora"):
        filed = page.request.post(portal_url + "/api/pqrsd/", data={
            "type": "peticion", "subject": "Alumbrado del parque",
            "description": "Solicito información sobre el alumbrado del parque del barrio.",
            "name": name, "id_type": "CC", "id_number": "1012345678",
            "email": "ana@example.org", "reply_channel": "correo", "consent": True})
        assert filed.status == 201, filed.text()
        radicados.append(filed.json()["radicado"])
    radicado = radicados[0]
    page.goto(portal_url + "/admin/login/")
    page.get_by_label("Nombre de usuario").fill("coordinador")
    page.get_by_label("Contraseña").fill("convive-demo")
    page.locator("#login-form [type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{portal_url}/admin/citizens/notice/?q={radicado}")
    listing = page.inner_text("#content-main")
    assert "Enviado" in listing  # the demo's notices went out through the queue
    assert (violations := axe_violations(page)) == [], describe(violations)
    # axe judges "(N total)" beside the result count by colour contrast, which varies with
    # rendering; underlined, it is told apart from the grey text without colour (WCAG 1.4.1).
    decoration = page.locator("#changelist-search .small a").first.evaluate(
        "a => getComputedStyle(a).textDecorationLine")
    assert "underline" in decoration

    page.locator("#result_list tbody a").first.click()
    page.wait_for_load_state()
    detail = page.inner_text("#content-main")
    assert "Enviado" in detail and "Destinatario" in detail  # Coordinación may read both
    assert (violations := axe_violations(page)) == [], describe(violations)

    page.goto(f"{portal_url}/admin/citizens/petition/?q={radicado}")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_load_state()
    assert "AVISOS POR CORREO AL PETICIONARIO" in page.inner_text("#content-main").upper()
    assert (violations := axe_violations(page)) == [], describe(violations)
