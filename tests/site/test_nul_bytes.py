"""A NUL character in an address gets a Spanish 400 on every door, never a database error.

On PostgreSQL each of these answered 500 ("A string literal cannot contain NUL"); the
suite runs there too (.ci/run)."""

import pytest

PORTAL = ["/buscar/?q=%00", "/territorios/?localidad=%00", "/documentos/%00/",
          "/atencion/pqrsd/seguimiento/?radicado=%00"]
API = ["/api/documents/?kind=%00", "/api/documents/?territory=%00", "/api/territories/%00/",
       "/api/certifications/%00/", "/api/processes/%00/", "/api/documents/%00/",
       "/api/content/pages/?search=%00", "/api/content/pages/find/?html_path=%00",
       "/api/content/pages/?locale=%00"]
STAFF = ["/admin/records/caserecord/?q=%00", "/admin/records/territory/?code=%00",
         "/cms/pages/search/?q=%00"]


@pytest.mark.parametrize("path", PORTAL)
def test_a_portal_address_with_a_nul_is_a_spanish_page(client, demo, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "carácter nulo" in response.content.decode()
    assert "<footer" in response.content.decode()  # the portal's page, with its way back


@pytest.mark.parametrize("path", API)
def test_an_api_address_with_a_nul_is_a_spanish_json_error(client, demo, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "carácter nulo" in response.json()["detail"]


@pytest.mark.parametrize("path", STAFF)
def test_a_staff_search_with_a_nul_is_refused_as_well(client, login, path):
    login("coordinador")
    response = client.get(path)
    assert response.status_code == 400 and "carácter nulo" in response.content.decode()


def test_an_encoded_percent_sign_is_not_a_nul(client, demo):
    response = client.get("/buscar/?q=%2500")  # a citizen searching for "%00"
    assert response.status_code == 200
