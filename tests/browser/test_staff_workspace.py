"""The staff workspace in a real browser, at desktop and phone widths, with axe: a gestor
closes a certification step from the case's page, a unit answers a petition from its page,
a coordinator sees every error of a spreadsheet at once and imports the corrected file.

With SCREENSHOTS=docs/screenshots the pages are also saved there (README shows them)."""

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, inject_axe, log_in
from tests.browser.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.browser
WIDTHS = (1366, 390)


def check_page(tab, name):
    """axe at both widths, no sideways scroll on the phone, and the screenshot if asked."""
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        inject_axe(tab)
        violations = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: "
                                  "tags}}).then(r => r.violations)", WCAG_TAGS)
        assert violations == [], f"{name} @ {width}px:\n" + describe(violations)
        folder = os.environ.get("SCREENSHOTS")
        if folder:
            target = ROOT / folder if not Path(folder).is_absolute() else Path(folder)
            target.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(target / f"{name}-{width}.png"), full_page=True)
    tab.set_viewport_size({"width": 1366, "height": 900})


def messages(tab):
    return " ".join(tab.locator("ul.messagelist li").all_inner_texts())


def test_a_gestor_files_the_records_and_closes_a_certification_step(page, portal_url):
    url = portal_url
    log_in(page, url, "/admin/login/", "gestor_norte")
    # «Mi trabajo» first: the count of cases at each step links to them.
    assert "Mi trabajo" in page.inner_text("#content")
    check_page(page, "admin-mi-trabajo-gestor")
    page.goto(f"{url}/admin/records/case/?q=El Mirador")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_load_state()
    work = page.locator("#trabajo")
    assert "Actividad actual: 6" in work.inner_text()
    assert "Falta" in work.inner_text()
    check_page(page, "admin-caso-actividad")
    # The record type comes from the step's own list; the file is the original minutes.
    kind = page.locator("#trabajo select[name=kind] option").first.get_attribute("value")
    page.select_option("#trabajo select[name=kind]", kind)
    page.fill("#trabajo textarea[name=description]", "Informe de la tercera miniauditoría.")
    page.locator("#trabajo button", has_text="Agregar registro").click()
    page.wait_for_load_state()
    assert f"Registro «{kind}» agregado a la actividad 6." in messages(page)
    page.locator("#trabajo button", has_text="Cerrar la actividad 6").click()
    page.wait_for_load_state()
    said = messages(page)
    # Either the step closes, or its rule says in Spanish what it still needs.
    assert ("Actividad 6 cerrada. Ahora: actividad 7." in said
            or re.search(r"No se cerró la actividad: Para cerrar la actividad 6 .* se exigen", said)), said
    assert "Historial" in page.inner_text("#trabajo")


def test_a_unit_answers_a_petition_from_its_page(page, portal_url):
    url = portal_url
    log_in(page, url, "/admin/login/", "convivencia")
    page.locator("#content .my-work a", has_text="PQRSD abiertas").click()
    page.wait_for_load_state()
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state()
    term = page.inner_text(".petition-term")
    assert "Vence el" in term and "Siguiente paso:" in term and "hábil" in term
    check_page(page, "admin-pqrsd-plazo")
    page.locator(".object-tools a", has_text="Responder").click()
    page.wait_for_load_state()
    page.fill("textarea[name=text]", "La Secretaría revisó su solicitud y le informa que la "
                                     "jornada de convivencia se programó para el próximo mes.")
    page.locator("#content form [type=submit]").first.click()
    page.wait_for_load_state()
    assert "Respondida" in page.inner_text("#content")
    assert "Cerrar el trámite" in page.inner_text(".petition-term")


def test_a_coordinator_sees_every_error_then_imports_the_corrected_file(page, portal_url,
                                                                          tmp_path):
    url = portal_url
    log_in(page, url, "/admin/login/", "coordinador")
    page.goto(f"{url}/admin/records/activity/?q=Los Almendros")
    code = page.locator("#result_list tbody th a").first.inner_text().strip()
    assert re.fullmatch(r"ACT-\d{4}-\d{4}", code), code
    header = "Actividad (código);Nombre completo;Número de documento;Teléfono;Correo electrónico;Organización o entidad"

    def upload(name, rows):
        # As Excel in Spanish saves «CSV (delimitado por comas)»: semicolons, Windows-1252.
        path = tmp_path / name
        path.write_bytes("\r\n".join([header] + [f"{code};{row}" for row in rows]).encode("cp1252"))
        page.goto(f"{url}/admin/records/attendee/import/")
        # The file picker speaks Spanish whatever the browser's language.
        assert page.inner_text(".file-picker").split() == [
            "Elegir", "archivo…", "Ningún", "archivo", "elegido"], page.inner_text(".file-picker")
        page.set_input_files("input[name=import_file]", str(path))
        assert page.inner_text(".file-picker-name") == name
        page.select_option("select[name=format]", label="csv")
        page.locator("#content form [type=submit]").first.click()
        page.wait_for_load_state()
        return page.inner_text("#content")

    errors = upload("asistencia.csv", [
        "Luz Dary Peña;1.030.111.222;;correo-malo;JAC", ";1.030.111.223;;;",
        "Óscar Ruíz;ABC;;;", "María Fernanda Ríos;1.030.111.225;;;JAC"])
    for message in ("correo electrónico válida", "no puede estar en blanco",
                    "«ABC» no es un número de documento"):
        assert message in errors
    assert page.locator("input[value='Confirmar importación'], button:has-text('Confirmar')").count() == 0
    check_page(page, "admin-importacion-errores")
    upload("asistencia-corregida.csv", [
        "Luz Dary Peña;1.030.111.222;;luz.pena@example.org;JAC", "Jhon Jairo Mena;1.030.111.223;;;",
        "Óscar Ruíz;1.030.111.224;;;", "María Fernanda Ríos;1.030.111.225;;;JAC"])
    assert "vista previa" in page.inner_text("#content").lower()
    check_page(page, "admin-importacion-vista-previa")
    page.locator("#content form [type=submit]").first.click()
    page.wait_for_load_state()
    assert re.search(r"Importación terminada: 4 nuevos", messages(page)), messages(page)


def test_the_api_documentation_speaks_spanish_in_the_browser(page, portal_url):
    page.goto(portal_url + "/api/docs/")
    page.locator(".swagger-ui .opblock-tag").first.wait_for()
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.locator(".swagger-ui .try-out__btn").first.wait_for()
    text = page.inner_text("#swagger-ui")
    assert "Autorizar" in text and "Probar" in text and "Parámetros" in text
    for english in ("Authorize", "Try it out", "Parameters", "Responses"):
        assert english not in text, english
    groups = page.locator(".swagger-ui .opblock-tag").all_inner_texts()
    assert any("territorios" in g for g in groups) and not any(
        g.strip().startswith(("territories", "records", "datasets")) for g in groups), groups
