"""Pages are found by their address as Wagtail finds them, in a fixed number of queries
(content.models.base.route_along instead of Wagtail's walk of two queries per level)."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page

from content.models import HomePage, InformationPage, ProcedurePage
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def wagtails_walk(home, components):
    """What Wagtail's own Page.route answers, level by level."""
    request = RequestFactory().get("/")
    try:
        return Page.route(home, request, components).page.pk
    except Http404:
        return None


def ours(home, components):
    request = RequestFactory().get("/")
    try:
        return home.route(request, components).page.pk
    except Http404:
        return None


def test_every_page_of_the_demo_is_found_as_wagtail_finds_it(demo):
    home = HomePage.objects.get()
    addresses = [page.url_path[len(home.url_path):].strip("/").split("/")
                 for page in Page.objects.descendant_of(home)]
    assert len(addresses) > 30
    for components in addresses:
        assert ours(home, components) == wagtails_walk(home, components), components


@pytest.mark.parametrize("address", [
    "no-existe", "procesos/no-existe", "c-gs-01",  # a real slug one level too high
    "procesos/asesoria-asistencia-tecnica",  # a level skipped
    "procesos/c-gs-01/asesoria-asistencia-tecnica/otra",
])
def test_addresses_that_name_no_page_are_not_found(demo, address):
    home = HomePage.objects.get()
    assert ours(home, address.split("/")) is None
    assert wagtails_walk(home, address.split("/")) is None


def test_a_draft_is_not_found_but_a_live_page_below_a_draft_is_as_in_wagtail(client, demo):
    procedure = ProcedurePage.objects.live().first()
    card = procedure.get_parent().specific
    home = HomePage.objects.get()
    card_address = "/" + card.url_path[len(home.url_path):]
    assert client.get(card_address).status_code == 200
    card.unpublish()
    assert client.get(card_address).status_code == 404
    # Wagtail routes through a draft section to the live page below it: kept as it was.
    components = procedure.url_path[len(home.url_path):].strip("/").split("/")
    assert ours(home, components) == wagtails_walk(home, components) == procedure.pk


def test_a_slug_shared_by_pages_in_two_sections_finds_each_one(demo):
    home = HomePage.objects.get()
    sections = [child for child in home.get_children().live()][:2]
    twins = [section.add_child(instance=InformationPage(
        title=f"Preguntas {n}", slug="preguntas", intro="x", body="<p>x</p>"))
        for n, section in enumerate(sections)]
    for section, twin in zip(sections, twins):
        assert ours(home, [section.slug, "preguntas"]) == twin.pk


def test_sub_addresses_and_children_of_a_form_page_still_reach_it(client, demo):
    """The PQRSD page routes its own sub-addresses (the receipt) and then its children (the
    tracking page): the walk hands both over to it."""
    from citizens.models import PetitionTrackingPage

    assert client.get("/atencion/pqrsd/").status_code == 200
    response = client.get("/atencion/pqrsd/radicada/")  # no receipt in this session
    assert response.status_code == 302 and response["Location"] == "/atencion/pqrsd/"
    tracking = PetitionTrackingPage.objects.live().get()
    assert tracking.url.startswith("/atencion/pqrsd/")
    assert client.get(tracking.url).status_code == 200


def test_finding_a_page_costs_the_same_at_any_depth(client, demo):
    shallow = count_queries(client, "/mision/")
    home = HomePage.objects.get()
    deep = InformationPage(title="Hoja", slug="hoja", intro="x", body="<p>x</p>")
    parent = home
    for level in range(5):
        parent = parent.add_child(instance=InformationPage(
            title=f"Nivel {level}", slug=f"nivel-{level}", intro="x", body="<p>x</p>"))
    parent.add_child(instance=deep)
    deep_url = "/" + "/".join(f"nivel-{n}" for n in range(5)) + "/hoja/"
    assert count_queries(client, deep_url) <= shallow + 1  # its breadcrumbs: one query
