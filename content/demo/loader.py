"""Helpers that make page loading idempotent.

A page is created when missing and re-published only when its content
differs from the data file, so a second run writes nothing at all (no new
revisions, no new rows).
"""

import json
from pathlib import Path

from wagtail.fields import StreamField
from wagtail.models import Page

DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"


def read_data(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def stream(block_type: str, values) -> list[dict]:
    """Raw StreamField data: one block of ``block_type`` per value."""
    return [{"type": block_type, "value": value} for value in values]


def upsert_child(parent: Page, model, *, slug: str, fields: dict, children=None):
    """Create or update ``model`` page ``slug`` under ``parent``.

    ``children`` maps a ParentalKey related name to a list of dicts for
    inline (Orderable) rows.  Returns the specific page.
    """
    children = children or {}
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        _set_children(page, children)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    wanted = model(slug=slug, **fields)
    changed = any(_canonical(page, name) != _canonical(wanted, name) for name in fields)
    changed |= any(
        _rows(getattr(page, rel).all(), rows) != rows for rel, rows in children.items()
    )
    if changed:
        for name in fields:
            setattr(page, name, getattr(wanted, name))
        _set_children(page, children)
        page.save_revision().publish()
    return page


def _canonical(page, name):
    field = page._meta.get_field(name)
    if field.is_relation:
        return getattr(page, field.attname)
    value = getattr(page, name)
    if isinstance(field, StreamField):
        # Block ids are random per save; content is what matters.
        return _strip_ids(json.loads(json.dumps(field.get_prep_value(value), default=str)))
    if hasattr(field, "to_python"):
        return field.to_python(value)
    return value


def _strip_ids(data):
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _strip_ids(value) for key, value in data.items() if key != "id"}
    return data


def _rows(queryset, rows):
    keys = rows[0].keys() if rows else []
    return [{key: getattr(obj, key) for key in keys} for obj in queryset]


def _set_children(page, children):
    for rel, rows in children.items():
        model = page._meta.get_field(rel).related_model
        setattr(page, rel, [model(**row) for row in rows])
