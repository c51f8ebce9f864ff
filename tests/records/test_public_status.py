"""The stored public status of each territory follows every write it is derived from.

The open-data API reads records.TerritoryPublicStatus instead of recomputing the
route status per request; these tests drive each kind of write through the
services and the models and compare the stored rows with a fresh computation.
"""

import datetime
import json
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.serializers import TerritorySerializer
from records.models import Case, Certificate, Commitment, Locality, Territory, TerritoryPublicStatus
from records.selectors import recorded_status_for
from records.services import cases as engine
from records.services import public_status
from tests.records.test_case_engine import drive_to_step_nine, fill_required_records, new_route_case

pytestmark = pytest.mark.django_db


def assert_stored_matches_records():
    ids = list(Territory.objects.values_list("pk", flat=True))
    computed = recorded_status_for(ids)
    stored = {row.territory_id: row for row in TerritoryPublicStatus.objects.select_related("territory")}
    assert set(stored) == set(ids)
    for pk in ids:
        row = stored[pk]
        assert row.as_public_status() == computed[pk], row.territory.code
        feature = json.loads(row.feature)
        assert feature["id"] == row.territory.code
        assert feature["geometry"] == row.territory.geometry
        assert feature["properties"] == {
            "code": row.territory.code, "name": row.territory.name,
            "locality": row.territory.locality.name, "status": row.status,
            "current_step": row.current_step,
        }
        # The list item is exactly what the API's serializer says of the territory.
        assert json.loads(row.item) == TerritorySerializer(row.territory).data, row.territory.code
        if row.status == "certificado":
            assert json.loads(row.lapsed_feature)["properties"]["status"] == "vencido"
            lapsed = json.loads(row.lapsed_item)
            assert lapsed["route"]["status"] == "vencido"
            assert lapsed["route"]["label"] == "Certificación vencida"
        else:
            assert row.lapsed_feature == row.lapsed_item == ""
        assert row.shape == public_status.SHAPE


def stored(code) -> TerritoryPublicStatus:
    return TerritoryPublicStatus.objects.get(territory__code=code)


def certify(case, by):
    case = drive_to_step_nine(case, by)
    case.commitments.update(status=Commitment.Status.CLOSED)
    return engine.close_step(case=case, by=by)


def test_the_demo_territories_have_their_status_stored(demo):
    assert_stored_matches_records()
    assert stored("TER-N-001").status == "certificado"
    assert stored("TER-S-002").status == "revocado"
    assert stored("TER-N-002").current_step == 6


def test_a_new_territory_is_stored_without_route_and_follows_renames(demo):
    locality = Locality.objects.get(code="LN")
    territory = Territory.objects.create(code="TER-N-900", name="Villa Nueva", locality=locality,
                                         geometry={"type": "Point", "coordinates": [-74.0, 4.7]})
    assert stored("TER-N-900").status == "sin_ruta"
    territory.name = "Villa Nueva Alta"
    territory.save()
    locality.name = "Localidad Norte Alta"
    locality.save()
    assert json.loads(stored("TER-N-900").feature)["properties"]["name"] == "Villa Nueva Alta"
    assert json.loads(stored("TER-N-001").feature)["properties"]["locality"] == "Localidad Norte Alta"
    assert_stored_matches_records()


def test_opening_and_working_a_case_moves_the_stored_step(north, coordinador):
    case = new_route_case(north, coordinador)
    assert (stored(north.code).status, stored(north.code).current_step) == ("en_ruta", 1)
    fill_required_records(case, coordinador)
    engine.close_step(case=case, by=coordinador)
    assert stored(north.code).current_step == 2
    assert_stored_matches_records()


def test_certifying_revoking_and_reopening_are_stored(route_case, coordinador):
    code = route_case.territory.code
    certify(route_case, coordinador)
    row = stored(code)
    assert row.status == "certificado" and row.certificate_number.startswith("CTS-")
    engine.revoke_certificate(certificate=Certificate.objects.get(case=route_case), by=coordinador,
                              reason="Incumplimiento del pacto.")
    assert stored(code).status == "revocado"
    engine.open_case(procedure_key="MM-GSC-P-003", kind=Case.Kind.CERTIFICATION,
                     territory=route_case.territory, title="Nueva ruta", by=coordinador)
    assert (stored(code).status, stored(code).current_step) == ("en_ruta", 1)
    assert_stored_matches_records()


