from django.core.management.base import BaseCommand, CommandError

from convive import backup


class Command(BaseCommand):
    help = (
        "Copia de seguridad de la base de datos y de los dos almacenamientos de archivos "
        "(público y privado) en una carpeta nueva, con un manifiesto de filas y sumas SHA-256. "
        "La carpeta contiene datos personales: guárdela cifrada y con acceso restringido."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Carpeta nueva o vacía para la copia.")

    def handle(self, *args, destination, **options):
        try:
            manifest = backup.backup(destination)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(len(f) for f in manifest["files"].values())
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Copia lista en {destination}: {len(manifest['rows'])} tablas, {rows} filas, "
            f"{files} archivos."))
