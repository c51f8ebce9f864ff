"""A page moved into, out of or within a restricted section stays as restricted, and as
unlisted, as before: a move renumbers tree paths."""

import re

import pytest
from wagtail.models import PageViewRestriction

from content.models import HomePage, InformationPage

pytestmark = pytest.mark.django_db


def menu(client):
    html = client.get("/", {"v": "menu"}).content.decode()
    wide = html.split('<ul class="main-nav__wide">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<]+)</a>", wide)


def test_moving_into_and_out_of_a_restricted_section(client, demo):
    home = HomePage.objects.get()
    vault = home.add_child(instance=InformationPage(title="Bóveda", slug="boveda", intro="x", body="x"))
    PageViewRestriction.objects.create(page=vault, restriction_type=PageViewRestriction.LOGIN)
    page = home.add_child(instance=InformationPage(title="Nota", slug="nota", intro="x", body="x"))
    assert client.get("/nota/").status_code == 200
    page.move(vault, pos="last-child")
    assert client.get("/boveda/nota/").status_code == 302
    page.refresh_from_db()
    page.move(home, pos="last-child")
    assert client.get("/nota/", {"v": 2}).status_code == 200


def test_a_restricted_section_reordered_stays_restricted_and_unlisted(client, demo):
    home = HomePage.objects.get()
    vault = home.add_child(instance=InformationPage(
        title="Bóveda", slug="boveda", intro="x", body="x", show_in_menus=True))
    PageViewRestriction.objects.create(page=vault, restriction_type=PageViewRestriction.LOGIN)
    assert "Bóveda" not in menu(client)
    assert client.get("/boveda/").status_code == 302
    vault.move(home, pos="first-child")  # reorder: every sibling's path shifts
    assert client.get("/boveda/", {"v": 2}).status_code == 302
    assert "Bóveda" not in menu(client)
