"""The portal's root: one HomePage as the default Site, at the public base URL.

Structural, not demo content: a deploy needs it before an editor can add a page,
and the Site's host and port are what Wagtail builds every page's full URL from
(sitemap, content API, e-mails), so they follow settings.PUBLIC_BASE_URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from content.models import HomePage

HOME_INTRO = (
    "La Secretaría de Seguridad, Convivencia y Justicia lidera la política pública de "
    "seguridad, convivencia y acceso a la justicia: trabaja con las comunidades para que "
    "sus barrios sean territorios seguros, atiende las peticiones ciudadanas y publica la "
    "información de su gestión."
)
SITE_NAME = "Convive"


def public_host_and_port(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def ensure_home() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is None:
        home = HomePage(title="Inicio", slug="inicio", intro=HOME_INTRO, seo_title="Inicio")
        root.add_child(instance=home)
        home.save_revision().publish()
    hostname, port = public_host_and_port(settings.PUBLIC_BASE_URL)
    wanted = {"root_page": home, "site_name": SITE_NAME, "hostname": hostname, "port": port}
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(is_default_site=True, **wanted)
    elif any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    # Wagtail's initial migration leaves a placeholder page nobody wants.
    for orphan in root.get_children().exclude(pk=home.pk).filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        orphan.delete()
    return home
