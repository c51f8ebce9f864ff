from django.apps import AppConfig


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = "Registros internos"

    def ready(self):
        from records import signals
        from records.services import access_audit, public_status, row_counts

        signals.connect()
        access_audit.connect()
        public_status.connect()
        row_counts.connect()
