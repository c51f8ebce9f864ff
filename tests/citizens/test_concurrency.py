"""Radicados under concurrent filings: no gaps, no duplicates (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from citizens.models import Petition
from citizens.services import pqrsd

THREADS, EACH = 8, 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_flushable")
def test_parallel_filings_get_consecutive_unique_radicados():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the in-memory SQLite test database is per thread")
    errors, start = [], threading.Barrier(THREADS)

    def worker():
        try:
            start.wait()
            for _ in range(EACH):
                pqrsd.file_petition(fields={
                    "petition_type": "peticion", "subject": "Concurrencia",
                    "description": "Radicación simultánea de prueba.", "name": "Prueba",
                    "reply_channel": "portal"}, consent=True)
        except Exception as exc:  # reported below with the thread's failure
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    numbers = sorted(Petition.objects.filter(subject="Concurrencia").values_list("number",
                                                                                 flat=True))
    first = numbers[0]
    assert numbers == list(range(first, first + THREADS * EACH))
