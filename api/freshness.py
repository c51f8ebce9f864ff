"""When did public data last change? One cheap answer for Last-Modified.

Every change to internal records is in the audit trail and every change to
portal content (publish, unpublish, move, delete) is in Wagtail's page log,
so the newest of those two moments bounds every public dataset.
"""

from datetime import datetime, timezone as dt_timezone

from django.db.models import Max
from wagtail.models import PageLogEntry

from records.models import AuditEntry

EPOCH = datetime(2020, 1, 1, tzinfo=dt_timezone.utc)


def last_modified() -> datetime:
    moments = [
        AuditEntry.objects.aggregate(at=Max("at"))["at"],
        PageLogEntry.objects.aggregate(at=Max("timestamp"))["at"],
    ]
    return max([m for m in moments if m is not None] or [EPOCH])
