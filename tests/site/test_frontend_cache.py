"""A caching proxy or CDN in front of the portal: what it is allowed to keep, and the
purges that make sure it never shows a page as it was before a change.

The purges go to a real HTTP server on a loopback port that records them
(tests/site/test_proxy_in_front.py puts a real Varnish in front of a real server).
"""

import datetime
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from content.models import EntitySettings, HomePage, InformationPage
from convive import frontend_cache

pytestmark = pytest.mark.django_db


class _PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append(f"http://{self.headers['Host']}{self.path}")
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    """A proxy's purge address; ``proxy.purged`` lists the full addresses purged."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    server.daemon_threads = True
    server.purged, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, name="purge-recorder")
    thread.start()
    _configure(settings, f"http://127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _configure(settings, purge_url, timeout=5):
    settings.FRONTEND_CACHE_PURGE_URLS = [purge_url]
    settings.PROXY_CACHE_SECONDS = 3600
    settings.WAGTAILFRONTENDCACHE = {"proxy1": {
        "BACKEND": "convive.frontend_cache.TimedHTTPBackend", "LOCATION": purge_url,
        "TIMEOUT": timeout}}


def _home():
    return Site.objects.get(is_default_site=True).root_page.specific


def _information_page(parent, title="Política de prueba", slug="politica-de-prueba"):
    page = InformationPage(title=title, slug=slug, body="<p>Texto de prueba.</p>")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _live_addresses():
    return sorted(p.full_url for p in Page.objects.live() if p.full_url)


# --- What a proxy may keep ------------------------------------------------------------

def test_without_a_purge_address_no_page_tells_a_proxy_to_keep_it(client):
    _information_page(_home())
    response = client.get("/politica-de-prueba/")
    assert response.status_code == 200
    assert "s-maxage" not in response.get("Cache-Control", "")
    assert "public" not in response.get("Cache-Control", "")


def test_an_anonymous_page_is_kept_by_the_proxy_and_browsers_ask_again(client, proxy):
    _information_page(_home())
    EntitySettings.for_site(Site.objects.get(is_default_site=True))  # made on first view
    first = client.get("/politica-de-prueba/")
    again = client.get("/politica-de-prueba/")  # from the page cache this time
    assert again["X-Page-Cache"] == "hit"
    for response in (first, again):
        assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
        assert int(response["Cache-Control"].rsplit("=", 1)[1]) <= 3600
        # The text-size and contrast choices change the page.
        assert "Cookie" in response["Vary"]


def test_a_proxy_never_keeps_a_page_past_midnight(settings):
    settings.PROXY_CACHE_SECONDS = 3600
    zone = timezone.get_current_timezone()
    late = datetime.datetime(2026, 12, 4, 23, 59, 30, tzinfo=zone)
    noon = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=zone)
    assert frontend_cache.seconds_a_proxy_may_keep(late) == 30
    assert frontend_cache.seconds_a_proxy_may_keep(noon) == 3600


def test_forms_sub_addresses_queries_and_sessions_are_never_kept_by_a_proxy(
        client, demo, proxy, login):
    form = client.get("/atencion/pqrsd/")  # a blank form: its CSRF token is the visitor's
    assert form.status_code == 200
    searched = client.get("/buscar/?q=convivencia")
    preferences = client.get("/preferencias/?texto=grande&volver=/")
    for response in (form, searched, preferences):
        control = response["Cache-Control"]
        assert "public" not in control and "s-maxage" not in control
        assert "private" in control or "no-store" in control or "no-cache" in control

    login("coordinador")
    home = client.get("/")
    assert home.status_code == 200
    assert "public" not in home["Cache-Control"] and "s-maxage" not in home["Cache-Control"]


# --- Purging --------------------------------------------------------------------------

def test_publishing_a_page_purges_every_live_page_once_committed(
        proxy, django_capture_on_commit_callbacks):
    page = _information_page(_home())
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Política corregida"
        page.save_revision().publish()
    assert sorted(set(proxy.purged)) == _live_addresses()
    assert "http://testserver/politica-de-prueba/" in proxy.purged


def test_a_change_of_the_entity_data_in_every_footer_purges_every_page(
        proxy, django_capture_on_commit_callbacks):
    _information_page(_home())
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        entity.phone = "(601) 555 0199"
        entity.save()
    assert sorted(set(proxy.purged)) == _live_addresses()


def test_many_changes_in_one_transaction_purge_once(proxy, django_capture_on_commit_callbacks):
    _information_page(_home())
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            entity.phone = f"(601) 555 01{number:02d}"
            entity.save()
    assert len(proxy.purged) == len(_live_addresses())


def test_an_unpublished_page_leaves_the_proxy_though_it_is_no_longer_live(
        proxy, django_capture_on_commit_callbacks):
    page = _information_page(_home())
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert "http://testserver/politica-de-prueba/" in proxy.purged
    assert "http://testserver/politica-de-prueba/" not in _live_addresses()


def test_a_deleted_page_leaves_the_proxy(proxy, django_capture_on_commit_callbacks):
    page = _information_page(_home())
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert "http://testserver/politica-de-prueba/" in proxy.purged


def test_a_new_slug_purges_the_old_address(proxy, django_capture_on_commit_callbacks):
    page = _information_page(_home())
    with django_capture_on_commit_callbacks(execute=True):
        page.slug = "politica-nueva"
        page.save_revision().publish()
    assert "http://testserver/politica-de-prueba/" in proxy.purged
    assert "http://testserver/politica-nueva/" in proxy.purged


def test_a_moved_page_and_everything_under_it_leave_their_old_addresses(
        proxy, django_capture_on_commit_callbacks):
    home = _home()
    from content.models import DocumentIndexPage

    first = DocumentIndexPage(title="Documentos A", slug="documentos-a")
    home.add_child(instance=first)
    second = DocumentIndexPage(title="Documentos B", slug="documentos-b")
    home.add_child(instance=second)
    inner = InformationPage(title="Interna", slug="interna", body="<p>x</p>")
    # Information pages live under the home page; the tree allows any child in code.
    first.add_child(instance=inner)
    with django_capture_on_commit_callbacks(execute=True):
        first.move(second, pos="last-child")
    # The old addresses, no longer live, and the new ones, as every live page.
    assert "http://testserver/documentos-a/" in proxy.purged
    assert "http://testserver/documentos-a/interna/" in proxy.purged
    assert "http://testserver/documentos-b/documentos-a/interna/" in proxy.purged


def test_the_purge_is_repeated_later_for_pages_rendered_during_the_change(
        proxy, task_worker, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    _information_page(_home())
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        entity.phone = "(601) 555 0111"
        entity.save()
    purges = DBTaskResult.objects.filter(task_path__endswith="purge_proxies")
    assert purges.count() == 1
    task_worker()  # the queue's worker, as in production
    assert sorted(set(proxy.purged)) == _live_addresses()
    assert purges.filter(status="SUCCESSFUL").count() == 1
    later = purges.get(status="READY")
    assert later.run_after > timezone.now() + datetime.timedelta(seconds=5)
    assert later.args_kwargs["args"][2] is False  # and that one is the last


def test_a_proxy_that_hangs_does_not_hold_the_worker(settings, caplog):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        _configure(settings, f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=1)
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="convive.frontend_cache"):
            frontend_cache.purge_proxies.call(["http://testserver/"], False, False)
        assert time.monotonic() - started < 10
        assert "No se pudo purgar http://testserver/" in caplog.text
    finally:
        listener.close()


def test_a_proxy_that_refuses_a_purge_is_reported(proxy, caplog):
    proxy.status = 403
    with caplog.at_level(logging.ERROR, logger="convive.frontend_cache"):
        frontend_cache.purge_proxies.call(["http://testserver/"], False, False)
    assert "respondió 403" in caplog.text
