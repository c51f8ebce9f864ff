import pytest
from django.contrib.auth import get_user_model

from records.models import Case, Territory


@pytest.fixture
def coordinador(demo):
    return get_user_model().objects.get(username="coordinador")


@pytest.fixture
def user_named(demo):
    return lambda name: get_user_model().objects.get(username=name)


@pytest.fixture
def route_case(demo):
    """The open certification case of El Mirador (at step 6)."""
    return Case.objects.get(territory__code="TER-N-002", kind=Case.Kind.CERTIFICATION)


@pytest.fixture
def north(demo):
    return Territory.objects.get(code="TER-N-002")


@pytest.fixture
def south(demo):
    return Territory.objects.get(code="TER-S-003")
