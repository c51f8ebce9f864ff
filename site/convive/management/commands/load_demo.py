from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from citizens import demo as citizens_demo
from content.demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from content.demo.pages import load_entity, load_record_pages, load_sections, load_transparency
from convive.setup import setup_roles
from records import demo as records_demo
from redaction import demo as redaction_demo


class Command(BaseCommand):
    help = (
        "Carga el contenido de demostración (páginas y cuentas por rol) sobre los roles de "
        "`setup_roles`. Es idempotente: "
        "ejecutarlo dos veces no duplica nada."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Crea las cuentas de demostración aunque DEBUG esté desactivado.",
        )

    def handle(self, *args, force=False, **options):
        with transaction.atomic():
            # The same roles a deploy gets from `setup_roles`; the demo only adds on top.
            home = setup_roles()
            load_sections(home)
            # Citizen services before transparency: its items 1.10 and 4.x link their pages.
            citizens_demo.load_pages(home)
            load_transparency(home)
            load_entity(home)
            if settings.DEBUG or force:
                ensure_demo_accounts()
                accounts = ", ".join(a.username for a in DEMO_ACCOUNTS)
                self.stdout.write(f"Cuentas de demostración: {accounts}.")
            else:
                self.stdout.write(
                    "DEBUG desactivado: no se crean cuentas de demostración (use --force)."
                )
            actor = get_user_model().objects.filter(username="coordinador").first()
            records_demo.load(actor=actor)
            load_record_pages(home)
            citizens_demo.load(home, actor=actor)
            redaction_demo.load(records_demo.PLANTED_PEOPLE)
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Contenido de demostración cargado."))
