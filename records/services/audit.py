"""Audit trail helpers: who did what to which record, without copying personal data."""

import contextvars

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
    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        model=model,
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:255],
        changes=changes or {},
    )


def log(action, obj, *, actor=None, changes=None, model=None):
    return log_event(action, model=model or obj._meta.label, actor=actor,
                     object_id=getattr(obj, "pk", "") or "", object_repr=_safe_repr(obj),
                     changes=changes)


def _safe_repr(obj):
    # Records of people are named by type and id, never by name.
    fallback = f"{obj._meta.verbose_name} #{obj.pk}"
    if getattr(type(obj), "PERSONAL_FIELDS", None):
        return fallback
    try:
        return str(obj)
    except Exception:  # e.g. a related row already gone in a cascade delete
        return fallback
