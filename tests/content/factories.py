"""Small builders for page trees used by tests."""

import datetime
import itertools

from content.models import (
    DocumentIndexPage,
    DocumentPage,
    ProcessCardPage,
    ProcessMapPage,
    TerritoryIndexPage,
    TerritoryPage,
    TransparencyCategoryPage,
    TransparencyIndexPage,
)

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
