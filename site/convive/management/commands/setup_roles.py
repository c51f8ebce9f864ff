from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from convive.setup import setup_roles


class Command(BaseCommand):
    help = (
        "Crea o repara lo que un despliegue necesita antes de trabajar: la página de inicio "
        "del portal en la URL pública, los grupos con sus permisos y el flujo editorial "
        "(elaboró, revisó, aprobó). Es idempotente; no crea cuentas ni contenido de ejemplo."
    )

    def handle(self, *args, **options):
        home = setup_roles()
        groups = ", ".join(Group.objects.order_by("name").values_list("name", flat=True))
        self.stdout.write(f"Portal: {home.full_url}")
        self.stdout.write(f"Grupos: {groups}.")
        self.stdout.write(self.style.SUCCESS("Roles y flujo editorial listos."))
