"""Small helpers shared by tests of several packages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None) -> int:
    """SQL queries of one GET, after a first call warms per-process caches."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def planted_personal_data() -> set[str]:
    """Every personal value of the demo records: none may appear on a public surface."""
    from records.demo import PLANTED_PEOPLE
    from records.models import Attendee, CommitteeMember

    values = {value for person in PLANTED_PEOPLE for value in person}
    for member in CommitteeMember.objects.all():
        values |= {member.full_name, member.id_number, member.phone, member.email, member.address}
    for attendee in Attendee.objects.all():
        values |= {attendee.full_name, attendee.id_number, attendee.phone, attendee.email}
    from citizens.models import EnrolmentRequest, Petition

    for petition in Petition.objects.all():
        values |= {getattr(petition, field) for field in Petition.PERSONAL_FIELDS
                   if field != "id_type"}
    for request in EnrolmentRequest.objects.all():
        values |= {request.contact_name, request.email, request.phone}
    return {value for value in values if value}


def age_audit_trail(moment) -> None:
    """Move every audit entry to ``moment``, as if written then. The trail is append-only
    (ORM and, on PostgreSQL, a trigger); tests open the maintenance hatch for their own
    transaction only and write the SQL themselves."""
    from records.models import AuditEntry
    from records.services.audit_triggers import allow_maintenance

    allow_maintenance(connection, transaction_only=True)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET at = %s", [moment])
