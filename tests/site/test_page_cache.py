"""Portal pages kept whole for anonymous visitors: fast, never stale, never another's.

Each test reads the page as a visitor would and changes what the site shows the way
staff do (publishing, a records change, the calendar), then reads it again.
"""

import datetime
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone

from content.models import HomePage
from records.models import Territory

pytestmark = pytest.mark.django_db

FORM_URL = "/atencion/pqrsd/"


def user_named(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_the_second_anonymous_view_is_served_whole_and_identical(client, demo):
    first = client.get("/")
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert not hit(first) and hit(second)
    assert first.content == second.content
    assert second["Content-Type"].startswith("text/html")


def test_a_publish_shows_at_once(client, demo):
    client.get("/mision/")
    assert hit(client.get("/mision/"))
    page = HomePage.objects.get().get_children().get(slug="mision").specific
    page.title = "Misión renovada de la Secretaría"
    page.save_revision(user=user_named("admin")).publish()
    fresh = client.get("/mision/")
    assert not hit(fresh) and "Misión renovada de la Secretaría" in fresh.content.decode()


def test_a_new_address_and_an_unpublish_show_at_once(client, demo):
    mission = HomePage.objects.get().get_children().get(slug="mision").specific
    client.get("/mision/")
    assert hit(client.get("/mision/"))
    mission.slug = "mision-y-vision"
    mission.save_revision(user=user_named("admin")).publish()
    assert client.get("/mision/").status_code == 404
    assert client.get("/mision-y-vision/").status_code == 200
    assert hit(client.get("/mision-y-vision/"))
    mission.refresh_from_db()
    mission.unpublish(user=user_named("admin"))
    assert client.get("/mision-y-vision/").status_code == 404


def test_a_records_change_shows_at_once(client, demo):
    client.get("/territorios/")
    assert hit(client.get("/territorios/"))
    territory = Territory.objects.get(code="TER-N-001")
    territory.name = "Barrio Los Almendros Renovado"
    territory.save()  # as the admin form saves it: audited
    assert not hit(client.get("/territorios/"))  # rendered again from the records


def test_midnight_renders_again(client, demo, monkeypatch):
    """A certificate lapses and a term runs out with the calendar alone."""
    client.get("/territorios/")
    assert hit(client.get("/territorios/"))
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    monkeypatch.setattr("api.freshness.timezone.localtime", lambda *args: tomorrow)
    assert not hit(client.get("/territorios/"))


def test_logged_in_users_never_get_nor_leave_a_kept_page(client, demo):
    client.force_login(user_named("editora"))
    mine = client.get("/")
    assert not hit(mine) and not hit(client.get("/"))
    anonymous = Client()
    first = anonymous.get("/")
    assert not hit(first)
    assert "editora" not in first.content.decode() and "userbar" not in first.content.decode()


def test_pages_with_a_query_or_a_foreign_cookie_are_rendered_every_time(client, demo):
    client.get("/buscar/?q=convivencia")
    assert not hit(client.get("/buscar/?q=convivencia"))
    other = Client()
    other.cookies["messages"] = "anything"
    other.get("/")
    assert not hit(other.get("/"))


def test_made_up_display_preferences_share_the_plain_page_and_fill_nothing(demo):
    """A fuzzer varying the preference cookies would otherwise leave a kept page per
    value: every one draws as the plain page, so it is that page they get."""
    from django.core.cache import cache

    from convive.page_cache import page_key

    plain = Client().get("/")
    views = []
    for n in range(5):
        visitor = Client()
        visitor.cookies["convive_texto"] = f"inventado-{n}"
        visitor.cookies["convive_contraste"] = "<script>"
        views.append(visitor.get("/"))
    assert all(hit(view) for view in views)
    assert len({page_key(view.wsgi_request) for view in views}) == 1
    assert cache.get(page_key(views[0].wsgi_request))["moment"] is not None
    assert b"<script>" not in views[0].content and plain.content == views[0].content
    larger = Client()
    larger.cookies["convive_texto"] = "grande"
    assert not hit(larger.get("/")) and hit(larger.get("/"))  # a real choice is kept apart


def test_each_visitor_gets_a_form_token_of_their_own_and_can_file(demo, settings):
    from tests.citizens.conftest import petition_data

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = {}
    for name, visitor in (("first", first), ("second", second)):
        visitor.get(FORM_URL)  # the CSRF cookie
        page = visitor.get(FORM_URL)
        assert hit(page), name
        token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"',
                          page.content.decode()).group(1)
        secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
        assert _unmask_cipher_token(token) == secret, name  # theirs, not the first visitor's
        assert "no-store" in page["Cache-Control"]  # browsers and proxies still keep nothing
        tokens[name] = token
    assert _unmask_cipher_token(tokens["first"]) != _unmask_cipher_token(tokens["second"])
    response = second.post(FORM_URL, {**petition_data(), "csrfmiddlewaretoken": tokens["second"]})
    assert response.status_code == 302  # filed: the token served from the kept page works


