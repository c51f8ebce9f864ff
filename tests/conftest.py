"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo site as `make run` builds it, accounts included."""
    call_command("load_demo", "--force", verbosity=0, stdout=_Null())


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass
