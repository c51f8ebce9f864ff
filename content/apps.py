from django.apps import AppConfig


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = "Contenidos del portal"

    def ready(self):
        from content import signals  # noqa: F401
