"""Permission checks do not multiply queries: changelists cost the same for 1 or 100 more rows."""

import datetime

import pytest

from records.models import Activity, Attendee, Case, Commitment, CommitteeMember, Territory
from tests.helpers import count_queries as count

pytestmark = pytest.mark.django_db


def add_rows(n):
    territory = Territory.objects.get(code="TER-N-001")
    activity = Activity.objects.create(kind="prevencion", title="Jornada masiva",
                                       date=datetime.date(2026, 9, 9), territory=territory)
    Attendee.objects.bulk_create(
        Attendee(activity=activity, full_name=f"Persona {i}", id_number=str(5_000_000 + i))
        for i in range(n)
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(territory=territory, full_name=f"Integrante {i}") for i in range(n)
    )
    Activity.objects.bulk_create(
        Activity(code=f"ACT-2020-{i:04d}", kind="pedagogica", title=f"Taller {i}",
                 date=datetime.date(2026, 9, 10), territory=territory) for i in range(n)
    )
    case = Case.objects.get(territory=territory)
    Commitment.objects.bulk_create(
        Commitment(case=case, description=f"Compromiso {i}", institution="Alcaldía",
                   due_date=datetime.date(2026, 12, 1)) for i in range(n)
    )
    Case.objects.bulk_create(
        Case(number=f"CER-2020-{i:04d}", kind=Case.Kind.CERTIFICATION, procedure=case.procedure,
             territory=territory, title=f"Caso histórico {i}", status=Case.Status.CANCELLED)
        for i in range(n)
    )


@pytest.mark.parametrize("role", ["coordinador", "gestor_norte", "analista"])
@pytest.mark.parametrize("model", ["attendee", "committeemember", "activity", "case", "commitment"])
def test_changelist_queries_do_not_grow_with_rows(client, user_named, demo, role, model):
    client.force_login(user_named(role))
    url = f"/admin/records/{model}/"
    before = count(client, url)
    add_rows(100)
    assert count(client, url) == before
