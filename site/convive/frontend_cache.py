"""A caching proxy in front of the portal: what it may keep, and emptying it on changes.

Off unless ``FRONTEND_CACHE_PURGE_URLS`` names where the proxies take an HTTP ``BAN``
(Varnish with ``deploy/varnish.vcl``: a listening socket of its own, never the one
visitors reach). Then:

- an anonymous portal page at its own address, requested with no cookie at all, which
  the page cache would keep too, goes out with ``Cache-Control: public, max-age=0,
  s-maxage=N``: browsers ask again every time, the proxy answers for at most
  ``PROXY_CACHE_SECONDS`` and never past midnight, when certificates lapse and petition
  terms run out with nothing written that could trigger a ban.  Blank forms (their CSRF
  token), a page's sub-addresses (receipts, tracking), any cookie (a session, the text
  size or contrast a page is drawn with) and any query string are never marked;
- every other answer without a ``Cache-Control`` of its own, redirects and error pages
  made by the outer middleware included, is marked ``private`` (the outermost
  middleware below), so no proxy keeps it by its default lifetime;
- every change of public data (``api.freshness.data_changed``: a record, a publish,
  unpublish, move or deletion of a page, a document, a setting) bans everything the
  proxies keep but static files, once it is committed: one request per proxy, made at
  once, so a page is never served as it was, whatever address or spelling it was kept
  under.  A ban that fails is queued for the task worker; another follows
  ``BAN_REPEAT_SECONDS`` later, for a page rendered from the old data during the commit.
  A proxy that cannot be reached costs ``FRONTEND_CACHE_TIMEOUT_SECONDS`` and is logged;
  its pages then live at most ``s-maxage``. The web service bans when it starts
  (``manage.py ban_proxies``), so a deploy's templates show at once.
"""

import logging
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import iri_to_uri
from django_tasks import task

logger = logging.getLogger("convive.frontend_cache")

BAN_REPEAT_SECONDS = 15


def enabled() -> bool:
    return bool(settings.FRONTEND_CACHE_PURGE_URLS)


# --- What a proxy may keep ------------------------------------------------------------

def seconds_a_proxy_may_keep(now=None) -> int:
    """``PROXY_CACHE_SECONDS``, cut at the next local midnight."""
    now = timezone.localtime(now)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(0, min(settings.PROXY_CACHE_SECONDS, int((midnight - now).total_seconds())))


def note_served_page(request, page) -> None:
    """Wagtail's before_serve_page hook: remember which page's own address this is."""
    parts = page.get_url_parts(request)
    request.convive_page_path = parts[2] if parts else None


def may_keep(request, response) -> bool:
    """Whether a proxy may keep this answer, already known to be one the page cache could
    keep (anonymous GET without query, 200 HTML, no cookie set)."""
    return (settings.PROXY_CACHE_SECONDS > 0
            # Any cookie: the proxy would pass such a request, but a CDN that ignores
            # Vary would serve a large-text or high-contrast page to everyone.
            and not request.COOKIES
            and not getattr(response, "same_for_every_visitor", False)
            # A CSRF token in the page (a form): it belongs to this visitor.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and getattr(request, "convive_page_path", None) == iri_to_uri(request.path))


def for_proxies(response, keep: bool):
    if keep:
        seconds = seconds_a_proxy_may_keep()
        if seconds:
            response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
            patch_vary_headers(response, ("Cookie",))
    return response


class PrivateUnlessMarkedMiddleware:
    """Outermost but for the request id: every answer without a Cache-Control of its own
    (an HTTPS or trailing-slash redirect, an error page) is private, so a proxy in front
    never keeps it for its default lifetime, whatever the request's scheme or spelling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if enabled() and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


# --- Emptying the proxies -------------------------------------------------------------

# What a ban drops: everything but static files, or only the API's answers (petitions keep
# a moment of their own, api.freshness; no page a proxy keeps shows them).
EVERYTHING, API = "all", "api"


def ban_proxies(scope: str = EVERYTHING) -> bool:
    """Ask every proxy to drop what it keeps (static files aside), or only the API's
    answers (``scope=API``). True if all did."""
    done = True
    headers = {"User-Agent": "Convive"}
    if scope == API:
        headers["X-Ban-Scope"] = API
    for address in settings.FRONTEND_CACHE_PURGE_URLS:
        parts = urlsplit(address)
        request = Request(urlunsplit((parts.scheme, parts.netloc, "/", "", "")), method="BAN",
                          headers=headers)
        try:
            with urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT_SECONDS) as answer:  # noqa: S310 (configured address)
                answer.read()
        except Exception as error:  # noqa: BLE001 - a proxy's failure never fails a change
            logger.error("No se pudo vaciar el proxy %s: %s", address,
                         getattr(error, "reason", None) or error)
            done = False
    return done


@task()
def ban_proxies_task(again: bool = False, scope: str = EVERYTHING) -> bool:
    """A ban from the worker: a retry, or the repeat after a change (``again`` queues
    the repeat once this one is done)."""
    done = ban_proxies(scope)
    if again:
        _queue(again=False, after=BAN_REPEAT_SECONDS, scope=scope)
    return done


def _queue(*, again: bool, after: float | None = None, scope: str = EVERYTHING) -> None:
    from convive.tasks import enqueue_with_commit

    when = timezone.now() + timedelta(seconds=after) if after else None
    if scope == EVERYTHING:
        enqueue_with_commit(ban_proxies_task, again, run_after=when)
    else:
        enqueue_with_commit(ban_proxies_task, again, scope, run_after=when)


def public_data_changed(scope: str = EVERYTHING) -> None:
    """Once a change of public data is committed: ban now, and again a little later."""
    if not enabled():
        return
    if ban_proxies(scope):
        _queue(again=False, after=BAN_REPEAT_SECONDS, scope=scope)
    else:
        _queue(again=True, scope=scope)  # the worker tries again, then repeats


def on_commit_of_data_change(scope: str = EVERYTHING) -> None:
    """Called by api.freshness.data_changed (and, for the API only, petitions_changed).
    Robust: the change is committed by then, and a ban that fails must not turn its
    request into an error (it is logged)."""
    connection = transaction.get_connection()
    # Once per transaction and scope: a publish logs several entries. Django starts a new
    # list of callbacks when a transaction commits or rolls back (or a savepoint rolls
    # back), so a ban registered in this very list is still to come.
    mark = f"convive_ban_in_{scope}"
    if connection.in_atomic_block and getattr(connection, mark, None) is \
            connection.run_on_commit:
        return
    setattr(connection, mark, connection.run_on_commit)

    def changed():
        setattr(connection, mark, None)
        public_data_changed(scope)

    transaction.on_commit(changed, robust=True)
