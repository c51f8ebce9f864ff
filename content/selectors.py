"""Reads shared by the portal's listings."""

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import PageViewRestriction

RESTRICTED_KEY = "convive:restricted-page-paths"


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages an editor restricted (login, password, groups): kept in the
    cache, forgotten when a restriction is saved or deleted (content.signals)."""
    paths = cache.get(RESTRICTED_KEY)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_KEY, paths, 3600)
    return paths


def listed(pages):
    """``pages`` without those under a view restriction: a public listing, menu or map
    never names a page only some may open (Wagtail's ``.public()`` without its query on
    every listing)."""
    restricted = restricted_paths()
    if not restricted:
        return pages
    under = Q()
    for path in restricted:
        under |= Q(path__startswith=path)
    return pages.exclude(under)


def is_listed(page) -> bool:
    """``listed`` for one page already read: live and under no view restriction."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())


def forget_restrictions(**kwargs) -> None:
    cache.delete(RESTRICTED_KEY)
