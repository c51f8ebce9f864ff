"""What every portal page shares (content.shell: the site, the menu, the footer, which pages
are restricted) is read once per moment of public data, and never shown older than it."""

import re

import pytest
from wagtail.models import PageViewRestriction, Site

from content import shell
from content.models import EntitySettings, HomePage, InformationPage, MissionPage
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def menu(client) -> list[str]:
    html = client.get("/").content.decode()
    wide = html.split('<ul class="main-nav__wide">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<]+)</a>", wide)


def test_a_section_published_or_withdrawn_shows_in_the_menu_at_once(client, demo):
    before = menu(client)
    home = HomePage.objects.get()
    page = home.add_child(instance=InformationPage(
        title="Rendición de cuentas", slug="rendicion", intro="Informe anual.",
        body="<p>Informe.</p>", show_in_menus=True, live=False))
    assert menu(client) == before  # a draft is no news

    page.save_revision().publish()
    assert menu(client) == before + ["Rendición de cuentas"]

    page.refresh_from_db()
    page.unpublish()
    assert menu(client) == before


def test_the_footer_follows_the_entity_data_at_once(client, demo):
    client.get("/")
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.phone = "601 555 0199"
    entity.save()
    assert "601 555 0199" in client.get("/atencion/pqrsd/").content.decode()

    policy = InformationPage.objects.live().first()
    entity.terms_page = policy
    entity.save()
    html = client.get("/").content.decode()
    assert f'<a href="{policy.url}">{policy.title}</a>' in html


def test_a_restriction_written_by_code_protects_the_page_at_once(client, demo):
    """No editor, no log entry: the restriction itself is a change of public data."""
    mission = MissionPage.objects.live().get()
    assert mission.mission[:40] in client.get(mission.url).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=mission, restriction_type=PageViewRestriction.PASSWORD, password="solo-comite")
    html = client.get(mission.url).content.decode()
    assert mission.mission[:40] not in html
    assert 'name="password"' in html

    restriction.delete()
    assert mission.mission[:40] in client.get(mission.url).content.decode()


def test_an_alias_of_a_restricted_page_is_restricted_too(client, demo):
    """Wagtail resolves an alias to its source page's restrictions; the shortcut that skips
    the query when nothing is restricted must not skip that."""
    mission = MissionPage.objects.live().get()
    alias = mission.create_alias(update_slug="mision-copia")
    assert mission.mission[:40] in client.get(alias.url).content.decode()

    PageViewRestriction.objects.create(page=mission, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(alias.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]


def test_below_a_restricted_section_every_page_is_restricted(client, demo):
    from content.models import ProcessMapPage

    section = ProcessMapPage.objects.live().get()
    deep = "/procesos/c-gs-01/asesoria-asistencia-tecnica/"
    assert client.get(deep).status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(deep).status_code == 302


def test_each_use_gets_its_own_copy(rf, demo):
    request = rf.get("/", HTTP_HOST="localhost")
    first = shell.site_for(request)
    first.root_page.title = "Cambiado en memoria"
    again = shell.site_for(rf.get("/", HTTP_HOST="localhost"))
    assert again is not first
    assert again.root_page.title != "Cambiado en memoria"


def test_the_shared_parts_cost_no_query_once_read(client, demo):
    """The footer, menu, site and restriction map are read once; each page then costs
    only its own queries (a procedure four levels down: its route, steps and versions)."""
    assert count_queries(client, "/procesos/c-gs-01/asesoria-asistencia-tecnica/") <= 6
    assert count_queries(client, "/mision/") <= 4


@pytest.mark.parametrize("logged_in", [False, True])
def test_a_page_never_kept_still_reads_the_moment_once(client, login, monkeypatch, logged_in):
    """A filtered view or anyone with a session is rendered every time; what the page
    shares is checked against one moment, not a trip to the cache for each part."""
    from api import freshness

    reads = []
    real = freshness._epoch
    monkeypatch.setattr(freshness, "_epoch", lambda: reads.append(1) or real())
    if logged_in:
        login("editora")
    client.get("/territorios/?estado=certificado")  # shared parts read and kept
    reads.clear()
    response = client.get("/territorios/?estado=certificado")
    assert response.status_code == 200 and "Los Almendros" in response.content.decode()
    assert len(reads) == 1
