"""Benchmark: import 10,000 attendance rows through the admin's resource.

Run: .venv/bin/python bench/import_attendance.py [ROWS]
Uses a throw-away SQLite database unless DATABASE_URL is set (then it
creates and drops a test database on that server).  Prints rows per second.
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
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment  # noqa: F401

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import io

        import tablib
        from django.contrib.auth import get_user_model

        from records.models import Activity, Attendee
        from records.resources import AttendeeResource

        call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
        user = get_user_model().objects.get(username="gestor_norte")
        activity = Activity.objects.filter(territory__code="TER-N-001").first()
        dataset = tablib.Dataset(headers=["activity", "full_name", "id_number", "phone", "email",
                                          "organization"])
        for i in range(rows):
            dataset.append([activity.pk, f"Persona {i}", str(10_000_000 + i), "", "", "JAC"])
        before = Attendee.objects.count()
        start = time.perf_counter()
        result = AttendeeResource(user=user).import_data(
            dataset, dry_run=False, use_transactions=True, user=user
        )
        elapsed = time.perf_counter() - start
        assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:3]
        created = Attendee.objects.count() - before
        assert created == rows, (created, rows)
        print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        print(f"rows imported: {created}")
        print(f"seconds: {elapsed:.1f}")
        print(f"rows per second: {created / elapsed:.0f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
