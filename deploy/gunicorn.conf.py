"""gunicorn for Convive: `gunicorn -c deploy/gunicorn.conf.py convive.wsgi`.

Everything an operator may change comes from the environment (see README, Deploying).
"""

import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# site/ holds the convive package; the repository root holds the apps.
pythonpath = f"{ROOT / 'site'},{ROOT}"
chdir = str(ROOT)
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request never waits for the mail server or a redaction job (both are tasks), so a
# request still running after this is a fault: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then: PDF libraries keep memory they no longer use.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The proxy in front terminates TLS and sets X-Forwarded-Proto; trust only it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django logs each request as JSON with its id (convive.logging); gunicorn's own access
# log would repeat it without the id.
accesslog = None
# gunicorn's control socket would go under $HOME, read-only in the systemd unit.
control_socket_disable = True
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Prometheus metrics on an address of their own (e.g. 127.0.0.1:9100), never through
# the public site: the master process serves what every worker wrote to
# PROMETHEUS_MULTIPROC_DIR (convive.metrics). Unset METRICS_BIND: no metrics server.
METRICS_BIND = os.environ.get("METRICS_BIND", "")


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if METRICS_BIND and not directory:
        raise SystemExit("Error de configuración: METRICS_BIND necesita "
                         "PROMETHEUS_MULTIPROC_DIR (una carpeta vacía por servidor).")
    if directory:
        # Counters of a previous run would be added to this one's.
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink()


def when_ready(server):
    if not METRICS_BIND:
        return
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    host, _, port = METRICS_BIND.rpartition(":")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), addr=host or "127.0.0.1", registry=registry)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
