"""Low code, end to end: an editor writes a new procedure with its rules in /cms/, the
workflow publishes it, a gestor runs a case on it in /admin/ and through the API, a rule
refuses a step in Spanish naming it, and the procedure is in the open data. No code."""

import re

import pytest

from tests.browser.conftest import inject_axe, log_in
from tests.browser.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.browser
_PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError

TITLE = "Acompañamiento a instancias de participación"
# Step 0 of a new stream: the last "insert" button of the steps' own container (the ones
# nested inside a step belong to its rules).
ADD_STEP = """() => { const c = document.querySelector('#steps-root > [data-streamfield-stream-container]');
  const buttons = [...c.querySelectorAll('button.c-sf-add-button')]
    .filter(b => b.closest('[data-streamfield-stream-container]') === c);
  buttons[buttons.length - 1].click(); }"""


def add_step(tab, index, number, code, description, records=(), rules=()):
    tab.evaluate(ADD_STEP)
    prefix = f"steps-{index}-value"
    tab.locator(f"[name='{prefix}-number']").wait_for()
    tab.fill(f"[name='{prefix}-number']", str(number))
    tab.fill(f"[name='{prefix}-code']", code)
    tab.fill(f"[name='{prefix}-description']", description)
    for j, record in enumerate(records):
        field = tab.locator(f"[name='{prefix}-records-{j}-value']")
        add = tab.locator(f"input[name='{prefix}-records-count'] >> xpath=..").locator(
            "button[title='Agregar']").last
        # On a loaded machine the list block may draw its button before it listens: press
        # again until the new field appears (once it does, no further press is made).
        for _attempt in range(4):
            add.click()
            try:
                field.wait_for(timeout=5000)
                break
            except _PlaywrightTimeout:
                continue
        field.fill(record)
    for j, (label, fields) in enumerate(rules):
        tab.locator(f"input[name='{prefix}-rules-count'] >> xpath=..").locator(
            "button[title='Insertar un bloque']").last.click()
        tab.get_by_role("option", name=label).click()
        for name, value in fields.items():
            field = tab.locator(f"[name='{prefix}-rules-{j}-value-{name}']")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(str(value))


def workflow_approve(browser, url, page_id, username):
    context = browser.new_context(locale="es-CO", viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    log_in(tab, url, "/cms/login/", username)
    tab.goto(f"{url}/cms/pages/{page_id}/edit/")
    tab.wait_for_load_state("networkidle")
    broken = tab.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0)"
                          ".map(i => i.src)")
    assert broken == [], broken  # avatars included
    # During the workflow nobody gets a plain «Publicar» (it would cancel the workflow).
    assert tab.locator("footer button[name=action-publish]").count() == 0
    approve = tab.locator("footer button[data-workflow-action-name=approve]"
                          ":not([data-workflow-action-modal-url])")
    if not approve.is_visible():
        tab.locator("footer .w-dropdown__toggle").click()
    approve.click()
    tab.wait_for_load_state()
    said = " ".join(tab.locator(".messages li").all_inner_texts())
    context.close()
    return said


def close_current_step(tab, url, case_title) -> str:
    """The case list's action, as staff use it; returns the messages it shows."""
    tab.goto(f"{url}/admin/records/case/?q={case_title}")
    tab.locator("#result_list tbody input.action-select").first.check()
    tab.select_option("select[name=action]", "close_current_step")
    tab.locator("button[name=index], .actions button[type=submit]").first.click()
    tab.wait_for_load_state()
    return " ".join(tab.locator("ul.messagelist li").all_inner_texts())


