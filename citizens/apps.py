from django.apps import AppConfig


class CitizensConfig(AppConfig):
    """Atención al ciudadano: PQRSD (Ley 1755 de 2015) and neighbourhood enrolment requests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "citizens"
    verbose_name = "Atención al ciudadano"
