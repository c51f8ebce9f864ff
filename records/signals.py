"""Every create, change and delete of an internal record goes to the audit trail."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from django.forms.models import model_to_dict

from records.services.audit import log

# The audit trail itself, and rows derived from other records (their sources are audited).
_AUDITED_EXCLUDE = {"auditentry", "territorypublicstatus", "rowcount"}


def _audited(sender) -> bool:
    return sender._meta.app_label == "records" and sender._meta.model_name not in _AUDITED_EXCLUDE


def _snapshot(instance):
    return {k: v for k, v in model_to_dict(instance).items() if k != "id"}


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if not _audited(sender) or raw or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot(previous) if previous else None


def _on_post_save(sender, instance, created, raw=False, **kwargs):
    if not _audited(sender) or raw:
        return
    personal = set(getattr(sender, "PERSONAL_FIELDS", ()))
    after = _snapshot(instance)
    before = {} if created else (getattr(instance, "_audit_before", None) or {})
    changes = {}
    for field, new in after.items():
        old = before.get(field)
        if created or old != new:
            if field in personal:
                changes[field] = "(dato personal)"
            elif created:
                changes[field] = _plain(new)
            else:
                changes[field] = [_plain(old), _plain(new)]
    if created or changes:
        log("create" if created else "change", instance, changes=changes)


def _on_post_delete(sender, instance, **kwargs):
    if _audited(sender):
        log("delete", instance)


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def connect():
    for model in apps.get_app_config("records").get_models():
        if _audited(model):
            pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"audit-pre-{model._meta.label}")
            post_save.connect(_on_post_save, sender=model, dispatch_uid=f"audit-post-{model._meta.label}")
            post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
