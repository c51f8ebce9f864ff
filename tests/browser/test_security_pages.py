"""Pages the security work added, in a real browser at phone and desktop widths with axe:
the login lockout, the answer to a refused filter, and a receipt whose code cookie is gone."""

import pytest

from tests.browser.conftest import file_petition, inject_axe

pytestmark = pytest.mark.browser

WIDTHS = [390, 1366]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def tab_at(browser, width, **options):
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": 844},
                                  **options)
    return context, context.new_page()


def assert_fits_and_is_accessible(tab):
    inject_axe(tab)
    result = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                          WCAG)
    assert result["violations"] == [], [v["id"] for v in result["violations"]]
    assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_lockout_page_explains_itself(browser, portal_url, width):
    context, tab = tab_at(browser, width,
                          extra_http_headers={"X-Forwarded-For": f"10.66.0.{width % 250}"})
    try:
        for _ in range(6):
            tab.goto(portal_url + "/admin/login/")
            tab.locator("input[name=username]").fill(f"intruso{width}")
            tab.locator("input[name=password]").fill("no-es-la-clave")
            tab.locator("form [type=submit]").click()
            tab.wait_for_load_state()
        assert "Demasiados intentos fallidos" in tab.inner_text("main")
        assert_fits_and_is_accessible(tab)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_refused_filter_answers_a_spanish_page(browser, portal_url, width):
    context, tab = tab_at(browser, width)
    try:
        tab.goto(portal_url + "/admin/login/")
        tab.locator("input[name=username]").fill("analista")
        tab.locator("input[name=password]").fill("convive-demo")
        tab.locator("form [type=submit]").click()
        tab.wait_for_load_state()
        response = tab.goto(portal_url + "/admin/records/attendee/?full_name__regex=%5EM")
        assert response.status == 400
        assert "Solicitud no válida" in tab.inner_text("main")
        assert_fits_and_is_accessible(tab)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_receipt_without_its_code_cookie_says_where_the_code_is(browser, portal_url, width):
    context, tab = tab_at(browser, width)

    def drop_code_key(route):
        # The filing's answer, minus the cookie that holds the code's key (as a browser
        # that refuses or loses it would).
        if route.request.method != "POST":
            return route.continue_()
        response = route.fetch(max_redirects=0)
        context.clear_cookies(name="convive_recibo")  # fetch shares the context's cookie jar
        headers = [h for h in response.headers_array
                   if not (h["name"].lower() == "set-cookie"
                           and h["value"].startswith("convive_recibo="))]
        merged = {}
        for header in headers:
            name = header["name"].lower()
            merged[name] = (merged[name] + "\n" + header["value"]) if name in merged else header[
                "value"]
        route.fulfill(status=response.status, headers=merged, body=response.body())

    try:
        tab.route("**/atencion/pqrsd/", drop_code_key)
        tab.goto(portal_url + "/atencion/pqrsd/")
        file_petition(tab, kind="consulta", subject="Horario de atención",
                      description="Quisiera saber el horario de la casa de justicia.",
                      name="Luisa Fernanda Roa", email="luisa@example.org")
        body = tab.inner_text("main")
        assert "Número de radicado" in body and "no conservó el código de consulta" in body
        assert_fits_and_is_accessible(tab)
    finally:
        context.close()