def test_an_editor_publishes_a_procedure_and_staff_run_cases_on_its_rules(browser, page, portal_url):
    url = portal_url
    page.set_viewport_size({"width": 1366, "height": 900})
    # 1. The editor writes the procedure under the process card C-GS-01 and sends it on.
    log_in(page, url, "/cms/login/", "editora")
    cards = page.request.get(url + "/api/content/pages/?type=content.ProcessCardPage&fields=code")
    card_id = next(card["id"] for card in cards.json()["items"] if card["code"] == "C-GS-01")
    page.goto(f"{url}/cms/pages/add/content/procedurepage/{card_id}/")
    page.fill("[name=title]", TITLE)
    page.fill("[name=code]", "GS-P-010")
    page.fill("[name=version]", "1")
    page.fill("[name=change_description]", "Creación del procedimiento.")
    page.fill("[name=objective]", "Acompañar las instancias de participación ciudadana en "
                                  "seguridad y convivencia.")
    page.fill("[name=scope]", "Desde la convocatoria hasta el seguimiento de los compromisos.")
    add_step(page, 0, 1, "convocatoria", "Convocar la instancia de participación.",
             records=["Oficio de convocatoria"])
    add_step(page, 1, 2, "sesion", "Acompañar la sesión y registrar los compromisos acordados.",
             rules=[("Exige registros", {"record_type": "compromisos", "minimum": 1})])
    add_step(page, 2, 3, "seguimiento", "Hacer seguimiento a los compromisos hasta cerrarlos.",
             rules=[("Exige los compromisos cerrados", {})])
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer button[name=action-submit]").click()
    page.wait_for_load_state()
    page.goto(url + "/cms/pages/search/?q=instancias")
    edit = page.locator("a[href*='/edit/']", has_text=TITLE).first.get_attribute("href")
    page_id = re.search(r"/cms/pages/(\d+)/edit/", edit).group(1)

    # 2. The workflow: Revisores review, Aprobadores approve and publish.
    workflow_approve(browser, url, page_id, "revisor")
    said = workflow_approve(browser, url, page_id, "aprobador")
    assert f"«{TITLE}» quedó aprobada y publicada en el portal." in said, said

    # The portal shows the procedure with each step's rules in Spanish, at both widths.
    public = page.request.get(f"{url}/api/content/pages/?type=content.ProcedurePage"
                              f"&fields=case_steps&code=GS-P-010").json()["items"]
    assert public and public[0]["case_steps"][1]["rules"][0]["record_type"] == "compromisos"
    page.goto(public[0]["meta"]["html_url"])
    assert "Al menos 1 de: compromisos del pacto." in page.inner_text("main")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        inject_axe(page)
        violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                                   ".then(r => r.violations)", WCAG_TAGS)
        assert violations == [], describe(violations)
    page.set_viewport_size({"width": 1366, "height": 900})

    # 3. A gestor opens a case on it in the admin, for a territory of their own.
    context = browser.new_context(locale="es-CO", viewport={"width": 1366, "height": 900})
    staff = context.new_page()
    log_in(staff, url, "/admin/login/", "gestor_norte")
    staff.goto(url + "/admin/records/case/add/")
    staff.select_option("#id_kind", "procedimiento")
    staff.select_option("#id_procedure", label="GS-P-010 v1")
    staff.locator("#id_territory + .select2 .select2-selection").click()
    staff.locator(".select2-search__field").fill("TER-N-003")
    staff.locator(".select2-results__option", has_text="TER-N-003").first.click()
    staff.fill("#id_title", "Acompañamiento a la junta de acción comunal")
    staff.locator("input[name=_save]").click()
    staff.wait_for_load_state()
    assert "fue agregado correctamente" in staff.inner_text("ul.messagelist")

    # Step 1 needs its named record; the gestor files it and closes the step from the
    # case's own page, picking the record type from the step's list.
    staff.goto(f"{url}/admin/records/case/?q=junta de acción comunal")
    staff.locator("#result_list tbody a").first.click()
    staff.wait_for_load_state()
    staff.locator("#trabajo button", has_text="Cerrar la actividad 1").click()
    staff.wait_for_load_state()
    assert "no puede cerrarse sin sus registros: Oficio de convocatoria" in staff.inner_text(
        "ul.messagelist")
    staff.select_option("#trabajo select[name=kind]", "Oficio de convocatoria")
    staff.locator("#trabajo button", has_text="Agregar registro").click()
    staff.wait_for_load_state()
    staff.locator("#trabajo button", has_text="Cerrar la actividad 1").click()
    staff.wait_for_load_state()
    assert "Actividad 1 cerrada. Ahora: actividad 2." in staff.inner_text("ul.messagelist")

    # Step 2's rule refuses to close without a commitment, naming the step and the rule.
    refused = close_current_step(staff, url, "junta de acción comunal")
    assert ("Para cerrar la actividad 2 «sesion» se exigen compromisos del pacto: al menos 1, "
            "y hay 0.") in refused
    staff.locator("#result_list tbody a").first.click()
    staff.wait_for_load_state()
    staff.locator("#commitments-group .add-row a").click()
    staff.fill("[name=commitments-0-description]", "Reunión mensual con la Policía del cuadrante")
    staff.fill("[name=commitments-0-institution]", "Policía Metropolitana")
    staff.fill("[name=commitments-0-due_date]", "2027-03-31")
    staff.locator("input[name=_save]").click()
    staff.wait_for_load_state()
    assert "actividad cerrada" in close_current_step(staff, url, "junta de acción comunal")
    refused = close_current_step(staff, url, "junta de acción comunal")
    assert "se exigen todos los compromisos cerrados" in refused and "quedan 1 abiertos" in refused

    # 4. Through the API too: a token, and a case on another of the gestor's territories.
    token = staff.request.post(url + "/api/auth/token/", data={
        "username": "gestor_norte", "password": "convive-demo"}).json()["token"]
    territory = staff.request.get(url + "/api/records/territories/?code=TER-N-002", headers={
        "Authorization": f"Token {token}"}).json()["results"][0]["id"]
    opened = staff.request.post(url + "/api/records/cases/", headers={
        "Authorization": f"Token {token}"}, data={
        "kind": "procedimiento", "procedure_key": "GS-P-010", "territory": territory,
        "title": "Acompañamiento al consejo local"})
    assert opened.status == 201, opened.text()
    again = staff.request.post(url + "/api/records/cases/", headers={
        "Authorization": f"Token {token}"}, data={
        "kind": "procedimiento", "procedure_key": "GS-P-010", "territory": territory,
        "title": "Otro"})
    assert again.status == 400 and "ya tiene un caso abierto" in again.text()
    context.close()

    # 5. The open data lists the new procedure under its process card.
    processes = page.request.get(url + "/api/datasets/processes.csv").text()
    assert "GS-P-010" in processes
