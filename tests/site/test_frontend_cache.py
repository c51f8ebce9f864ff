"""A caching proxy in front of the portal: what it is allowed to keep, and the bans that
make sure it never shows a page as it was before a change.

The bans go to a real HTTP server on a loopback port that records them
(tests/site/test_proxy_in_front.py puts a real Varnish in front of a real server).
"""

import datetime
import io
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.models import Site

from content.models import EntitySettings, HomePage, InformationPage
from convive import frontend_cache

pytestmark = pytest.mark.django_db


class _BanRecorder(BaseHTTPRequestHandler):
    def do_BAN(self):  # noqa: N802 (the HTTP method's name)
        self.server.bans.append(self.path)
        self.server.scopes.append(self.headers.get("X-Ban-Scope", "all"))
        if self.server.status is None:  # a proxy answering something that is not HTTP
            self.wfile.write(b"garbage\r\n\r\n")
            return
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings):
    """A proxy's ban address; ``proxy.bans`` lists the bans it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BanRecorder)
    server.daemon_threads = True
    server.bans, server.scopes, server.status = [], [], 200
    thread = threading.Thread(target=server.serve_forever, name="ban-recorder")
    thread.start()
    _configure(settings, f"http://127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _configure(settings, ban_url, timeout=2):
    settings.FRONTEND_CACHE_PURGE_URLS = [ban_url]
    settings.PROXY_CACHE_SECONDS = 3600
    settings.FRONTEND_CACHE_TIMEOUT_SECONDS = timeout


def _home():
    return Site.objects.get(is_default_site=True).root_page.specific


def _information_page(parent, title="Política de prueba", slug="politica-de-prueba"):
    """A published page, as committed (what follows a commit runs), before the test's
    own change; the proxy's record starts empty after it."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        page = InformationPage(title=title, slug=slug, body="<p>Texto de prueba.</p>")
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


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


def test_a_visitor_with_any_cookie_is_never_given_a_page_a_proxy_may_keep(client, proxy):
    _information_page(_home())
    client.get("/politica-de-prueba/")  # kept by the page cache for a visitor without one
    client.cookies["convive_contraste"] = "alto"  # drawn in high contrast
    for _ in range(2):
        response = client.get("/politica-de-prueba/")
        assert "public" not in response.get("Cache-Control", "")


def test_redirects_made_outside_the_page_layers_are_private(client, proxy, settings):
    """An http:// request's redirect to https://, or a missing trailing slash: a proxy
    keeping one would send every visitor round in circles."""
    settings.SECURE_SSL_REDIRECT = True
    to_https = client.get("/", headers={"X-Forwarded-Proto": "http"})
    assert to_https.status_code == 301
    assert "private" in to_https["Cache-Control"]
    slash = client.get("/politica-de-prueba", headers={"X-Forwarded-Proto": "https"})
    assert slash.status_code == 301 and "private" in slash["Cache-Control"]


# --- Emptying the proxies -------------------------------------------------------------

def test_publishing_a_page_bans_at_once_and_again_a_little_later(
        proxy, task_worker, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    page = _information_page(_home())
    proxy.bans.clear()
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Política corregida"
        page.save_revision().publish()
    assert proxy.bans == ["/"]  # on commit, from the request itself
    later = DBTaskResult.objects.get(task_path__endswith="ban_proxies_task")
    assert later.run_after > timezone.now() + datetime.timedelta(seconds=5)
    assert later.args_kwargs["args"] == [False]  # the last one


@pytest.mark.parametrize("change", ["entity", "unpublish", "delete", "move"])
def test_every_change_a_page_shows_bans(proxy, django_capture_on_commit_callbacks, change):
    home = _home()
    page = _information_page(home)
    proxy.bans.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "entity":  # the footer of every page
            entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
            entity.phone = "(601) 555 0199"
            entity.save()
        elif change == "unpublish":
            page.unpublish()
        elif change == "delete":
            page.delete()
        else:
            from content.models import DocumentIndexPage

            other = DocumentIndexPage(title="Documentos B", slug="documentos-b")
            home.add_child(instance=other)
            page.move(other, pos="last-child")
    assert proxy.bans


def test_a_change_that_is_rolled_back_bans_nothing(proxy, django_capture_on_commit_callbacks):
    from django.db import transaction

    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                entity.phone = "(601) 555 0100"
                entity.save()
                raise RuntimeError("fallo a mitad del cambio")
        except RuntimeError:
            pass
    assert proxy.bans == []


def test_a_proxy_that_hangs_costs_its_timeout_and_the_worker_tries_again(
        settings, caplog, task_worker, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        _configure(settings, f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=1)
        entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="convive.frontend_cache"):
            with django_capture_on_commit_callbacks(execute=True):
                entity.phone = "(601) 555 0123"
                entity.save()  # the change itself succeeds
        assert time.monotonic() - started < 10
        assert "No se pudo vaciar el proxy" in caplog.text
        retry = DBTaskResult.objects.get(task_path__endswith="ban_proxies_task")
        assert retry.args_kwargs["args"] == [True]  # a retry, then the repeat
    finally:
        listener.close()


@pytest.mark.parametrize("status", [403, None])
def test_a_proxy_that_refuses_or_answers_garbage_is_reported(proxy, caplog, status):
    proxy.status = status
    with caplog.at_level(logging.ERROR, logger="convive.frontend_cache"):
        assert frontend_cache.ban_proxies() is False
    assert "No se pudo vaciar el proxy" in caplog.text


def test_the_deploy_command_empties_the_proxies(proxy):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("ban_proxies", stdout=out)
    assert proxy.bans == ["/"] and "Proxies vaciados: 1" in out.getvalue()
