"""Found by an attacker's review of content.shell and route_along: a repaired tree
(fixtree), a removed page type, an emptied cache. Each failed before its fix."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from content.models import HomePage, InformationPage, MissionPage

pytestmark = pytest.mark.django_db


def test_paths_renumbered_by_fixtree_unrestrict_a_page(client, demo):
    """`manage.py fixtree --full` rebuilds tree paths in SQL: no signal, no log entry, so no
    new moment. The per-process map of restricted *paths* then names a path the restricted
    page no longer has, and PortalPage.get_view_restrictions skips Wagtail's check."""
    import io

    from django.core.management import call_command

    call_command("fixtree", "--full", stdout=io.StringIO())  # a tree without gaps first
    home = HomePage.objects.get()
    pages = [home.add_child(instance=InformationPage(
        title=f"Sección {n}", slug=f"seccion-{n}", intro="x", body="<p>secreto</p>"))
        for n in range(3)]
    secret = pages[2]
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    pages[1].delete()  # a gap among the siblings, as any deleted page leaves
    assert client.get(secret.url).status_code == 302  # memo built: secret.path restricted

    old_path = secret.path
    call_command("fixtree", "--full", stdout=io.StringIO())
    secret.refresh_from_db()
    assert secret.path != old_path  # renumbered

    response = client.get(secret.url)
    assert response.status_code == 302, (
        f"restricted page served to an anonymous visitor ({response.status_code})")


def test_paths_renumbered_by_fixtree_make_every_page_404(client, demo):
    """The demo's home page sits at 00010002 (the welcome page Wagtail makes was removed):
    fixtree --full moves it to 00010001, and the kept Site's root_page still names the old
    path, so route_along finds nothing below it."""
    import io

    from django.core.management import call_command

    mission = MissionPage.objects.live().get()
    assert client.get(mission.url).status_code == 200
    call_command("fixtree", "--full", stdout=io.StringIO())
    other = InformationPage.objects.live().first()  # not kept by the page cache yet
    assert client.get(other.url).status_code == 200


def _orphan_type():
    return ContentType.objects.create(app_label="retired_app", model="retiredpage")


def test_top_level_page_of_a_removed_type_with_live_child(client, demo):
    home = HomePage.objects.get()
    section = home.add_child(instance=InformationPage(
        title="Viejo", slug="viejo", intro="x", body="<p>x</p>"))
    section.add_child(instance=InformationPage(
        title="Hijo", slug="hijo", intro="x", body="<p>x</p>"))
    Page.objects.filter(pk=section.pk).update(content_type=_orphan_type())

    request = RequestFactory().get("/")
    wagtail = Page.route(Page.objects.get(pk=home.pk), request, ["viejo", "hijo"]).page
    assert wagtail.slug == "hijo"  # Wagtail walks through the vanilla page
    ours = home.route(request, ["viejo", "hijo"]).page  # RecursionError
    assert ours.pk == wagtail.pk


def test_footer_change_by_code_survives_a_cache_flush_in_other_processes(client, demo):
    """LAST_CHANGE_KEY keeps the moment from going back only while Redis keeps it. The memo
    lives in the process: after a Redis restart/flush the moment falls back to the logs,
    equal to the moment a process's memo was built under before an unlogged change."""
    from wagtail.models import Site

    from content.models import EntitySettings

    client.get("/")  # this process keeps the footer under the current moment
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.phone = "601 555 0199"
    entity.save()  # by code: announced in the cache only, no log entry
    cache.clear()  # Redis restarted (no persistence) before this process served again
    assert "601 555 0199" in client.get("/atencion/pqrsd/").content.decode()
