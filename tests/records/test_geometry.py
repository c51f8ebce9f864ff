"""Territory shapes: a bad one gets a Spanish message on every way in and is never stored;
one stored before the rules never breaks a public page."""

import csv
import io
import json
import math

import pytest
from django.core.exceptions import ValidationError

from records.geometry import geometry_problem
from records.models import Territory
from tests.records.test_spreadsheets import export, preview, text_of

pytestmark = pytest.mark.django_db

SQUARE = [[-74.05, 4.72], [-74.044, 4.72], [-74.044, 4.726], [-74.05, 4.726], [-74.05, 4.72]]
BOWTIE = [[-74.05, 4.72], [-74.044, 4.726], [-74.044, 4.72], [-74.05, 4.726], [-74.05, 4.72]]

BAD = [
    ({"type": "Point", "coordinates": []}, "necesita sus coordenadas"),
    ({"type": "Point", "coordinates": [4.6, -74.1]}, "longitud y la latitud están invertidas"),
    ({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, "no está cerrado"),
    ({"type": "Polygon", "coordinates": [BOWTIE]}, "se cruza consigo mismo"),
    ({"type": "MultiPolygon", "coordinates": [[SQUARE], [BOWTIE]]},
     "borde exterior del polígono 2 se cruza"),
    ({"type": "Polygon", "coordinates": [[[-74.0, 4.0], [-74.0, 4.1], [-74.0, 4.0],
                                          [-74.0, 4.0]]]}, "no encierra ninguna superficie"),
    ({"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86],
                                          [2.35, 48.85]]]}, "fuera de Colombia"),
    ({"type": "Polygon", "coordinates": [[[-74.0, 4.0], [-74.0, "4.1"], [-74.1, 4.1],
                                          [-74.0, 4.0]]]}, "no es un par de números"),
    ({"type": "Polygon", "coordinates": [[[-74.0, 4.0], [-74.0, 4.1], [-74.0, 4.0]]]},
     "necesita al menos 4"),
    ({"type": "LineString", "coordinates": SQUARE}, "«LineString» no se admite"),
    ({"type": "Polygon", "coordinates": []}, "no tiene anillos"),
    ({"type": "Polygon", "coordinates": [[[-74.0, 4.0], [-74.0, float("nan")], [-74.1, 4.1],
                                          [-74.0, 4.0]]]}, "no es un par de números"),
    ({"coordinates": [SQUARE]}, "«type» y «coordinates»"),
    (["no", "un", "objeto"], "«type» y «coordinates»"),
]


def assert_refused(instance, field, value, message):
    setattr(instance, field, value)
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize("geometry, message", BAD)
def test_a_bad_shape_is_refused_in_spanish_by_the_model(demo, geometry, message):
    assert_refused(Territory.objects.get(code="TER-N-001"), "geometry", geometry, message)


def test_shapes_a_gis_tool_writes_are_accepted(demo):
    # A hole, a MultiPolygon, an altitude, a ring of 5,000 positions (an unsimplified
    # export): all valid, and checked quickly.
    hole = [[-74.048, 4.722], [-74.048, 4.724], [-74.046, 4.724], [-74.046, 4.722],
            [-74.048, 4.722]]
    steps = 5000
    circle = [[-74.1 + 0.01 * math.cos(2 * math.pi * i / steps),
               4.6 + 0.01 * math.sin(2 * math.pi * i / steps), 2600.0] for i in range(steps)]
    circle.append(circle[0])
    for geometry in ({"type": "Polygon", "coordinates": [SQUARE, hole]},
                     {"type": "MultiPolygon", "coordinates": [[SQUARE], [circle]]},
                     {"type": "Point", "coordinates": [-81.7, 12.58]},  # San Andrés
                     None):
        assert geometry_problem(geometry) is None
    for territory in Territory.objects.all():  # the demo's own shapes
        assert geometry_problem(territory.geometry) is None, territory


def test_the_admin_form_refuses_a_bad_shape_and_stores_nothing(client, user_named, demo):
    client.force_login(user_named("admin"))
    territory = Territory.objects.get(code="TER-N-001")
    before = territory.geometry
    url = f"/admin/records/territory/{territory.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["geometry"] = json.dumps({"type": "Point", "coordinates": []})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "necesita sus coordenadas" in text_of(response)
    territory.refresh_from_db()
    assert territory.geometry == before


def test_an_import_refuses_a_bad_shape_with_its_row_and_column(client, user_named, demo):
    client.force_login(user_named("admin"))
    rows = list(csv.reader(io.StringIO(export(client, "territory").content.decode("utf-8-sig"))))
    column = rows[0].index("Geometría (GeoJSON)")
    rows[1][column] = json.dumps({"type": "Polygon", "coordinates": [BOWTIE]})
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    code = rows[1][rows[0].index("Código")]
    before = Territory.objects.get(code=code).geometry
    response = preview(client, "territory", out.getvalue().encode())
    problems = response.context["row_problems"]
    assert [(p.row, p.column) for p in problems] == [(1, "Geometría (GeoJSON)")]
    assert "se cruza consigo mismo" in problems[0].message
    assert response.context.get("confirm_form") is None
    assert Territory.objects.get(code=code).geometry == before


def test_a_bad_shape_stored_before_the_rules_never_breaks_the_public_pages(client, demo):
    from records.services import public_status

    territory = Territory.objects.get(code="TER-N-001")
    # As an older release (or SQL) left it: no save(), no clean().
    Territory.objects.filter(pk=territory.pk).update(
        geometry={"type": "Point", "coordinates": []})
    public_status.refresh([territory.pk])
    for url in ("/territorios/", "/territorios/los-almendros/", "/api/territories.geojson"):
        assert client.get(url).status_code == 200, url
    assert "Los Almendros" in text_of(client.get("/territorios/"))
    features = {f["id"]: f for f in client.get("/api/territories.geojson").json()["features"]}
    assert features["TER-N-001"]["geometry"] is None  # listed, not drawn
    assert features["TER-N-002"]["geometry"]["type"] == "Polygon"


# --- A locality's official boundary ------------------------------------------------------

@pytest.mark.parametrize("geometry, message", [
    *[case for case in BAD if case[0] != {"type": "Point", "coordinates": []}
      and case[1] != "longitud y la latitud están invertidas"],
    ({"type": "Point", "coordinates": [-74.1, 4.6]}, "debe ser un polígono"),
])
def test_a_bad_locality_boundary_is_refused_in_spanish_by_the_model(demo, geometry, message):
    from records.models import Locality

    assert_refused(Locality.objects.get(name="Localidad Norte"), "boundary", geometry, message)


def test_the_admin_form_refuses_a_boundary_that_is_a_point_and_stores_nothing(
        client, user_named, demo):
    from records.models import Locality

    client.force_login(user_named("admin"))
    locality = Locality.objects.get(name="Localidad Norte")
    url = f"/admin/records/locality/{locality.pk}/change/"
    response = client.post(url, {"code": locality.code, "name": locality.name,
                                 "boundary": json.dumps({"type": "Point",
                                                         "coordinates": [-74.1, 4.6]})})
    assert response.status_code == 200
    assert "debe ser un polígono" in text_of(response)
    locality.refresh_from_db()
    assert locality.boundary is None
    boundary = {"type": "Polygon", "coordinates": [SQUARE]}
    response = client.post(url, {"code": locality.code, "name": locality.name,
                                 "boundary": json.dumps(boundary)})
    assert response.status_code == 302
    locality.refresh_from_db()
    assert locality.boundary == boundary
