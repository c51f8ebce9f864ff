"""One public base URL: no answer carries the host or scheme a client sent.

Requests come in with another allowed Host and X-Forwarded-Proto: http (a proxy
misconfigured, or a client probing); every absolute URL in the sitemap, robots.txt,
the API, the DCAT catalogue and the content API must still be PUBLIC_BASE_URL's, and
the answers kept in the cache must be the same for everyone.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from convive.setup import setup_roles

PUBLIC = "https://convive.example.gov.co"
FOREIGN = {"otro.example", "testserver", "localhost", "127.0.0.1"}
URLS = ["/sitemap.xml", "/robots.txt", "/api/", "/api/territories/?page_size=1",
        "/api/documents/", "/api/catalog/", "/api/content/pages/",
        "/api/content/pages/?type=content.DocumentPage&fields=*", "/api/content/documents/"]


@pytest.fixture
def public_site(demo, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    settings.PIN_PUBLIC_BASE_URL = True
    settings.ALLOWED_HOSTS = ["convive.example.gov.co", "otro.example", "testserver"]
    setup_roles()  # the deploy step: moves the Wagtail Site to the public host
    cache.clear()
    yield
    cache.clear()


def absolute_urls(body: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>\\]+", body))


@pytest.mark.parametrize("url", URLS)
def test_absolute_urls_come_from_the_public_base_url(public_site, client, url):
    response = client.get(url, HTTP_HOST="otro.example", HTTP_X_FORWARDED_PROTO="http",
                          HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    hosts = {urlsplit(u).hostname for u in absolute_urls(body)}
    assert not hosts & (FOREIGN | {"evil.example"}), (url, hosts)
    ours = [u for u in absolute_urls(body) if urlsplit(u).hostname == "convive.example.gov.co"]
    if url in ("/sitemap.xml", "/robots.txt", "/api/", "/api/content/pages/"):
        assert ours, f"{url} names no URL of the portal"
    assert all(u.startswith(PUBLIC + "/") or u == PUBLIC for u in ours), ours


def test_a_kept_answer_is_the_same_whoever_asked_first(public_site, client):
    first = client.get("/api/territories/?page_size=1", HTTP_HOST="otro.example",
                       HTTP_X_FORWARDED_PROTO="http").content
    second = client.get("/api/territories/?page_size=1",
                        HTTP_HOST="convive.example.gov.co").content
    assert first == second


def test_a_host_outside_allowed_hosts_is_refused(public_site, client):
    assert client.get("/api/", HTTP_HOST="evil.example").status_code == 400


def test_the_site_and_its_pages_live_at_the_public_base_url(public_site):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("convive.example.gov.co", 443)
    assert site.root_url == PUBLIC
    assert site.root_page.specific.full_url == PUBLIC + "/"
