"""A page whose type is no longer installed is routed through as Wagtail does (found by an
attacker's review: route_along recursed forever, a 500 for anyone)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from content.models import HomePage, InformationPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/viejo/hijo/", "/viejo/", "/viejo/no-existe/"])
def test_orphan_type_through_the_client(client, demo, url):
    home = HomePage.objects.get()
    section = home.add_child(instance=InformationPage(
        title="Viejo", slug="viejo", intro="x", body="<p>x</p>"))
    section.add_child(instance=InformationPage(
        title="Hijo", slug="hijo", intro="x", body="<p>x</p>"))
    ct = ContentType.objects.create(app_label="retired_app", model="retiredpage")
    Page.objects.filter(pk=section.pk).update(content_type=ct)
    client.raise_request_exception = False
    assert client.get(url).status_code == {"/viejo/no-existe/": 404}.get(url, 200)
