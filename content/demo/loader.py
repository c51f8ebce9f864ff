"""Helpers that make page loading idempotent.

A page is created when missing and re-published only when its content
differs from the data file, so a second run writes nothing at all (no new
revisions, no new rows).
"""

import json
from pathlib import Path

from wagtail.models import Page

DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"


def read_data(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


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

    changed = any(_field_value(page, name) != value for name, value in fields.items())
    changed |= any(
        _rows(getattr(page, rel).all(), rows) != rows for rel, rows in children.items()
    )
    if changed:
        for name, value in fields.items():
            setattr(page, name, value)
        _set_children(page, children)
        page.save_revision().publish()
    return page


def _field_value(page, name):
    value = getattr(page, name)
    # StreamField values compare by their raw JSON representation.
    if hasattr(value, "get_prep_value"):
        return value.get_prep_value()
    return value


def _rows(queryset, rows):
    keys = rows[0].keys() if rows else []
    return [{key: getattr(obj, key) for key in keys} for obj in queryset]


def _set_children(page, children):
    for rel, rows in children.items():
        model = page._meta.get_field(rel).related_model
        setattr(page, rel, [model(**row) for row in rows])
