"""What every portal page shares, read once per moment of public data in each process.

Every page used to read the same things afresh: the site for the host, its home page,
the menu, the footer's entity data and links, the date of the last publish and whether
any page above it is restricted: 8 to 11 of a page's 14 to 18 queries, rendered again
for each visitor the page cache cannot serve (a page not kept yet, a search, anyone with
a session).

They are kept here under ``api.freshness``'s moment (and the cache's epoch: an emptied
cache makes them read again), as kept pages are: any publish,
unpublish, move, restriction, settings or site edit, and midnight, is a new moment, so
nothing here outlives the data it was read from (the moment is read before the data, and
bumped again after the writer commits). Values are kept pickled and unpickled for each
use, so no request changes the objects another request reads.
"""

import pickle
import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.http.request import split_domain_port

_kept: dict = {}
_lock = threading.Lock()
# A key per host and port: hosts come from ALLOWED_HOSTS in production, but a test or a
# misconfigured server must not grow this without bound.
_MAX_KEYS = 256


def per_moment(key, build):
    """``build()``'s value, built again only when public data has changed since."""
    from api.freshness import version_of_this_request  # models: not importable while apps load

    moment = version_of_this_request()
    found = _kept.get(key)
    if found is not None and found[0] == moment:
        return pickle.loads(found[1])
    value = build()
    if moment[1] is None:
        return value  # the cache cannot answer: nothing kept, nothing trusted
    with _lock:
        if len(_kept) >= _MAX_KEYS:
            _kept.clear()
        _kept[key] = (moment, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def forget() -> None:
    """Drop everything kept (tests roll data back under the same moment)."""
    with _lock:
        _kept.clear()


def site_for(request):
    """Wagtail's ``Site.find_for_request``, with the home page already specific, and kept on
    the request where Wagtail looks for it (routing, ``pageurl``, settings)."""
    from wagtail.models import Site

    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()

        def build():
            site = Site._find_for_request(request)
            if site is not None:
                site.root_page = site.root_page.specific
            return site

        request._wagtail_site = per_moment(("site", hostname, port), build)
    return request._wagtail_site


@dataclass
class MenuEntry:
    title: str
    url: str
    path: str  # tree path: an entry is current for its own page and every page below
    description: str = ""  # its search description, shown on the home page's cards


@dataclass
class Footer:
    entity: object  # EntitySettings, or None when the site has none yet
    links: list = field(default_factory=list)  # (title, url) of live policy pages
    last_updated: datetime | None = None
    # Where «Datos abiertos» leads: the transparency category that presents them (Anexo 2,
    # category 7) when it is published, else the DCAT catalogue itself.
    open_data_url: str = "/api/catalog/"


def menu_for(request) -> list[MenuEntry]:
    """The home page's live children flagged "show in menus", without restricted ones."""
    from content.selectors import listed

    site = site_for(request)
    if site is None:
        return []

    def build():
        pages = listed(site.root_page.get_children().live().in_menu())
        return [MenuEntry(page.title, page.get_url(request), page.path, page.search_description)
                for page in pages]

    return per_moment(("menu", site.pk), build)


def footer_for(request) -> Footer:
    """The entity's data, its live policy pages and the date of the last publish."""
    from wagtail.models import Page

    from content.models import EntitySettings, TransparencyCategoryPage

    site = site_for(request)

    def build():
        entity = EntitySettings.for_site(site) if site is not None else None
        links = []
        if entity is not None:
            for page in (entity.privacy_page, entity.terms_page):
                if page is not None and page.live:
                    links.append((page.title, page.get_url(request)))
        last = Page.objects.live().aggregate(at=Max("last_published_at"))["at"]
        open_data = (TransparencyCategoryPage.objects.live().public().filter(number=7)
                     .descendant_of(site.root_page).first() if site is not None else None)
        return Footer(entity, links, last, **({"open_data_url": open_data.get_url(request)}
                                              if open_data is not None else {}))

    return per_moment(("footer", getattr(site, "pk", None)), build)


def restrictions_known():
    """(Ids of the restricted pages, whether to ask Wagtail anyway): enough to tell without
    a query that a page and the pages above it are unrestricted (``PortalPage``). Wagtail
    is asked wherever an alias exists (it takes its source page's restrictions) or the
    tree's own root is restricted (above every site)."""
    from wagtail.models import Page, PageViewRestriction

    def build():
        rows = list(PageViewRestriction.objects.values_list("page_id", "page__depth"))
        fall_back = (any(depth == 1 for _id, depth in rows)
                     or Page.objects.filter(alias_of__isnull=False).exists())
        return frozenset(page_id for page_id, _depth in rows), fall_back

    return per_moment(("restrictions",), build)
