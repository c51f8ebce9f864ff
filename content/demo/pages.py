"""Site tree and the portal's pages, transcribed from the seeds into demo_data/."""

from wagtail.models import Page, Site

from content.demo.loader import read_data, upsert_child
from content.models import HomePage, MissionPage

HOME_INTRO = (
    "La Secretaría de Seguridad, Convivencia y Justicia lidera la política pública de "
    "seguridad, convivencia y acceso a la justicia: trabaja con las comunidades para que "
    "sus barrios sean territorios seguros, atiende las peticiones ciudadanas y publica la "
    "información de su gestión."
)


def ensure_home() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is None:
        home = HomePage(title="Inicio", slug="inicio", intro=HOME_INTRO, seo_title="Inicio")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name="Convive",
        )
    elif site.root_page_id != home.pk or site.site_name != "Convive":
        site.root_page = home
        site.site_name = "Convive"
        site.save()
    # Wagtail's initial migration leaves a placeholder page nobody wants.
    for orphan in root.get_children().exclude(pk=home.pk).filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        orphan.delete()
    return home


def load_mission(home: HomePage) -> MissionPage:
    data = read_data("mission.json")
    return upsert_child(
        home,
        MissionPage,
        slug=data["slug"],
        fields={
            "title": data["title"],
            "show_in_menus": True,
            "search_description": "Misión, visión y objetivos estratégicos de la Secretaría.",
            "mission": data["mission"],
            "vision": data["vision"],
        },
        children={
            "objectives": [
                {"text": text, "sort_order": index}
                for index, text in enumerate(data["objectives"])
            ]
        },
    )


def load_pages() -> HomePage:
    home = ensure_home()
    load_mission(home)
    return home
