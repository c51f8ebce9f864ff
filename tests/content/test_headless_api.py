"""Every page type's structured fields are served by the Wagtail API v2."""

import pytest

pytestmark = pytest.mark.django_db


def items(client, page_type, fields="*"):
    response = client.get("/api/content/pages/", {"type": page_type, "fields": fields})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_process_cards_expose_policies_phva_rows_and_change_control(client, demo):
    cards = {c["code"]: c for c in items(client, "content.ProcessCardPage")}
    card = cards["C-GS-01"]
    assert len(card["policies"]) == 12
    assert len(card["phva_rows"]) == 10
    assert card["phva_rows"][0]["value"]["phase"] == "P"
    assert card["process_type"] == "misional"
    assert card["change_control"][0]["version"] == "6"


def test_procedures_expose_steps_definitions_and_change_control(client, demo):
    procedures = {p["meta"]["slug"]: p for p in items(client, "content.ProcedurePage")}
    route = procedures["mm-gsc-p-003"]
    assert len(route["steps"]) == 9
    assert route["steps"][8]["value"]["responsible_role"] == "Secretario"
    assert route["definitions"][0]["term_name"].startswith("Comités Barriales")
    assert route["change_control"][0]["date"] == "2019-06-21"
    branch = procedures["asesoria-asistencia-tecnica"]["steps"][1]["value"]["branches"][0]
    assert branch["outcomes"][0]["next_step"] == "comision"  # steps are named by code
    # Another system reads the rules cases follow, with decisions resolved to step numbers.
    steps = procedures["asesoria-asistencia-tecnica"]["case_steps"]
    assert steps[1]["branches"][0]["outcomes"][0]["next_step"] == 3
    certify = route["case_steps"][8]
    assert certify["code"] == "certificacion"
    assert {"type": "certificado", "validity_years": 2} in certify["rules"]
    assert "vigente 2 años" in " ".join(certify["rule_texts"])


def test_territories_and_documents_are_served(client, demo):
    territories = {t["code"]: t for t in items(client, "content.TerritoryPage")}
    route = territories["TER-N-001"]["route_status"]
    assert route["status"] == "certificado"
    assert route["certificate_number"].startswith("CTS-")
    assert territories["TER-N-002"]["route_status"]["current_step"] == 6
    assert territories["TER-N-001"]["geometry"]["type"] == "Polygon"
    documents = {d["meta"]["slug"]: d for d in items(client, "content.DocumentPage")}
    assert "Ley 1712 de 2014 art. 19 — seguridad pública" in documents["pacto-san-martin"]["legal_grounds"]


def test_transparency_categories_are_served(client, demo):
    categories = items(client, "content.TransparencyCategoryPage")
    assert sorted(c["number"] for c in categories) == list(range(1, 11))


def test_drafts_are_never_served(client, demo):
    from content.models import TerritoryPage

    TerritoryPage.objects.get(slug="el-mirador").unpublish()
    codes = [t["code"] for t in items(client, "content.TerritoryPage")]
    assert "TER-N-002" not in codes


@pytest.mark.parametrize("query, status, message", [
    ({"id": "abc"}, 404, "No existe"),
    ({"id": "99999999"}, 404, "No existe"),
])
def test_find_answers_odd_ids_with_a_spanish_404(client, demo, query, status, message):
    response = client.get("/api/content/pages/find/", query)
    assert response.status_code == status
    assert message in response.json()["message"]


@pytest.mark.parametrize("query, message", [
    ({"offset": "99999999999999999999"}, "«offset» no puede ser mayor que 1000000"),
    ({"offset": "-1"}, "«offset» debe ser un número entero positivo"),
    ({"limit": "abc"}, "«limit» debe ser un número entero positivo"),
    ({"order": "xyz"}, "No se puede ordenar por «xyz»"),
    ({"type": "foo.Bar"}, "Ese «type» no existe"),
    ({"fields": "zzz"}, "Campos desconocidos en «fields»: zzz"),
    ({"fields": "title,(("}, "El parámetro «fields» no es válido"),
    ({"child_of": "abc"}, "«child_of» debe ser un número entero positivo"),
    ({"descendant_of": "99999"}, "La página que indica el filtro no existe"),
    ({"nada": "1"}, "Parámetros desconocidos: nada"),
])
def test_bad_queries_get_a_spanish_400(client, demo, query, message):
    response = client.get("/api/content/pages/", query)
    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize("search", ['"', "a*b(", "AND", "NEAR(x y", "título:", "^x", "-"])
def test_full_text_syntax_in_a_search_is_only_words(client, demo, search):
    response = client.get("/api/content/pages/", {"search": search})
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


def test_the_api_searches_as_the_portal_does(client, demo):
    # Accents, capitals and inflections are matched as on /buscar/ (content.search).
    titles = [p["title"] for p in client.get("/api/content/pages/", {
        "search": "POLÍTICAS"}).json()["items"]]
    assert titles, "a search the portal answers found nothing"


@pytest.mark.parametrize("url, status", [
    ("/api/content/pages/find/?id=%C2%B2", 404),  # «²»: a digit to Python, not a number
    ("/api/content/images/find/?id=%C2%B2", 404),
    ("/api/content/documents/find/?id=%C2%B9", 404),
    ("/api/content/pages/?search=a&search_operator=xor", 400),
    ("/api/content/pages/?first_published_at=garbage", 400),
    ("/api/content/pages/?alias_of=99999999999999999999999", 400),
    ("/api/content/pages/?id=99999999999999999999999", 400),
])
def test_inputs_found_by_a_fuzzer_get_a_spanish_answer(client, demo, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["message"][0].isupper() or response.json()["message"][0] == "«"


@pytest.mark.parametrize("url", ["/api/content/pages/99999/", "/api/content/images/99999/",
                                 "/api/content/pages/?locale=zz", "/api/content/pages/?site=x"])
def test_every_404_says_not_found(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["message"].startswith("No existe")
