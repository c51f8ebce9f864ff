"""Benchmark: import attendance rows through the admin's resource, against bulk_create.

Run: .venv/bin/python bench/import_attendance.py [ROWS]
Uses a throw-away SQLite database unless DATABASE_URL is set (then it creates and
drops a test database on that server).  In the same run it times:

- the import as a gestor would run it (permission checks, validation, audit), and
- a bare ``bulk_create`` of the same rows, the database's own speed,

and prints both rates and their ratio (goal: the import at >= 25% of bulk_create).
Each is the best of three runs, rolled back.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.test_settings")


def main(rows: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import io

        import tablib
        from django.contrib.auth import get_user_model

        from records.models import Activity, Attendee, AuditEntry
        from records.resources import AttendeeResource

        call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
        user = get_user_model().objects.get(username="gestor_norte")
        activities = list(Activity.objects.filter(territory__code__startswith="TER-N")[:2])
        first, second = activities[0], activities[-1]

        # The database's own speed: the same rows, no checks, one statement per 1,000.
        # Best of three (rolled back), so a cold cache does not flatter the ratio.
        bare = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            with transaction.atomic():
                Attendee.objects.bulk_create(
                    (Attendee(activity=second, full_name=f"Persona {i}",
                              id_number=str(20_000_000 + i), organization="JAC")
                     for i in range(rows)), batch_size=1000)
                bare = min(bare, time.perf_counter() - start)
                transaction.set_rollback(True)

        headers = ["Actividad (código)", "Nombre completo", "Número de documento", "Teléfono",
                   "Correo electrónico", "Organización o entidad"]

        def spreadsheet(first_number):
            dataset = tablib.Dataset(headers=headers)
            for i in range(rows):
                dataset.append([first.code, f"Persona {i}", str(first_number + i), "", "", "JAC"])
            return dataset

        def confirm():
            """One import as the confirm button runs it, checked, then rolled back."""
            dataset = spreadsheet(10_000_000)
            with transaction.atomic():
                before = Attendee.objects.filter(activity=first).count()
                audit_before = AuditEntry.objects.count()
                start = time.perf_counter()
                result = AttendeeResource(user=user).import_data(
                    dataset, dry_run=False, use_transactions=True, user=user)
                elapsed = time.perf_counter() - start
                assert not result.has_errors() and not result.has_validation_errors(), (
                    result.invalid_rows[:3], [e.error for e in result.base_errors][:3])
                created = Attendee.objects.filter(activity=first).count() - before
                assert created == rows, (created, rows)
                audited = AuditEntry.objects.count() - audit_before
                assert audited == rows, f"{audited} audit entries for {rows} rows"
                transaction.set_rollback(True)
            return elapsed

        def preview():
            """The preview a user sees first (a dry run, rolled back by the library)."""
            dataset = spreadsheet(30_000_000)
            start = time.perf_counter()
            result = AttendeeResource(user=user).import_data(
                dataset, dry_run=True, use_transactions=True, user=user)
            elapsed = time.perf_counter() - start
            assert not result.has_errors() and not result.has_validation_errors()
            return elapsed

        profiler = None
        if os.environ.get("PROFILE"):
            import cProfile
            profiler = cProfile.Profile()
            profiler.enable()
        # Best of three, as for bulk_create above.
        elapsed = min(confirm() for _ in range(3))
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(os.environ["PROFILE"])
        previewed = min(preview() for _ in range(3))

        print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        print(f"rows: {rows}")
        print(f"bulk_create: {bare:.2f} s, {rows / bare:,.0f} rows/s")
        print(f"import (confirm, with one audit entry per row): {elapsed:.2f} s, "
              f"{rows / elapsed:,.0f} rows/s")
        print(f"import (preview): {previewed:.2f} s, {rows / previewed:,.0f} rows/s")
        print(f"ratio import/bulk_create: {bare / elapsed:.0%} (goal >= 25%)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
