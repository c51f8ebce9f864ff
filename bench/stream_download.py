"""Benchmark: the whole territories dataset (10,000 territories) as a streamed download.

Run: .venv/bin/python bench/stream_download.py [TERRITORIES]   (DATABASE_URL=postgres://… for PostgreSQL)

For each file (CSV, CSV for Excel, JSON, GeoJSON) it prints, median of 5 runs through
Django's test client, the time to receive every byte, against the ceiling measured in the
same run: reading the same stored rows from the database and doing nothing with them.
Memory: the peak Python allocation (tracemalloc) while streaming, against the size of the
file, and against the same rows written into one body in memory (the way a non-streamed
answer would hold them). Uses a throw-away test database.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.test_settings")
RUNS = 5


def main(territories: int) -> None:
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from api.datasets.registry import DATASETS
        from api.views.datasets import file_chunks
        from records.models import Locality, Territory
        from records.services.public_status import ITEM_COLUMNS, lapsing_feature, refresh_missing

        call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
        locality = Locality.objects.first()
        Territory.objects.bulk_create([
            Territory(code=f"BENCH-{i:05d}", name=f"Barrio {i}", locality=locality, population=1000 + i,
                      geometry={"type": "Polygon", "coordinates": [[
                          [-74 + i * 1e-4, 4.6], [-74 + i * 1e-4, 4.61], [-73.99 + i * 1e-4, 4.61],
                          [-74 + i * 1e-4, 4.6]]]})
            for i in range(territories)], batch_size=1000)
        refresh_missing()  # bulk_create skips the signals that store the public status
        total = Territory.objects.count()
        client = Client()
        dataset = DATASETS["territories"]

        def read_only(variant):
            # The stored texts the file is written from: items for the tables, features for
            # the map.
            columns = (("pk", lapsing_feature(timezone.localdate())) if variant == "geojson"
                       else ITEM_COLUMNS)
            for _row in Territory.objects.order_by("code").values_list(*columns).iterator(
                    chunk_size=1000):
                pass

        def timed(action):
            started = time.perf_counter()
            action()
            return time.perf_counter() - started

        print(f"{connection.vendor}: {total} territorios, mediana de {RUNS}")
        with override_settings(API_CACHE_SECONDS=0, API_ANON_RATE="100000000/min"):
            for variant in ("csv", "excel.csv", "json", "geojson"):
                url = f"/api/datasets/territories.{variant}"
                size = sum(len(chunk) for chunk in client.get(url).streaming_content)
                ceiling, streamed = [], []
                for _ in range(RUNS):  # alternated, so both see the same machine
                    ceiling.append(timed(lambda: read_only(variant)))
                    streamed.append(timed(lambda: sum(
                        len(chunk) for chunk in client.get(url).streaming_content)))
                top, took = statistics.median(ceiling), statistics.median(streamed)

                tracemalloc.start()
                for _chunk in client.get(url).streaming_content:
                    pass
                _, stream_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                tracemalloc.start()
                whole = b"".join(file_chunks(dataset, variant, timezone.localdate()))
                _, whole_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                assert len(whole) == size
                del whole
                print(f"  {variant:10s} {size / 1e6:6.2f} MB  {took * 1000:7.0f} ms "
                      f"(techo: leer las filas {top * 1000:5.0f} ms, {took / top:4.1f} ×)  "
                      f"memoria pico {stream_peak / 1e6:5.2f} MB = {stream_peak / size:5.1%} del archivo "
                      f"(en un solo cuerpo: {whole_peak / 1e6:5.2f} MB)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
