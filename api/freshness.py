"""When did public data last change? One cheap answer for Last-Modified and cache keys.

Every change to internal records is in the audit trail and every change to
portal content (publish, unpublish, move, delete) is in Wagtail's page log, and
edits of documents, images, snippets and settings in its model log, so the newest
of those moments bounds every public dataset and page.  The moment
is kept in the cache: writers bump it as they log, and a short lifetime lets
processes that do not share a cache (local memory) catch up within seconds.

Petitions (PQRSD) keep a moment of their own. Citizens file them all day and staff move
them along; on the portal only the PQRSD report shows them, and that page is drawn every
time (citizens.models.PetitionReportPage). Were they counted with the rest, every filing
would empty the page cache and the proxy in front of every page. The API's answers,
which include the PQRSD statistics, follow both moments (``last_modified``).
"""

import uuid
from contextvars import ContextVar
from datetime import datetime
from datetime import timezone as dt_timezone

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from api.moment_push import mirror
from citizens.models import PetitionEvent
from convive import frontend_cache
from records.models import AuditEntry

EPOCH = datetime(2020, 1, 1, tzinfo=dt_timezone.utc)
CACHE_KEY = "convive:public-data-changed-at"
CACHE_SECONDS = 5
# The latest change announced by data_changed, kept without expiry: some changes leave no
# log entry (a setting, a restriction or a legal term saved by code), and once CACHE_KEY
# expired the moment read from the logs alone would go back to before them, where pages
# and shared parts kept under that older moment would be served again.
LAST_CHANGE_KEY = "convive:public-data-last-announced-change"
PETITIONS_KEY = "convive:petitions-changed-at"
LAST_PETITION_CHANGE_KEY = "convive:petitions-last-announced-change"
EPOCH_KEY = "convive:cache-epoch"
# What the audit trail calls the petitions' models (AuditEntry.model is a model's label).
PETITION_MODELS = ("citizens.Petition", "citizens.PetitionAttachment", "citizens.PetitionEvent")
# The moment as a request first read it: what it shows is read after that, so every part
# of one page is kept under the same moment, and the cache is asked once.
_request_moment: ContextVar = ContextVar("public_data_moment", default=None)


def _latest(*moments) -> datetime:
    return max([m for m in moments if m is not None] or [EPOCH])


def _from_database() -> datetime:
    """The newest logged change of what portal pages show."""
    changes = AuditEntry.objects.filter(action__in=AuditEntry.DATA_ACTIONS)
    return _latest(
        changes.exclude(model__in=PETITION_MODELS).aggregate(at=Max("at"))["at"],
        PageLogEntry.objects.aggregate(at=Max("timestamp"))["at"],
        ModelLogEntry.objects.aggregate(at=Max("timestamp"))["at"],
    )


def _petitions_from_database() -> datetime:
    changes = AuditEntry.objects.filter(action__in=AuditEntry.DATA_ACTIONS)
    return _latest(
        changes.filter(model__in=PETITION_MODELS).aggregate(at=Max("at"))["at"],
        PetitionEvent.objects.aggregate(at=Max("at"))["at"],
    )


def pages_changed_at() -> datetime:
    """The moment of what portal pages show: the key of kept pages and shared parts."""
    pushed = mirror.moment()
    if pushed is not None:
        return _with_the_day(pushed)
    ticket = mirror.ticket()
    return _with_the_day(cache.get(CACHE_KEY), ticket)


def last_modified() -> datetime:
    """The moment of all public data, petitions included: the API's validators and keys."""
    found = cache.get_many([CACHE_KEY, PETITIONS_KEY])
    return max(_with_the_day(found.get(CACHE_KEY)), _petitions(found.get(PETITIONS_KEY)))


def moment_of_this_request() -> datetime:
    """``pages_changed_at()`` as this request first read it (inside ``for_this_request``)."""
    box = _request_moment.get()
    if box is None:
        return pages_changed_at()
    if box[0] is None:
        box[0] = pages_changed_at()
    return box[0]


def version_of_this_request():
    """(The moment, the cache's epoch) for what a process keeps in its own memory
    (content.shell). The epoch is a token the cache keeps: an emptied or restarted cache
    forgets the announced changes that left no log entry, and with them the epoch, so
    what a process kept before is not trusted again. None when the cache cannot answer."""
    box = _request_moment.get()
    if box is None:
        return pages_changed_at(), _epoch()
    if box[1] is None:
        box[1] = _epoch()
    return moment_of_this_request(), box[1]


