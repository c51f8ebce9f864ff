"""A caching proxy or CDN in front of the portal: what it may keep, and purging it.

Off unless ``FRONTEND_CACHE_PURGE_URLS`` names the proxies' purge addresses (Varnish,
nginx with a purge module, any server that takes an HTTP ``PURGE``). Then:

- an anonymous portal page at its own address, which the page cache would keep too,
  goes out with ``Cache-Control: public, max-age=0, s-maxage=N``: browsers ask again
  every time, the proxy answers for at most ``PROXY_CACHE_SECONDS`` and never past
  midnight, when certificates lapse and petition terms run out with nothing written
  that could trigger a purge.  Blank forms (their CSRF token), a page's sub-addresses
  (receipts, tracking), anyone with a session and any query string are never marked;
  every other answer without a ``Cache-Control`` of its own is marked ``private``, so
  no proxy keeps it by its default lifetime either;
- every change of public data (``api.freshness.data_changed``: a record, a publish,
  unpublish, move or deletion of a page, a document, a setting) purges every live page
  once it is committed, because a territory's status, a certificate or the footer shows
  on many pages.  An unpublished or deleted page's address and a moved page's old
  addresses are purged too: they are no longer in the live tree.
- the purge runs as a task (the worker in production), with a timeout per request, and
  once more ``PURGE_REPEAT_SECONDS`` later: a page rendered from the old data just before
  the commit may reach the proxy after the first purge.  A purge that fails is logged
  (and reported); the page then lives at most ``s-maxage`` in the proxy.
"""

import logging
from datetime import timedelta
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_tasks import task
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("convive.frontend_cache")

# Set while a purge of every page waits in the queue: the changes committed before it
# starts are all covered by it (it reads the tree when it runs).
PENDING_KEY = "convive:proxy-purge-pending"
PENDING_SECONDS = 120
PURGE_REPEAT_SECONDS = 15


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
    keep (anonymous GET without query, only preference cookies, 200 HTML, no cookie set)."""
    return (settings.PROXY_CACHE_SECONDS > 0
            and not getattr(response, "same_for_every_visitor", False)
            # A CSRF token in the page (a form): it belongs to this visitor.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and getattr(request, "convive_page_path", None) == request.path)


def for_proxies(response, keep: bool):
    if keep:
        seconds = seconds_a_proxy_may_keep()
        if seconds:
            response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
            # The text-size and contrast cookies change the page.
            patch_vary_headers(response, ("Cookie",))
            return response
    if enabled() and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response


# --- Purging --------------------------------------------------------------------------

class TimedHTTPBackend(HTTPBackend):
    """Wagtail's PURGE backend with a timeout: a proxy that hangs must not hold the worker."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = params.pop("TIMEOUT", 5)
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": "Wagtail-frontendcache/" + wagtail_version},
        )
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 (configured address)
        except HTTPError as error:
            logger.error("No se pudo purgar %s del proxy: respondió %s %s", url, error.code,
                         error.reason)
        except (URLError, OSError) as error:
            logger.error("No se pudo purgar %s del proxy: %s", url, getattr(error, "reason", error))


def live_page_urls() -> list[str]:
    from wagtail.models import Page

    class Cache:  # Wagtail keeps the sites' root paths on it between pages
        pass

    holder = Cache()
    urls = (page.get_full_url(holder) for page in Page.objects.live().only(
        "id", "url_path", "path", "depth", "locale_id"))
    return sorted({url for url in urls if url})


def addresses_of(page, url_path=None) -> list[str]:
    """The full addresses of ``page`` and everything under it; with ``url_path``, the
    ones they had when the page's own url_path was that (before a move or a new slug)."""
    urls = []
    for item in page.get_descendants(inclusive=True).only(
            "id", "url_path", "path", "depth", "locale_id"):
        parts = item.get_url_parts()
        if not parts or parts[1] is None:
            continue
        _, root_url, relative = parts
        if url_path is not None:
            # What of url_path is not in the address is the site's root page ("/home").
            site_root = item.url_path[: len(item.url_path) - len(relative)]
            old = url_path + item.url_path[len(page.url_path):]
            if not item.url_path.endswith(relative) or not old.startswith(site_root + "/"):
                continue  # moved in from another site: its old address is not ours to guess
            relative = old[len(site_root):]
        urls.append(root_url + relative)
    return urls


@task()
def purge_proxies(urls: list[str], every_page: bool = True, repeat: bool = True) -> int:
    """Purge ``urls`` and, with ``every_page``, every live page. Returns how many."""
    backends = get_backends()
    if not backends:
        return 0
    if every_page:
        cache.delete(PENDING_KEY)  # changes committed from now on queue their own purge
        urls = sorted(set(urls) | set(live_page_urls()))
    for backend in backends.values():
        backend.purge_batch(urls)
    if repeat:
        _queue(urls, every_page=every_page, repeat=False,
               run_after=timezone.now() + timedelta(seconds=PURGE_REPEAT_SECONDS))
    return len(urls)


def _queue(urls, *, every_page, repeat=True, run_after=None) -> None:
    from convive.tasks import enqueue_with_commit

    enqueue_with_commit(purge_proxies, list(urls), every_page, repeat, run_after=run_after)


def public_data_changed() -> None:
    """After any change of public data (inside its transaction, if there is one)."""
    if not enabled():
        return
    if cache.get(PENDING_KEY):
        return  # a purge of every page is queued and has not started yet
    cache.set(PENDING_KEY, True, PENDING_SECONDS)
    try:
        _queue([], every_page=True)
    except Exception:
        cache.delete(PENDING_KEY)
        raise


def page_left(instance, **kwargs) -> None:
    """page_unpublished (also sent before a live page is deleted)."""
    if enabled():
        _queue(addresses_of(instance), every_page=False)


def page_moved(instance, url_path_before, url_path_after, **kwargs) -> None:
    """post_page_move."""
    if enabled() and url_path_before != url_path_after:
        _queue(addresses_of(instance, url_path_before), every_page=False)


def page_slug_changed(instance, instance_before, **kwargs) -> None:
    if enabled():
        _queue(addresses_of(instance, instance_before.url_path), every_page=False)


def connect() -> None:
    from wagtail.signals import page_slug_changed as slug_signal
    from wagtail.signals import page_unpublished, post_page_move

    page_unpublished.connect(page_left, dispatch_uid="convive-proxy-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="convive-proxy-moved")
    slug_signal.connect(page_slug_changed, dispatch_uid="convive-proxy-slug")


def on_commit_of_data_change() -> None:
    """Called by api.freshness.data_changed."""
    transaction.on_commit(public_data_changed)
