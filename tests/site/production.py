"""What the tests that run manage.py, gunicorn or the worker as separate processes share:
an environment holding none of the test suite's own settings, and fresh databases."""

import os
import socket
import uuid
from contextlib import contextmanager

ADMIN_PG = os.environ.get("CI_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# What the suite's settings put in the environment (convive.test_settings) or a developer
# may have exported: a child process must see only what its test gives it.
SETTINGS_PREFIXES = ("DJANGO_", "DATABASE_", "PUBLIC_", "TASKS_", "EMAIL_", "S3_", "FRONTEND_CACHE_",
                     "PROXY_CACHE_")
SETTINGS_NAMES = {"ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "STATICFILES_BACKEND",
                  "REQUIRE_SHARED_CACHE", "SECRET_KEY", "DEBUG", "CACHE_URL", "REDIS_URL",
                  "FILE_STORAGE"}


def clean_env(**settings) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(SETTINGS_PREFIXES) and key not in SETTINGS_NAMES}
    env.update(settings)
    return env


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
        return True
    except OSError:
        return False


@contextmanager
def fresh_databases(tmp_path, *labels):
    """One empty database per label: on PostgreSQL when it answers (CI), else SQLite files.
    Yields their URLs; PostgreSQL ones are dropped afterwards."""
    if not postgres_answers():
        yield [f"sqlite:///{tmp_path / f'{label}.sqlite3'}" for label in labels]
        return
    import psycopg

    names = [f"convive_{label}_{uuid.uuid4().hex[:10]}" for label in labels]
    with psycopg.connect(ADMIN_PG, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [ADMIN_PG.rsplit("/", 1)[0] + f"/{name}" for name in names]
    finally:
        with psycopg.connect(ADMIN_PG, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
