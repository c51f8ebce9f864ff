"""Petitions keep a moment of their own (api.freshness): a citizen's filing or a step by
staff must not empty every kept page and the proxy in front, yet what shows petitions (the
PQRSD report page, the API's statistics) is never stale. tests/site/test_proxy_in_front.py
checks the same with a real Varnish."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.citizens.conftest import petition_data
from tests.site.test_frontend_cache import proxy  # noqa: F401 (the recording ban address)

pytestmark = pytest.mark.django_db

FORM_URL = "/atencion/pqrsd/"
REPORT_URL = "/atencion/pqrsd/informes/"


def user_named(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def received(html: str) -> int:
    start = html.index("<dt>Recibidas</dt><dd>") + len("<dt>Recibidas</dt><dd>")
    return int(html[start:html.index("</dd>", start)])


def file_one(client):
    client.get(FORM_URL)
    response = client.post(FORM_URL, petition_data())
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_a_filing_keeps_the_pages_and_the_proxy_but_the_report_shows_it(
        demo, proxy, django_capture_on_commit_callbacks):  # noqa: F811
    visitor, citizen = Client(), Client()
    for url in ("/", "/territorios/", "/procesos/c-gs-01/"):
        visitor.get(url)
        assert hit(visitor.get(url)), url
    report = visitor.get(REPORT_URL)
    before = received(report.content.decode())
    assert not hit(report) and not hit(visitor.get(REPORT_URL))  # drawn every time
    assert "no-cache" in report["Cache-Control"] and "public" not in report["Cache-Control"]

    proxy.bans.clear()
    proxy.scopes.clear()
    with django_capture_on_commit_callbacks(execute=True):
        file_one(citizen)
    # The proxy drops the API's answers (the statistics), not the pages.
    assert proxy.bans and set(proxy.scopes) == {"api"}
    for url in ("/", "/territorios/", "/procesos/c-gs-01/"):
        assert hit(visitor.get(url)), url
    month = f"{timezone.localdate():%Y-%m}"
    latest = visitor.get(REPORT_URL).content.decode()  # the latest month: this one now
    assert f"Informe de {month}" in latest
    same_month = f"Informe de {month}" in report.content.decode()
    assert received(latest) == (before + 1 if same_month else 1)


def test_the_api_statistics_follow_every_filing(demo, django_capture_on_commit_callbacks):
    month = f"{timezone.localdate():%Y-%m}"
    reader = Client()
    first = reader.get("/api/statistics/pqrsd/", {"month": month})
    assert first.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        file_one(Client())
    again = reader.get("/api/statistics/pqrsd/", {"month": month})
    assert again.content != first.content  # not the answer kept before the filing
    stale = reader.get("/api/statistics/pqrsd/", {"month": month},
                       HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert stale.status_code == 200  # never "304 Not Modified" after a filing


def test_a_step_by_staff_keeps_the_pages_and_moves_the_api_moment(demo):
    from api import freshness
    from citizens.models import Petition, Unit
    from citizens.services import pqrsd

    visitor = Client()
    visitor.get("/")
    assert hit(visitor.get("/"))
    pages, everything = freshness.pages_changed_at(), freshness.last_modified()
    petition = Petition.objects.filter(status=Petition.Status.FILED).first()
    pqrsd.assign(petition, unit=Unit.objects.first(), by=user_named("coordinador"))
    assert freshness.pages_changed_at() == pages
    assert freshness.last_modified() > everything
    assert hit(visitor.get("/"))


def test_a_records_change_still_empties_the_pages(demo):
    from api import freshness
    from records.models import AuditEntry, Territory
    from records.services.audit import log

    visitor = Client()
    visitor.get("/")
    assert hit(visitor.get("/"))
    before = freshness.pages_changed_at()
    log(AuditEntry.Action.CHANGE, Territory.objects.first(), actor=user_named("coordinador"))
    assert freshness.pages_changed_at() > before
    assert not hit(visitor.get("/"))


def test_the_moments_survive_the_cache_forgetting_them(demo):
    """Read again from the logs once their 5 seconds are over: petitions' own entries
    count for the API, not for pages."""
    from django.core.cache import cache

    from api import freshness

    file_one(Client())
    cache.delete_many([freshness.CACHE_KEY, freshness.PETITIONS_KEY,
                       freshness.LAST_CHANGE_KEY, freshness.LAST_PETITION_CHANGE_KEY])
    petitions = freshness._petitions_from_database()
    assert petitions > timezone.now() - datetime.timedelta(minutes=1)
    assert freshness.last_modified() >= petitions
    assert freshness._from_database() < petitions


def test_an_admin_edit_of_a_petition_counts_for_petitions_only(demo):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from api import freshness
    from citizens.models import Petition
    from records.models import Territory

    pages, everything = freshness.pages_changed_at(), freshness.last_modified()
    staff = user_named("coordinador")
    for model in (Petition, Territory):
        LogEntry.objects.create(user=staff, action_flag=CHANGE, object_repr="x",
                                content_type=ContentType.objects.get_for_model(model),
                                object_id=str(model.objects.first().pk))
        if model is Petition:
            assert freshness.pages_changed_at() == pages
            assert freshness.last_modified() > everything
    assert freshness.pages_changed_at() > pages  # any other model's edit: pages too
