"""When did public data last change? One cheap answer for Last-Modified.

Every change to internal records is in the audit trail and every change to
portal content is a page publication, so the newest of those two moments
bounds every public dataset.
"""

from datetime import datetime, timezone as dt_timezone

from django.db.models import Max
from wagtail.models import Page

from records.models import AuditEntry

EPOCH = datetime(2020, 1, 1, tzinfo=dt_timezone.utc)


def last_modified() -> datetime:
    moments = [
        AuditEntry.objects.aggregate(at=Max("at"))["at"],
        Page.objects.aggregate(at=Max("last_published_at"))["at"],
    ]
    return max([m for m in moments if m is not None] or [EPOCH]).replace(microsecond=0)
