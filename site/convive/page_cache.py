"""Portal pages kept whole for anonymous visitors, and served again without rendering.

A page is kept only when nothing in it can belong to one visitor:

- the request is a GET without a query string (searches, tracking lookups and
  paginations are rendered every time) and carries no cookie except the CSRF
  cookie and the display preferences (text size, contrast), which are part of
  the key; a session (anyone logged in, or with a message waiting) is never
  served nor stored;
- the answer is a 200 HTML page with no cookie of its own and no
  ``Cache-Control: private/no-cache/no-store``, unless its view vouches that it is
  the same for every visitor but for the CSRF token (``same_for_every_visitor``:
  blank forms);
- a form's CSRF token is never kept: it is cut out and a fresh one, for this
  visitor's own cookie, is written in on every hit.  If the CSRF secret shows
  anywhere else in the page, the page is not kept.

Freshness needs no invalidation to forget: each page is kept with the moment
public data last changed (``api.freshness``: any record change, any publish,
unpublish, move or delete of a page, and midnight, when certificates lapse and
terms run out) and served only while that is still the moment.  A deploy starts afresh: the key holds the release (``RELEASE``), the static
files' build and the settings a page shows.
"""

import hashlib
import re
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token

from convive import frontend_cache


PLACEHOLDER = b"\x00convive-csrf-token\x00"
_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")
# Headers of the rendered answer that a hit may repeat as they are.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control",
                 "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
                 "X-Content-Type-Options", "Link")


class ProcessPages:
    """Copies of kept pages in this process, so a view of one asks Redis nothing. They are
    good for one owner at a time: the pages' moment and the version of this process's
    copy of it (api.moment_push). A new moment, a subscription lost and made again (an
    announcement may have been missed meanwhile), or the copy coming back to a moment it
    had before (a cache emptied), starts them afresh. Bounded in bytes;
    the oldest copies go first."""

    def __init__(self):
        self._lock = threading.Lock()
        self._owner = None
        self._pages = {}
        self._bytes = 0

    def get(self, key, owner):
        kept = self._pages.get(key) if owner == self._owner else None
        return None if kept is None else kept[0]

    def keep(self, key, hit, owner) -> None:
        size = footprint(key, hit)
        limit = settings.PAGE_CACHE_PROCESS_BYTES
        with self._lock:
            if owner != self._owner:
                self._owner, self._pages, self._bytes = owner, {}, 0
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > limit:
                return
            while self._pages and self._bytes + size > limit:
                _key, (_oldest, oldest_size) = self._pop_oldest()
                self._bytes -= oldest_size
            self._pages[key] = (hit, size)
            self._bytes += size

    def _pop_oldest(self):
        key = next(iter(self._pages))
        return key, self._pages.pop(key)

    def clear(self) -> None:
        with self._lock:
            self._owner, self._pages, self._bytes = None, {}, 0


process_pages = ProcessPages()


def footprint(key, hit) -> int:
    """The bytes a kept page holds in a process: its content, its headers, the entry and
    its key (each copy from Redis has objects of its own, the entry's names included).
    Counting the content alone left out about 2.5 KB a page (5-10% of the bound)."""
    headers = hit["headers"]
    return (sys.getsizeof(key) + sys.getsizeof(hit) + sum(map(sys.getsizeof, hit))
            + sys.getsizeof(hit["content"])
            + sys.getsizeof(hit["moment"]) + sys.getsizeof(headers)
            + sum(sys.getsizeof(pair) + sum(map(sys.getsizeof, pair)) for pair in headers)
            + 2 * _ENTRY)  # the (hit, size) pair, and the key's slot in the table


_ENTRY = sys.getsizeof((None, 0)) + sys.getsizeof(0)


def _allowed_cookies():
    return {settings.CSRF_COOKIE_NAME, *settings.DISPLAY_PREFERENCE_COOKIES}


def _generation() -> str:
    """What a deploy changes besides data: the release, the static files' build (pages
    name hashed file names that a new build removes), the settings a page shows and
    whether a proxy may keep it."""
    try:
        build = (Path(settings.STATIC_ROOT) / "staticfiles.json").stat().st_mtime_ns
    except (OSError, TypeError):
        build = 0
    # Whether a proxy is in front decides the headers a kept page is replayed with.
    return (f"{settings.RELEASE}|{build}|{settings.MAP_TILE_URL}|{settings.PUBLIC_BASE_URL}"
            f"|{settings.PROXY_CACHE_SECONDS > 0}")


