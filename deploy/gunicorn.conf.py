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
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
