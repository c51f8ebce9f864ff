"""Rewrite the stored public status of territories (after bulk loads that skip signals)."""

from django.core.management.base import BaseCommand

from records.models import Territory
from records.services import public_status, row_counts


class Command(BaseCommand):
    help = ("Recalcula el estado público (ruta y certificación) que la API lee de cada territorio. "
            "Úselo después de cargas masivas que no pasan por save().")

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true",
                            help="Solo los territorios que todavía no tienen estado guardado.")

    def handle(self, *args, missing=False, **options):
        if missing:
            written = public_status.refresh_missing()
        else:
            written = public_status.refresh(Territory.objects.values_list("pk", flat=True))
        row_counts.install()
        self.stdout.write(f"Estado público actualizado en {written} territorios.")
