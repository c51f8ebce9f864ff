"""/admin/ opens on «Mi trabajo»: each role's counts, and each count links to a list that
holds exactly that many rows."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_named(demo):
    return lambda name: get_user_model().objects.get(username=name)


def counts(html):
    section = html.split('id="my-work-title"', 1)[1].split("</section>", 1)[0]
    return [(href.replace("&amp;", "&"), int(n), label.strip())
            for href, n, label in re.findall(
                r'<a href="([^"]+)"[^>]*><strong>(\d+)</strong>([^<]*)</a>', section)], section


@pytest.mark.parametrize("role, expected", [
    ("gestor_norte", ["Casos abiertos por actividad"]),
    ("coordinador", ["Casos abiertos por actividad", "Panorama por territorio",
                     "PQRSD por urgencia", "PQRSD por dependencia"]),
    ("atencion", ["PQRSD por urgencia"]),
])
def test_each_role_sees_its_work_and_every_count_matches_its_list(client, user_named, role,
                                                                  expected):
    client.force_login(user_named(role))
    html = client.get("/admin/").content.decode()
    links, section = counts(html)
    for heading in expected:
        assert heading in section, (role, heading)
    assert links, section
    for url, number, label in links:
        listed = client.get(url)
        assert listed.status_code == 200, (role, url)
        assert "?e=1" not in listed.get("Location", ""), url
        assert listed.context["cl"].result_count == number, (role, label, url)


def test_a_manager_sees_only_their_territories(client, user_named):
    client.force_login(user_named("gestor_norte"))
    html = client.get("/admin/").content.decode()
    _, section = counts(html)
    assert "Panorama por territorio" not in section and "PQRSD" not in section


def test_the_territory_overview_links_to_each_territorys_cases(client, user_named):
    client.force_login(user_named("coordinador"))
    _, section = counts(client.get("/admin/").content.decode())
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">(TER-[^ ]+)', section)
    assert rows
    for url, code in rows:
        listed = client.get(url.replace("&amp;", "&"))
        territories = {case.territory.code for case in listed.context["cl"].result_list}
        assert territories == {code}
