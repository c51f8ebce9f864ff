"""Audit trail helpers: who did what to which record, without copying personal data."""

import contextvars

from django.forms.models import model_to_dict

from records.models.audit import AuditEntry

_actor = contextvars.ContextVar("convive_audit_actor", default=None)


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


def _entry(action, *, model, actor, object_id, object_repr, changes):
    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
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
    new = entry(action, obj, actor=actor, changes=changes, model=model)
    new.save()
    return new


def entry(action, obj, *, actor=None, changes=None, model=None) -> AuditEntry:
    """The entry ``log`` writes, unsaved: imports write theirs in batches."""
    return _entry(action, model=model or obj._meta.label, actor=actor,
                  object_id=getattr(obj, "pk", "") or "", object_repr=_safe_repr(obj),
                  changes=changes)


def snapshot(instance) -> dict:
    """A record's values as the trail compares them (without its id)."""
    return {k: v for k, v in model_to_dict(instance).items() if k != "id"}


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