def plain_anonymous_request(request) -> bool:
    """A GET that any anonymous visitor could make: no query string, no cookie but the
    CSRF cookie and the display preferences, outside the excluded paths."""
    return (request.method == "GET" and not request.META.get("QUERY_STRING")
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)
            and set(request.COOKIES) <= _allowed_cookies())


def page_key(request):
    """The cache key of this request's page, or None if it must be rendered."""
    if not settings.PAGE_CACHE_SECONDS or not plain_anonymous_request(request):
        return None
    from content.templating import display_preferences  # not while apps load

    # As the page draws them: a made-up value would otherwise be a new key per request.
    preferences = "|".join(display_preferences(request.COOKIES))
    raw = f"{request.path}|{preferences}|{_generation()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _without_csrf(request, content: bytes):
    """The page with its CSRF tokens cut out, or None if the secret would stay in it."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    if PLACEHOLDER in content:
        return None

    def cut(match):
        token = match.group().decode()
        return PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group()

    kept = _TOKEN.sub(cut, content)
    if secret.encode() in kept or any(
            _unmask_cipher_token(m.group().decode()) == secret for m in _TOKEN.finditer(kept)):
        return None
    return kept


def same_for_every_visitor(response):
    """Mark a page that differs between anonymous visitors only by its CSRF token (a
    blank form). It is kept here, though browsers and proxies are still told not to keep
    it: they would keep the token too."""
    response.same_for_every_visitor = True
    return response


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if getattr(response, "same_for_every_visitor", False):
        return True
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-cache", "no-store"))


class PageCacheMiddleware:
    """Sits after the session, CSRF and message middleware: a hit still passes through
    them (the CSRF cookie is read and renewed), but not through URL routing, Wagtail's
    page lookup, the database or the templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from api.freshness import (  # models: not while apps load
            for_this_request, last_modified_and, pushed_moment)

        if not plain_anonymous_request(request):
            if request.method not in ("GET", "HEAD"):
                return self.get_response(request)  # may change data, then show it
            # Searches, filters, anyone with a session: never kept, but what the page
            # shares with others (content.shell) is checked against one moment, read once,
            # rather than asking the cache again for each part.
            with for_this_request():
                return self.get_response(request)

        key, moment, owner = page_key(request), None, None
        if key is not None:
            pushed = pushed_moment()
            if pushed is not None:
                # The moment came without asking Redis; so may the page (ProcessPages).
                moment, owner = pushed[0], pushed
                hit = process_pages.get(key, owner)
                if hit is None:
                    hit = cache.get(key)
                    if hit is not None and hit["moment"] == moment:
                        process_pages.keep(key, hit, owner)
            else:
                moment, hit = last_modified_and(key)
            if hit is not None and hit["moment"] == moment:
                keep = hit.get("proxy", False) and not request.COOKIES  # kept for one without
                return frontend_cache.for_proxies(self._replay(request, hit), keep)
        # What the page shares with others (content.shell) is kept under the same moment.
        with for_this_request(moment):
            response = self.get_response(request)
        storable = _storable(request, response)
        keep = storable and frontend_cache.may_keep(request, response)
        if key is not None and storable:
            needs_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            content = _without_csrf(request, response.content) if needs_token else response.content
            if content is not None:
                kept = {
                    "moment": moment, "content": content, "csrf": bool(needs_token),
                    "proxy": keep,
                    "headers": [(h, v) for h, v in response.items() if h in _KEPT_HEADERS],
                }
                cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
                if owner is not None and pushed_moment() == owner:  # not if changed meanwhile
                    process_pages.keep(key, kept, owner)
        return frontend_cache.for_proxies(response, keep)

    @staticmethod
    def _replay(request, hit):
        content = hit["content"]
        if hit["csrf"]:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for header, value in hit["headers"]:
            response.headers[header] = value
        response.headers["X-Page-Cache"] = "hit"
        return response