def test_the_receipt_and_a_tracking_answer_are_never_kept(client, demo):
    from tests.citizens.conftest import petition_data

    client.get(FORM_URL)
    filed = client.post(FORM_URL, petition_data())
    receipt = client.get(filed["Location"])
    assert receipt.status_code == 200 and not hit(receipt)
    stranger = Client()
    assert stranger.get(filed["Location"]).status_code == 302  # no receipt for anyone else
    assert not hit(stranger.get(filed["Location"]))


def test_a_deploy_starts_afresh(client, demo, settings):
    client.get("/")
    assert hit(client.get("/"))
    settings.RELEASE = "2026.12.04"
    assert not hit(client.get("/"))


def test_a_proxy_put_in_front_gets_pages_it_may_keep_at_once(client, demo, settings):
    """A page kept before a proxy was configured was kept unmarked: replayed as it was,
    the proxy would never keep it until public data changed."""
    client.get("/")
    assert hit(client.get("/")) and "public" not in client.get("/").get("Cache-Control", "")
    settings.FRONTEND_CACHE_PURGE_URLS = ["http://127.0.0.1:9"]
    settings.PROXY_CACHE_SECONDS = 3600
    client.cookies.clear()
    assert client.get("/")["Cache-Control"].startswith("public")


def test_with_the_cache_off_nothing_is_kept(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert not hit(client.get("/"))


def test_a_spreadsheet_import_shows_at_once(client, demo):
    """Imports write their rows and audit entries in batches, without save() signals."""
    import tablib

    from records.models import IndicatorValue
    from records.resources import IndicatorValueResource

    client.get("/territorios/")
    assert hit(client.get("/territorios/"))
    gestor = user_named("gestor_norte")
    exported = IndicatorValueResource(user=gestor).export(
        queryset=IndicatorValue.objects.filter(territory__code="TER-N-001"))
    changed = tablib.Dataset(headers=exported.headers)
    for number, row in enumerate(exported):
        row = list(row)
        if number == 0:
            row[exported.headers.index("Valor")] = "77,7"
        changed.append(row)
    result = IndicatorValueResource(user=gestor).import_data(
        changed, dry_run=False, use_transactions=True, user=gestor)
    assert result.totals["update"] == 1
    assert not hit(client.get("/territorios/"))


def test_a_new_legal_term_shows_on_the_kept_form_at_once(client, demo):
    from citizens.models import ResponseTerm

    client.get(FORM_URL)
    assert hit(client.get(FORM_URL))
    term = ResponseTerm.objects.first()
    term.legal_basis = "Ley 1755 de 2015, artículo 14, según la reforma de prueba"
    term.save()  # as a data migration or the shell would: no audit entry, no admin log
    fresh = client.get(FORM_URL)
    assert not hit(fresh) and "según la reforma de prueba" in fresh.content.decode()


def test_a_change_without_a_log_entry_is_not_forgotten_when_the_moment_expires(client, demo):
    """The moment is kept 5 s, then read again from the logs; a change that wrote none (a
    legal term saved by code) must not be undone then, bringing the old page back."""
    from django.core.cache import cache

    from api import freshness
    from citizens.models import ResponseTerm

    client.get(FORM_URL)
    assert hit(client.get(FORM_URL))
    term = ResponseTerm.objects.first()
    term.legal_basis = "Ley 1755 de 2015, artículo 14, texto nuevo"
    term.save()  # nobody visits the form within the next 5 seconds
    cache.delete(freshness.CACHE_KEY)  # its 5 seconds are over
    fresh = client.get(FORM_URL)
    assert not hit(fresh) and "texto nuevo" in fresh.content.decode()


def test_the_copies_a_process_keeps_stay_within_their_bound_in_memory(settings):
    """PAGE_CACHE_PROCESS_BYTES bounds what the copies really hold (content, headers and
    the entries), measured by tracemalloc, and is used: not far under it either."""
    import datetime as dt
    import pickle
    import tracemalloc

    from convive.page_cache import ProcessPages

    settings.PAGE_CACHE_PROCESS_BYTES = 2_000_000
    moment = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Language", "es-co"),
               ("Vary", "Cookie, Accept-Language"), ("Cache-Control", "max-age=0"),
               ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"),
               ("Cross-Origin-Opener-Policy", "same-origin"), ("X-Content-Type-Options", "nosniff"),
               ("Link", "</static/convive/site.css>; rel=preload; as=style")]
    # As Redis hands them over: each one unpickled, with its own objects.
    stored = pickle.dumps({"moment": moment, "content": b"", "csrf": False, "proxy": True,
                           "headers": headers})
    pages = ProcessPages()
    for size in (2_000, 30_000):  # small pages weigh mostly what is not their content
        pages.clear()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for n in range(4 * settings.PAGE_CACHE_PROCESS_BYTES // size):
            hit = pickle.loads(stored)
            hit["content"] = bytes([65 + n % 26]) * size
            pages.keep(f"page:{n:064x}", hit, owner=(moment, 1))
            del hit
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        assert 0.8 * settings.PAGE_CACHE_PROCESS_BYTES <= held <= settings.PAGE_CACHE_PROCESS_BYTES, (
            size, held)
