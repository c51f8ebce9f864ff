from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.models import PageLogEntry

        from api.freshness import audit_entry_written, data_changed
        from records.models import AuditEntry

        post_save.connect(audit_entry_written, sender=AuditEntry,
                          dispatch_uid="api-freshness-audit")
        post_save.connect(data_changed, sender=PageLogEntry, dispatch_uid="api-freshness-pages")
        # Every change of a petition writes an event: the PQRSD statistics follow it.
        from citizens.models import PetitionEvent

        post_save.connect(data_changed, sender=PetitionEvent, dispatch_uid="api-freshness-pqrsd")

        from api import authentication, tokens  # noqa: F401  (registers the schema extension)

        tokens.connect()
