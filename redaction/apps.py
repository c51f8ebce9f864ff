from django.apps import AppConfig


class RedactionConfig(AppConfig):
    """Versiones públicas (Ley 1712 de 2014, art. 21): the redaction pipeline and its review."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "redaction"
    verbose_name = "Versiones públicas"
