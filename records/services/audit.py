"""Audit trail helpers: who did what to which record, without copying personal data."""

import contextvars
import json

from django.db import connections, router
from django.dispatch import Signal
from django.utils import timezone

from records.models.audit import AuditEntry

_actor = contextvars.ContextVar("convive_audit_actor", default=None)
# Sent after ``log_batch`` wrote entries of data changes (arguments: action, count).
entries_written = Signal()


def set_actor(user):
    """Bind the acting user for the current request or command; returns a reset token."""
    return _actor.set(user if getattr(user, "is_authenticated", False) else None)


def reset_actor(token):
    _actor.reset(token)


def current_actor():
    return _actor.get()


def log_event(action, *, model: str, actor=None, object_id="", object_repr="", changes=None):
    """Write one entry; the actor defaults to the user of the current request."""
    new = _entry(action, model=model, actor=actor, object_id=object_id, object_repr=object_repr,
                 changes=changes)
    new.save()
    return new


def _acting(actor):
    """The given actor, else the current request's user; None for anonymous."""
    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        return None
    return actor


def _entry(action, *, model, actor, object_id, object_repr, changes):
    actor = _acting(actor)
    return AuditEntry(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        model=model,
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:255],
        changes=changes or {},
    )


def log(action, obj, *, actor=None, changes=None, model=None):
    new = _entry(action, model=model or obj._meta.label, actor=actor,
                 object_id=getattr(obj, "pk", "") or "", object_repr=_safe_repr(obj),
                 changes=changes)
    new.save()
    return new


def snapshot(instance) -> dict:
    """A record's values as the trail compares them (without its id)."""
    model = type(instance)
    fields = _SNAPSHOT_FIELDS.get(model)
    if fields is None:
        # The fields ``model_to_dict`` reads, looked up once per model: imports take a
        # snapshot of every row, twice.
        opts = model._meta
        fields = _SNAPSHOT_FIELDS[model] = tuple(
            f for f in (*opts.concrete_fields, *opts.private_fields, *opts.many_to_many)
            if getattr(f, "editable", False) and f.name != "id")
    return {f.name: f.value_from_object(instance) for f in fields}


_SNAPSHOT_FIELDS = {}


def changes_of(model, instance, before: dict, *, created: bool) -> dict:
    """What a save changed, personal values masked: the ``changes`` of its entry."""
    personal = set(getattr(model, "PERSONAL_FIELDS", ()))
    changes = {}
    for field, new in snapshot(instance).items():
        old = before.get(field)
        if created or old != new:
            if field in personal:
                changes[field] = "(dato personal)"
            elif created:
                changes[field] = _plain(new)
            else:
                changes[field] = [_plain(old), _plain(new)]
    return changes


def log_batch(action, changed, *, actor=None) -> None:
    """Write one entry per ``(record, changes)`` pair, as ``log`` would.

    Imports write theirs this way: the rows go straight to the table (COPY on
    PostgreSQL, batches of 500 elsewhere), because building and preparing one model
    instance per entry cost as much as the import itself."""
    changed = list(changed)
    if not changed:
        return
    actor = _acting(actor)
    connection = connections[router.db_for_write(AuditEntry)]
    opts = AuditEntry._meta
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(opts.get_field(name).column) for name in (
        "at", "actor", "actor_name", "action", "model", "object_id", "object_repr", "changes"))
    at = timezone.now()
    actor_id = actor.pk if actor is not None else None
    actor_name = actor.get_username() if actor is not None else ""
    # The JSON as the field itself writes it (AuditEntry.changes has no custom encoder).
    rows = [(at, actor_id, actor_name, action, obj._meta.label, str(obj.pk or "")[:64],
             _safe_repr(obj)[:255], json.dumps(changes or {}))
            for obj, changes in changed]
    _write_rows(connection, table, columns, rows)
    if action in AuditEntry.DATA_ACTIONS:
        # No post_save for rows written this way: whoever follows data changes (kept API
        # answers and pages) hears it here.
        entries_written.send(sender=AuditEntry, action=action, count=len(rows))


def _write_rows(connection, table, columns, rows):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        at = connection.ops.adapt_datetimefield_value(rows[0][0])
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 8)})"
        for start in range(0, len(rows), 500):
            cursor.executemany(sql, [(at, *row[1:]) for row in rows[start:start + 500]])


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _safe_repr(obj):
    # Records of people are named by type and id, never by name.
    fallback = f"{obj._meta.verbose_name} #{obj.pk}"
    if getattr(type(obj), "PERSONAL_FIELDS", None):
        return fallback
    try:
        return str(obj)
    except Exception:  # e.g. a related row already gone in a cascade delete
        return fallback
