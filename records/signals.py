"""Every create, change and delete of an internal record goes to the audit trail."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from records.services.audit import changes_of, log, snapshot

# The audit trail itself, and rows derived from other records (their sources are audited).
_AUDITED_EXCLUDE = {"auditentry", "territorypublicstatus", "rowcount"}


def _audited(sender) -> bool:
    return sender._meta.app_label == "records" and sender._meta.model_name not in _AUDITED_EXCLUDE


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if not _audited(sender) or raw or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous else None


def _on_post_save(sender, instance, created, raw=False, **kwargs):
    if not _audited(sender) or raw:
        return
    before = {} if created else (getattr(instance, "_audit_before", None) or {})
    changes = changes_of(sender, instance, before, created=created)
    if created or changes:
        log("create" if created else "change", instance, changes=changes)


def _on_post_delete(sender, instance, **kwargs):
    if _audited(sender):
        log("delete", instance)


def connect():
    for model in apps.get_app_config("records").get_models():
        if _audited(model):
            pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"audit-pre-{model._meta.label}")
            post_save.connect(_on_post_save, sender=model, dispatch_uid=f"audit-post-{model._meta.label}")
            post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
