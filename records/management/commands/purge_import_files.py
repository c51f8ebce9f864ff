"""Delete spreadsheets left between an import's preview and a confirmation that never came.

The admin deletes a preview's copy when it is confirmed, fails or shows errors; a preview
the user walks away from stays in private storage with the personal data it carries until
this command (run hourly by deploy/systemd/convive-purge-imports.timer) removes it.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from records.services.import_files import purge_stale_import_files


class Command(BaseCommand):
    help = ("Borra las copias de hojas de cálculo de importaciones que se previsualizaron y "
            "nunca se confirmaron (datos personales en el almacenamiento privado).")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=6,
                            help="Antigüedad mínima, en horas, de las copias que se borran "
                                 "(por omisión 6: más que cualquier sesión de trabajo).")

    def handle(self, *args, hours, **options):
        removed = purge_stale_import_files(older_than=timedelta(hours=hours),
                                           now=timezone.now())
        self.stdout.write(f"Copias de importación borradas: {removed}.")
