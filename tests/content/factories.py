"""wagtail-factories for the portal's pages: a test builds the one procedure it needs under
the home page that setup_roles made, and publishes it as an editor would."""

import factory
import wagtail_factories
from wagtail.models import Page

from content.models import HomePage, ProcedurePage, ProcessCardPage, ProcessMapPage
from content.models.processes import ProcessType


def home() -> HomePage:
    """The portal's root page (setup_roles creates it in every test database)."""
    return HomePage.objects.get()


class ProcessMapPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProcessMapPage

    title = "Mapa de procesos"
    parent = factory.LazyFunction(home)


def process_map() -> ProcessMapPage:
    """The one process map (max_count = 1): the existing one, or a new one."""
    return ProcessMapPage.objects.first() or ProcessMapPageFactory()


class ProcessCardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProcessCardPage

    title = factory.Sequence(lambda n: f"Proceso de prueba {n}")
    code = factory.Sequence(lambda n: f"PR-{n:02d}")
    version = "01"
    change_description = "Versión inicial."
    objective = "Probar el motor de casos."
    scope = "Desde la solicitud hasta el cierre."
    process_type = ProcessType.values[0]
    responsible_unit = "Secretaría de Seguridad"
    parent = factory.LazyFunction(process_map)


def step_block(number: int, code: str, description: str, *, records=(), rules=(),
               branches=()) -> dict:
    """One step of a procedure's StreamField, as the editor fills it in /cms/."""
    return {"type": "step", "value": {
        "number": number, "code": code, "description": description, "responsible_area": "",
        "responsible_role": "", "records": list(records), "branches": list(branches),
        "rules": list(rules),
    }}


class ProcedurePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProcedurePage

    title = factory.Sequence(lambda n: f"Procedimiento de prueba {n}")
    code = factory.Sequence(lambda n: f"PP-{n:02d}")
    version = "01"
    change_description = "Versión inicial."
    objective = "Probar el motor de casos."
    scope = "Desde la solicitud hasta el cierre."
    steps = factory.LazyFunction(lambda: [
        step_block(1, "solicitud", "Recibir la solicitud", records=["Solicitud"]),
        step_block(2, "cierre", "Cerrar el trámite", rules=[
            {"type": "cierra", "value": {"role": "Coordinación"}}]),
    ])
    parent = factory.LazyFunction(ProcessCardPageFactory)


def publish(page: Page) -> Page:
    """Publish the page's latest content the way the workflow's last step does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
