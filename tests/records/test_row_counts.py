"""The territory count the open-data list reports is kept exact by the database itself."""

import pytest
from django.core.management import call_command
from django.db import connection

from records.models import Locality, RowCount, Territory
from records.services import row_counts

pytestmark = pytest.mark.django_db


def kept() -> int:
    return RowCount.objects.get(table_name=Territory._meta.db_table).row_count


def test_every_kind_of_write_keeps_the_count(demo):
    locality = Locality.objects.get(code="LN")
    assert kept() == Territory.objects.count() > 0
    Territory.objects.create(code="TER-N-901", name="Uno", locality=locality)
    Territory.objects.bulk_create([Territory(code=f"TER-N-9{i:02d}", name=f"B{i}", locality=locality)
                                   for i in range(10, 30)])
    assert kept() == Territory.objects.count()
    with connection.cursor() as cursor:  # neither the ORM nor its signals
        cursor.execute("DELETE FROM records_territory WHERE code LIKE 'TER-N-92%%'")
    Territory.objects.filter(code="TER-N-901").delete()
    assert kept() == Territory.objects.count()


def test_without_a_kept_count_the_table_is_counted(client, demo, settings):
    settings.API_CACHE_SECONDS = 0
    RowCount.objects.all().delete()
    assert row_counts.row_count(Territory) == Territory.objects.count()
    assert client.get("/api/territories/").json()["count"] == Territory.objects.count()


def test_migrate_puts_back_triggers_a_table_rebuild_dropped(demo):
    # SQLite rebuilds a table to alter it, and its triggers go with the old one.
    with connection.cursor() as cursor:
        for suffix in ("insert", "delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS records_territory_row_count_{suffix}"
                           + (" ON records_territory" if connection.vendor == "postgresql" else ""))
    Territory.objects.create(code="TER-N-950", name="Sin contar", locality=Locality.objects.first())
    assert kept() == Territory.objects.count() - 1  # stale, as after such a rebuild
    call_command("migrate", "--noinput", verbosity=0)
    assert kept() == Territory.objects.count()
    Territory.objects.filter(code="TER-N-950").delete()
    assert kept() == Territory.objects.count()


def test_the_list_reports_the_kept_count_on_every_page(client, demo, settings):
    settings.API_CACHE_SECONDS = 0
    locality = Locality.objects.get(code="LS")
    Territory.objects.bulk_create([Territory(code=f"TER-S-8{i:02d}", name=f"S{i}", locality=locality)
                                   for i in range(12)])
    total = Territory.objects.count()
    first = client.get("/api/territories/", {"page_size": 5}).json()
    last = client.get("/api/territories/", {"page_size": 5, "page": "last"}).json()
    assert first["count"] == last["count"] == total
    assert len(last["results"]) == (total % 5 or 5)
    assert client.get("/api/territories/", {"page_size": 5, "page": 999}).status_code == 404
    assert client.get("/api/territories/", {"page": "99999999999999999999999"}).status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_resets_the_count(demo):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE records_territory CASCADE")
    assert kept() == 0 == Territory.objects.count()