def _epoch():
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, uuid.uuid4().hex, None)
        epoch = cache.get(EPOCH_KEY)
    return epoch


class for_this_request:
    """A GET that changes nothing reads the moment once, when first needed (or gives it)."""

    def __init__(self, moment=None):
        self.moment = moment

    def __enter__(self):
        self.token = _request_moment.set([self.moment, None])
        return self

    def __exit__(self, *exc):
        _request_moment.reset(self.token)


def last_modified_and(key):
    """The pages' moment, and what the cache holds under ``key``, in one round trip: a
    kept page is checked against the moment on every view (unless the moment was pushed:
    ``pushed_moment``)."""
    ticket = mirror.ticket()
    found = cache.get_many([CACHE_KEY, key])
    return _with_the_day(found.get(CACHE_KEY), ticket), found.get(key)


def pushed_moment():
    """(The pages' moment as announced to this process, the version of its copy),
    or None: then it must be read from the cache (``api.moment_push``)."""
    pushed = mirror.pushed()
    return None if pushed is None else (_with_the_day(pushed[0]), pushed[1])


def _with_the_day(moment, ticket=None) -> datetime:
    if moment is None:
        moment = max(_from_database(), cache.get(LAST_CHANGE_KEY) or EPOCH)
        # Only if no writer announced a change meanwhile: a read from the logs written
        # over a newer announcement would bring back pages kept before it.
        cache.add(CACHE_KEY, moment, CACHE_SECONDS)
    elif ticket is not None:
        # Read from the cache: this process's copy (only values the cache gave are handed
        # over; one read from the logs may miss a change the cache was told of).
        mirror.saw(moment, ticket)
    # Some public data changes with the calendar alone: a certificate lapses, a
    # petition becomes overdue. Nothing is written then, so the day itself counts
    # as a change; otherwise If-Modified-Since would keep answering 304 with
    # yesterday's statuses.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(moment, midnight)


def _petitions(moment) -> datetime:
    if moment is None:
        moment = max(_petitions_from_database(), cache.get(LAST_PETITION_CHANGE_KEY) or EPOCH)
        cache.add(PETITIONS_KEY, moment, CACHE_SECONDS)  # as for the pages' moment
    return moment


def audit_entry_written(instance, **kwargs) -> None:
    # Logins, file views and dry runs are audited too, and change no public data: a
    # flood of failed logins must not empty the open-data cache.
    if instance.action in AuditEntry.DATA_ACTIONS:
        if instance.model in PETITION_MODELS:
            petitions_changed()
        else:
            data_changed()


def admin_entry_written(instance, **kwargs) -> None:
    """An edit in the Django admin (its LogEntry): a petition's, or anything else's."""
    content_type = instance.content_type
    label = content_type.model_class()._meta.label if content_type and content_type.model_class() else ""
    if label in PETITION_MODELS:
        petitions_changed()
    else:
        data_changed()


def _announce(moment) -> None:
    mirror.announce(moment, {CACHE_KEY: (moment, CACHE_SECONDS), LAST_CHANGE_KEY: (moment, None)})


def _announce_petitions(moment) -> None:
    cache.set(PETITIONS_KEY, moment, CACHE_SECONDS)
    cache.set(LAST_PETITION_CHANGE_KEY, moment, None)


def data_changed(**kwargs) -> None:
    # Now, and again after commit: a reader that rendered the old data between the
    # two would otherwise have cached it under the newer moment.
    _announce(timezone.now())
    transaction.on_commit(lambda: _announce(timezone.now()))
    # A proxy in front keeps pages too: it is told once the change is committed.
    frontend_cache.on_commit_of_data_change()


def petitions_changed(**kwargs) -> None:
    """A petition was filed or moved along: the API's answers follow, in this cache and in
    a proxy in front; pages keep what they hold (no page kept shows petitions)."""
    _announce_petitions(timezone.now())
    transaction.on_commit(lambda: _announce_petitions(timezone.now()))
    frontend_cache.on_commit_of_data_change(frontend_cache.API)
