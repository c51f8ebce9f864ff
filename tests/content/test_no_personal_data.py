"""No personal data of the internal records ever reaches a public surface."""

import pytest
from wagtail.models import Page

from records.demo import PLANTED_PEOPLE
from tests.helpers import planted_personal_data

pytestmark = pytest.mark.django_db


def public_urls(client):
    urls = ["/sitemap.xml", "/robots.txt", "/api/content/pages/?limit=100",
            "/api/content/documents/", "/api/content/images/", "/healthz", "/api/"]
    for page in Page.objects.live().public().specific():
        url = page.url
        if url:
            urls += [url, f"/api/content/pages/{page.pk}/"]
    for name, *_ in PLANTED_PEOPLE:
        urls.append(f"/buscar/?q={name.split()[0]}")
    # Citizen services: the monthly reports of every demo month, page and CSV.
    for month in ("2026-09", "2026-10", "2026-11"):
        urls += [f"/atencion/pqrsd/informes/?mes={month}",
                 f"/atencion/pqrsd/informes/csv/?mes={month}"]
    urls += ["/buscar/?q=Gloria", "/api/statistics/pqrsd/?month=2026-10"]
    return urls


def test_every_public_page_and_api_response_is_free_of_planted_personal_data(client, demo):
    values = planted_personal_data()
    assert len(values) > 10
    checked = 0
    for url in public_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for value in values:
            assert value not in body, f"{url} shows personal data"
        checked += 1
    assert checked > 30
