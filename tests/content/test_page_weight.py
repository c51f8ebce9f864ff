"""Light pages: no third-party assets, and a process card with its assets under 150 KB."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 150 * 1024


@pytest.mark.parametrize("url", ["/procesos/c-gs-01/", "/procesos/c-gs-01/asesoria-asistencia-tecnica/"])
def test_process_pages_with_their_assets_weigh_under_150_kb(client, demo, url):
    html = client.get(url).content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    total = len(html)
    for asset in assets:
        path = finders.find(asset.decode().removeprefix("/static/"))
        assert path, asset
        with open(path, "rb") as fh:
            total += len(fh.read())
    assert total < BUDGET, f"{url}: {total} bytes"


@pytest.mark.parametrize("url", ["/", "/territorios/", "/documentos/", "/buscar/?q=convivencia"])
def test_public_pages_load_nothing_from_other_hosts_and_need_no_javascript(client, demo, url):
    html = client.get(url).content.decode()
    # What a browser loads by itself: stylesheets, icons, scripts, images, frames.
    loaded = re.findall(r'<(?:link|script|img|iframe|source|video|audio|image|embed|object)\b'
                        r'[^>]*?\b(?:src|href|data|srcset)="([^"]+)"', html)
    assert loaded, "no resource found: the pattern no longer matches the page"
    for ref in loaded:
        assert not ref.startswith(("http://", "https://", "//")) or ref.startswith("http://testserver"), ref
    # Links a visitor may follow out of the site: only the gov.co bar's.
    for ref in re.findall(r'<a\b[^>]*?\bhref="([^"]+)"', html):
        assert (not ref.startswith(("http://", "https://", "//"))
                or ref.startswith(("http://testserver", "https://www.gov.co/"))), ref
    assert "<script" not in html
