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
        parser.add_argument("--keep", type=int, default=None,
                            help="Conserva solo las N copias más recientes de la carpeta "
                                 "que contiene la nueva (las demás se borran).")

    def handle(self, *args, destination, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep debe ser 1 o más.")
        try:
            manifest = backup.backup(destination, keep=keep)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(len(f) for f in manifest["files"].values())
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Copia lista en {destination}: {len(manifest['rows'])} tablas, {rows} filas, "
            f"{files} archivos."))
