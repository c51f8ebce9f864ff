"""Reads shared by the portal's listings."""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from content.shell import per_moment


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages an editor restricted (login, password, groups). Kept in
    each process per moment of public data (content.shell): saving or deleting a
    restriction, and a move (it renumbers tree paths), are each a new moment."""
    return per_moment(("restricted-paths",), lambda: tuple(
        PageViewRestriction.objects.values_list("page__path", flat=True)))


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