def test_cancelling_deleting_and_moving_a_case_rewrite_every_territory_involved(north, south, coordinador):
    case = new_route_case(north, coordinador)
    case.status = Case.Status.CANCELLED
    case.save()
    assert stored(north.code).status == "sin_ruta"
    case.status = Case.Status.OPEN
    case.territory = south
    Case.objects.filter(territory=south).update(status=Case.Status.CANCELLED)
    case.save()
    assert stored(north.code).status == "sin_ruta"
    assert stored(south.code).status == "en_ruta"
    engine.delete_case(case=case, by=coordinador)
    assert stored(south.code).status == "sin_ruta"
    assert_stored_matches_records()


def test_a_certificate_lapses_by_the_calendar_without_any_write(client, demo):
    certificate = Certificate.objects.get(territory__code="TER-N-001")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # As if the last day of validity had been yesterday: no save, no signal, no audit.
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=yesterday.replace(year=yesterday.year - 2),
                                                         valid_until=yesterday)
    public_status.refresh([certificate.territory_id])
    assert stored("TER-N-001").status == "certificado"  # what the records say...
    detail = client.get("/api/territories/TER-N-001/").json()
    listed = {t["code"]: t for t in client.get("/api/territories/", {"page_size": 500}).json()["results"]}
    features = {f["id"]: f for f in client.get("/api/territories.geojson").json()["features"]}
    assert detail["route"]["status"] == listed["TER-N-001"]["route"]["status"] == "vencido"  # ...and today
    assert features["TER-N-001"]["properties"]["status"] == "vencido"
    lapsed = client.get("/api/territories/", {"status": "vencido"}).json()["results"]
    certified = client.get("/api/territories/", {"status": "certificado"}).json()["results"]
    assert [t["code"] for t in lapsed] == ["TER-N-001"]
    assert "TER-N-001" not in [t["code"] for t in certified]


def test_readers_compute_what_is_missing_and_say_so(client, demo, caplog, settings):
    settings.API_CACHE_SECONDS = 0
    before = {
        "list": client.get("/api/territories/", {"page_size": 500}).json(),
        "geojson": client.get("/api/territories.geojson").json(),
        "certified": client.get("/api/territories/", {"status": "certificado"}).json(),
    }
    TerritoryPublicStatus.objects.filter(territory__code__in=["TER-N-001", "TER-N-002"]).delete()
    with caplog.at_level(logging.WARNING, logger="records.services.public_status"):
        after = {
            "list": client.get("/api/territories/", {"page_size": 500}).json(),
            "geojson": client.get("/api/territories.geojson").json(),
            "certified": client.get("/api/territories/", {"status": "certificado"}).json(),
        }
    assert after == before
    assert "refresh_public_status" in caplog.text
    call_command("refresh_public_status", "--missing", stdout=open("/dev/null", "w"))
    assert_stored_matches_records()


def test_rows_of_an_older_shape_are_rewritten_by_migrate(demo):
    # A release that changes what the stored texts contain raises SHAPE; the rows
    # written by the previous release must not keep serving the old texts.
    TerritoryPublicStatus.objects.update(shape=public_status.SHAPE - 1, item="", lapsed_item="")
    call_command("migrate", "--noinput", verbosity=0)
    assert_stored_matches_records()


def test_the_map_joined_in_the_database_equals_the_map_built_row_by_row(client, demo, settings):
    settings.API_CACHE_SECONDS = 0
    locality = Locality.objects.get(code="LS")
    for code in ("TER-S-0Z", "TER-S-0A", "TER-S-00"):  # registered out of code order
        Territory.objects.create(code=code, name=f"Sector {code} «Ñandú»", locality=locality)
    joined = client.get("/api/territories.geojson")
    assert joined["Content-Type"] == "application/geo+json"
    codes = [f["id"] for f in joined.json()["features"]]
    assert codes == list(Territory.objects.order_by("pk").values_list("code", flat=True))
    TerritoryPublicStatus.objects.filter(territory__code="TER-S-0A").delete()  # forces the row-by-row path
    row_by_row = client.get("/api/territories.geojson")
    assert row_by_row["Content-Type"] == "application/geo+json"
    assert row_by_row.json() == joined.json()
    south = client.get("/api/territories.geojson", {"locality": "LS"}).json()
    assert [f["id"] for f in south["features"]] == list(
        Territory.objects.filter(locality=locality).order_by("pk").values_list("code", flat=True))
    assert client.get("/api/territories.geojson", {"locality": "NADA"}).json() == {
        "type": "FeatureCollection", "features": []}
