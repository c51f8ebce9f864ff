"""Empty the caching proxies in front of the portal (deploy/release.sh runs it)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from convive import frontend_cache


class Command(BaseCommand):
    help = ("Vacía los proxies de caché (FRONTEND_CACHE_PURGE_URLS): después de un despliegue, "
            "ninguna página se sirve con la plantilla anterior.")

    def handle(self, *args, **options):
        if not frontend_cache.enabled():
            self.stdout.write("No hay proxies de caché configurados: nada que vaciar.")
            return
        if not frontend_cache.ban_proxies():
            raise CommandError("No se pudo vaciar algún proxy de caché (vea el registro); sus "
                               f"páginas se renovarán en {settings.PROXY_CACHE_SECONDS} s a "
                               "más tardar.")
        self.stdout.write(f"Proxies vaciados: {len(settings.FRONTEND_CACHE_PURGE_URLS)}.")
