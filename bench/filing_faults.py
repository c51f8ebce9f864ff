"""Benchmark: filing a PQRSD through the portal form while the mail server hangs.

Run: .venv/bin/python bench/filing_faults.py [FILINGS]
Production's path: tasks in the database, e-mail delivered by the worker. Three variants,
alternated in rounds in the same run: filings with an e-mail address while the SMTP server
accepts connections and never answers (the fault), the same with no mail server trouble
(a real SMTP server on loopback), and filings without an e-mail address, which queue
nothing (the ceiling). Prints the median milliseconds per filing of each and the fault's
ratio to the ceiling. Then the worker delivers the queued notices once the server answers,
and the script checks that every one went out. Uses a throw-away test database (SQLite,
or the server in DATABASE_URL).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.test_settings")


def main(filings: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from tests.servers import SilentServer, SMTPServer, free_port

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    silent_port, smtp_port = free_port(), free_port()
    silent = SilentServer(silent_port)
    smtp = SMTPServer(smtp_port).start()
    try:
        import io

        from citizens.models import Notice
        from tests.citizens.conftest import FORM_URL, petition_data

        call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())
        base = {"EMAIL_BACKEND": "convive.mail.QueuedEmailBackend",
                "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_TIMEOUT": 5, "PQRSD_RATE_PER_HOUR": 10**6,
                "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
        variants = {
            "servidor de correo colgado": ({**base, "EMAIL_PORT": silent_port}, {}),
            "servidor de correo normal": ({**base, "EMAIL_PORT": smtp_port}, {}),
            "sin correo (techo)": ({**base, "EMAIL_PORT": smtp_port},
                                   {"email": "", "reply_channel": "portal"}),
        }
        times = {name: [] for name in variants}
        client = Client()
        for _round in range(filings):
            for name, (overrides, fields) in variants.items():
                cache.clear()
                with override_settings(**overrides):
                    start = time.perf_counter()
                    response = client.post(FORM_URL, petition_data(**fields))
                    times[name].append(time.perf_counter() - start)
                    assert response.status_code == 302, response.status_code
        ceiling = statistics.median(times["sin correo (techo)"])
        print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name}: {median * 1000:.1f} ms por radicación (mediana de {len(values)}), "
                  f"{median / ceiling:.2f} × techo")
        print(f"conexiones al servidor colgado durante las radicaciones: {silent.accepted}")
        pending = Notice.objects.filter(status=Notice.Status.PENDING).count()
        with override_settings(**{**base, "EMAIL_PORT": smtp_port}):
            from django_tasks_db.management.commands.db_worker import Worker

            start = time.perf_counter()
            Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                   startup_delay=False, max_tasks=None, worker_id="bench",
                   excluded_queue_names=[]).run()
            elapsed = time.perf_counter() - start
        left = Notice.objects.filter(status=Notice.Status.PENDING).count()
        print(f"avisos en cola: {pending}; enviados por el trabajador en {elapsed:.1f} s; "
              f"pendientes después: {left}")
        assert left == 0
    finally:
        silent.stop()
        smtp.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
