from django.core.management.base import BaseCommand

from citizens.services import notices


class Command(BaseCommand):
    help = (
        "Vuelve a poner en cola los avisos por correo pendientes cuyo próximo intento ya "
        "venció (red de seguridad tras una caída del trabajador o de la base de datos). "
        "Ejecútelo con un temporizador, por ejemplo cada 10 minutos."
    )

    def handle(self, *args, **options):
        count = notices.requeue_due()
        self.stdout.write(f"{count} avisos pendientes en cola.")
