from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import PageLogEntry

        from api.freshness import (
            admin_entry_written,
            audit_entry_written,
            data_changed,
            petitions_changed,
        )
        from records.models import AuditEntry

        post_save.connect(audit_entry_written, sender=AuditEntry,
                          dispatch_uid="api-freshness-audit")
        # Imports write their entries in batches, without post_save.
        from records.services.audit import entries_written

        entries_written.connect(data_changed, dispatch_uid="api-freshness-audit-batches")
        post_save.connect(data_changed, sender=PageLogEntry, dispatch_uid="api-freshness-pages")
        # What editors change besides pages and pages show: documents, images, snippets
        # and site settings (the footer's entity data), logged or not.
        from django.db.models.signals import post_delete
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import ModelLogEntry

        from django.contrib.admin.models import LogEntry

        from citizens.models import ResponseTerm
        from content.models import EntitySettings

        post_save.connect(data_changed, sender=ModelLogEntry, dispatch_uid="api-freshness-models")
        # Any edit in the Django admin, and the legal terms the PQRSD form lists.
        post_save.connect(admin_entry_written, sender=LogEntry, dispatch_uid="api-freshness-admin")
        # A view restriction or a site's host and home page changes what pages show and
        # who may see them (content.shell keeps both per moment), even when set by code.
        from wagtail.models import PageViewRestriction, Site

        for model in (get_document_model(), get_image_model(), EntitySettings, ResponseTerm,
                      PageViewRestriction, Site):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(data_changed, sender=model,
                               dispatch_uid=f"api-freshness-{model._meta.label_lower}-{name}")
        # Every change of a petition writes an event: the PQRSD statistics follow it (a
        # moment of their own: no kept page shows petitions).
        from citizens.models import PetitionEvent

        post_save.connect(petitions_changed, sender=PetitionEvent, dispatch_uid="api-freshness-pqrsd")

        from api import authentication, tokens  # noqa: F401  (registers the schema extension)

        tokens.connect()
