"""Fixtures shared by the whole suite.

The demo site (every page the seeds become, and the demo accounts) is
loaded once per test database; each test then runs inside a transaction
that is rolled back, so tests may change it freely.
"""

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # What every deploy has (deploy/release.sh): the site root, the roles and the workflow.
    with django_db_blocker.unblock():
        call_command("setup_roles", verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Kept pages and API answers are keyed by the
    moment public data last changed, which tests rolled back to the same demo share.

    After a test that used a Redis of its own, this process stops listening to it: the
    server is gone, and its thread would otherwise retry it every second."""
    from django.core.cache import cache

    from api.moment_push import mirror
    from content import shell
    from convive.page_cache import process_pages

    cache.clear()
    shell.forget()
    process_pages.clear()
    yield
    mirror.stop()


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo, loaded once, the first time a test asks for it."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--force", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def demo(demo_site, db):
    """The demo site as `make run` builds it, accounts included. Tests that use it are marked
    `demo` (demo-wide sweeps); `make test-fast` leaves them out."""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)


def log_in_through_the_form(client, username, password):
    """Log in as a person does: through the admin's login page (staff) or the CMS's (editors),
    so the login throttle and the audit trail see it. Returns whether it worked."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    url = "/admin/login/" if user is None or user.is_staff else "/cms/login/"
    client.post(url, {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def login(client, settings, demo):  # the demo's accounts
    """Log the test client in as one of the demo accounts."""

    def _login(username):
        assert log_in_through_the_form(client, username, settings.DEMO_PASSWORD)
        return client

    return _login


@pytest.fixture
def audit_flushable(transactional_db):
    """Transactional tests end with the runner emptying every table; on PostgreSQL the
    audit trail refuses that unless the session says it is maintenance. Set up after
    (so torn down before) the flush."""
    yield
    from django.db import connection

    from records.services.audit_triggers import allow_maintenance

    allow_maintenance(connection)


@pytest.fixture
def task_worker(settings, monkeypatch):
    """Tasks go to the database queue, as in production; calling the fixture runs what
    is due with django-tasks-db's own worker (batch mode, in this process and this test's
    transaction) and returns how many tasks it ran."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    # The worker closes "old" connections between tasks, as Django does between requests;
    # inside the test's transaction that would close the test's own connection (Django's
    # test client skips it the same way).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run():
        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="pruebas",
                        excluded_queue_names=[])
        worker.run()
        return worker._run_tasks

    return run
