"""Builders for page trees used by tests: small functions for index pages and their
children, and wagtail-factories for the pages a test publishes as an editor would (a
procedure under a process card, under the one process map of the home page that
setup_roles made)."""

import datetime
import itertools

import factory
import wagtail_factories
from wagtail.models import Page

from content.models import (
    DocumentIndexPage,
    HomePage,
    ProcedurePage,
    DocumentPage,
    ProcessCardPage,
    ProcessMapPage,
    TerritoryIndexPage,
    TerritoryPage,
    TransparencyCategoryPage,
    TransparencyIndexPage,
)
from content.models.processes import ProcessType

_seq = itertools.count(1)


def _square(i):
    lon, lat = -74.0 + i * 0.01, 4.6
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 0.005, lat], [lon + 0.005, lat + 0.005], [lon, lat]]]}


def territory(index, **fields):
    from records.models import Locality, Territory

    n = next(_seq)
    locality, _ = Locality.objects.get_or_create(code="LP", defaults={"name": "Localidad de prueba"})
    record = Territory.objects.create(code=f"T-TEST-{n}", name=f"Barrio de prueba {n}",
                                      locality=locality, geometry=_square(n))
    values = dict(title=f"Barrio de prueba {n}", slug=f"barrio-prueba-{n}", territory=record)
    values.update(fields)
    return index.add_child(instance=TerritoryPage(**values))


def document(index, territory_page=None, **fields):
    n = next(_seq)
    values = dict(
        title=f"Acta de prueba {n}", slug=f"acta-prueba-{n}", kind="acta",
        date=datetime.date(2026, 1, 1), summary="Acta de prueba.", territory=territory_page,
    )
    values.update(fields)
    return index.add_child(instance=DocumentPage(**values))


def process_card(process_map, **fields):
    n = next(_seq)
    values = dict(
        title=f"Proceso de prueba {n}", slug=f"c-pr-{n}", code=f"C-PR-{n}", version="1",
        change_description="Creación.", process_type="apoyo", responsible_unit="Unidad",
        objective="Objetivo.", scope="Alcance.",
    )
    values.update(fields)
    return process_map.add_child(instance=ProcessCardPage(**values))


def transparency_category(index, **fields):
    n = next(_seq)
    values = dict(title=f"Categoría {n}", slug=f"categoria-{n}", number=n % 30000)
    values.update(fields)
    return index.add_child(instance=TransparencyCategoryPage(**values))


INDEXES = {
    "territories": (TerritoryIndexPage, territory),
    "documents": (DocumentIndexPage, document),
    "processes": (ProcessMapPage, process_card),
    "transparency": (TransparencyIndexPage, transparency_category),
}


# --- wagtail-factories ------------------------------------------------------------------


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


class VersionedPageFactory(wagtail_factories.PageFactory):
    """What every versioned page (process card, procedure) needs to be valid."""

    class Meta:
        abstract = True

    version = "01"
    change_description = "Versión inicial."
    objective = "Probar el motor de casos."
    scope = "Desde la solicitud hasta el cierre."


class ProcessCardPageFactory(VersionedPageFactory):
    class Meta:
        model = ProcessCardPage

    title = factory.Sequence(lambda n: f"Proceso de prueba {n}")
    code = factory.Sequence(lambda n: f"PR-{n:02d}")
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


class ProcedurePageFactory(VersionedPageFactory):
    class Meta:
        model = ProcedurePage

    title = factory.Sequence(lambda n: f"Procedimiento de prueba {n}")
    code = factory.Sequence(lambda n: f"PP-{n:02d}")
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
