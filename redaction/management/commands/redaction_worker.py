"""Background worker for public versions: detection and applying with the verification gate."""

import time

from django.core.management.base import BaseCommand

from redaction import services


class Command(BaseCommand):
    help = (
        "Procesa las versiones públicas en cola (detección, aplicación y verificación). "
        "Ejecútelo como servicio en producción; con --once procesa lo pendiente y termina."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Procesa la cola una vez y termina.")
        parser.add_argument("--sleep", type=float, default=2.0,
                            help="Segundos de espera cuando la cola está vacía.")

    def handle(self, *args, once=False, sleep=2.0, **options):
        processed = 0
        while True:
            pk = services.next_queued()
            if pk is None:
                if once:
                    break
                time.sleep(sleep)
                continue
            version = services.process(pk)
            if version is not None:
                processed += 1
                self.stdout.write(f"Versión pública {version.pk}: {version.get_status_display()}")
        self.stdout.write(f"{processed} trabajos procesados.")
