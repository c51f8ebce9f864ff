"""Settings for the test suite: production settings with test-only conveniences.

The tests run with DEBUG off, like production, so a development shortcut
cannot hide a production failure.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# The suite is one process: its local-memory cache is shared by everything it runs.
os.environ.setdefault("REQUIRE_SHARED_CACHE", "0")
# The test client's host; tests of other bases override the setting.
os.environ.setdefault("PUBLIC_BASE_URL", "http://testserver")
# pytest-django makes its own test database from this (in memory for SQLite).
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
# Tasks run right after the commit, as in development; tests of the queue use the
# database backend and its worker (tests/conftest.py: task_worker).
os.environ.setdefault("TASKS_BACKEND", "immediate")

from convive.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND

# Uploaded files (demo PDFs) go to a throw-away folder, never to var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="convive-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="convive-test-private-")
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405

# The suite makes many anonymous API calls; the throttle test sets its own rate.
API_ANON_RATE = "100000/min"
