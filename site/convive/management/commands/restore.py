from django.core.management.base import BaseCommand, CommandError

from convive import backup


class Command(BaseCommand):
    help = (
        "Restaura una copia de `backup` en la base de datos configurada, que debe estar vacía, "
        "y en los almacenamientos configurados; después compara filas y sumas con el manifiesto."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Carpeta de la copia.")

    def handle(self, *args, source, **options):
        try:
            result = backup.restore(source)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Restauración verificada: {result['tables']} tablas, {result['rows']} filas, "
            f"{result['files']} archivos con la misma suma SHA-256."))
