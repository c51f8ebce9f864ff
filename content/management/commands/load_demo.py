from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from citizens import demo as citizens_demo
from citizens import roles as citizen_roles
from redaction import demo as redaction_demo
from redaction import roles as redaction_roles
from content import roles as editorial_roles
from content.demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from content.demo.pages import load_record_pages, load_site_structure
from records import demo as records_demo
from records import roles as staff_roles


class Command(BaseCommand):
    help = (
        "Carga el contenido de demostración (páginas y cuentas por rol). Es idempotente: "
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
            home = load_site_structure()
            groups = editorial_roles.ensure_editorial_groups(home)
            editorial_roles.ensure_editorial_workflow(home, groups)
            staff_roles.ensure_staff_groups()
            citizen_roles.ensure_citizen_groups()
            redaction_roles.ensure_redaction_permissions()
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
            redaction_demo.load()
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Contenido de demostración cargado."))
