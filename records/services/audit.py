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


def log(action, obj, *, actor=None, changes=None, model=None):
    return AuditEntry.objects.create(
        actor=actor if actor is not None else current_actor(),
        action=action,
        model=model or obj._meta.label,
        object_id=str(getattr(obj, "pk", "") or ""),
        object_repr=_safe_repr(obj)[:255],
        changes=changes or {},
    )


def _safe_repr(obj):
    # Records of people are named by type and id, never by name.
    fallback = f"{obj._meta.verbose_name} #{obj.pk}"
    if getattr(type(obj), "PERSONAL_FIELDS", None):
        return fallback
    try:
        return str(obj)
    except Exception:  # e.g. a related row already gone in a cascade delete
        return fallback
