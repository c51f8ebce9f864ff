"""Certified territories: the public face of the certification route (MM-GSC-P-003).

A territory page is fed from the internal records: location, route progress
and certificate come from records' public selectors; editors only add a
public summary.  Nothing personal can reach these pages because the
selectors never return it.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from content.geo import svg_map
from content.models.base import PortalPage
from content.selectors import listed
from records.geometry import geometry_problem
from records.selectors import STATUS_LABELS, PublicStatus
from records.services.public_status import (STATUS_COLUMNS, status_of_columns, stored_status,
                                            todays_statuses, with_stored_status)

ROUTE_PROCEDURE_CODE = "MM-GSC-P-003"


def attach_public_status(pages):
    """Give each page its `public` route status (one query for any number of pages)."""
    statuses = todays_statuses([page.territory_id for page in pages])
    for page in pages:
        page.public = statuses.get(page.territory_id)
    return pages


def latest_certified(pages, count):
    """The ``count`` pages among ``pages`` (a queryset) whose territories were certified
    last and are certified today, with their ``public`` status, newest first.

    One query reads, with their stored status, only the first candidates: the rare
    territories with no stored status yet (computed, as everywhere) come first, then
    those whose stored certificate is still valid today, newest first. The
    home page used to read every territory page and its status to show three: 31 ms of
    its render with 500 of them."""
    today = timezone.localdate()
    status = "territory__public_status__"
    candidates = with_stored_status(pages, status).filter(
        Q(**{f"{status}isnull": True})
        | Q(**{f"{status}status": "certificado", f"{status}certificate_valid_until__gte": today})
    ).order_by(F(f"{status}certificate_date").desc(nulls_first=True), "path")
    batch = 4 * count
    rows = list(candidates[:batch])
    if len(rows) == batch and sum(row.stored_status is not None for row in rows) < count:
        rows += list(candidates[batch:])  # many with no stored status yet: read them all
    stored, missing = [], []
    for page in rows:
        if page.stored_status is None:
            missing.append(page)
        elif len(stored) < count:
            page.public = stored_status(page, today)
            stored.append(page)
    if missing:
        stored += attach_public_status(missing)
    certified = [page for page in sorted(stored, key=lambda page: page.path)
                 if page.public is not None and page.public.status == "certificado"]
    # Newest first; among equal dates, in the tree's order (the sort is stable).
    return sorted(certified, key=lambda page: page.public.certificate_date, reverse=True)[:count]


@dataclass(frozen=True, slots=True)
class ListedTerritory:
    """A territory as the index lists and maps it: what a row of the table and a shape on
    the map need, read as plain values (506 full page objects took 28 ms of 30)."""

    title: str
    url: str
    locality: str
    public: PublicStatus
    # From the stored GeoJSON feature, where a shape that breaks the rules is already None.
    geometry: dict | None


def listed_territories(index, request=None, locality="", status="") -> list[ListedTerritory]:
    """The live, public territory pages under ``index``, by locality and title; only those
    of ``locality`` and with today's ``status``, when given.

    A filter is applied before shapes are parsed and links built: at 506 territories
    parsing every stored feature cost more than drawing the few a filter leaves."""
    today = timezone.localdate()
    column = "territory__public_status__"
    pages = listed(TerritoryPage.objects.child_of(index).live())
    if locality:
        pages = pages.filter(territory__locality__name=locality)
    rows = list(
        pages.order_by("territory__locality__name", "title")
        .values_list("title", "url_path", "territory__locality__name", "territory_id",
                     f"{column}feature", *(f"{column}{name}" for name in STATUS_COLUMNS[1:]))
    )
    # Territories whose status row is missing (written around the signals) are computed,
    # and their shapes checked here.
    missing_ids = [territory_id for _, _, _, territory_id, feature, *_ in rows if feature is None]
    missing = todays_statuses(missing_ids, today) if missing_ids else {}
    chosen = []
    for title, url_path, locality_name, territory_id, feature, *columns in rows:
        public = missing[territory_id] if feature is None else status_of_columns(columns, today)
        if not status or public.status == status:
            chosen.append((title, url_path, locality_name, territory_id, feature, public))
    unchecked = [row[3] for row in chosen if row[4] is None]
    geometries = dict(TerritoryPage.objects.filter(territory_id__in=unchecked)
                      .values_list("territory_id", "territory__geometry")) if unchecked else {}
    # A child's URL is its parent's plus its slug, percent-encoded as Wagtail's reverse() does.
    base, base_path = index.get_url(request), index.url_path
    return [
        ListedTerritory(
            title=title, url=base + quote(url_path[len(base_path):], safe="!$&'()*+,;=/~:@"),
            locality=locality_name, public=public,
            geometry=(_drawable(geometries.get(territory_id)) if feature is None
                      else json.loads(feature)["geometry"]))
        for title, url_path, locality_name, territory_id, feature, public in chosen
    ]


def listed_localities(index) -> list[str]:
    """The localities of the live, public territory pages under ``index``, by name."""
    return list(
        listed(TerritoryPage.objects.child_of(index).live())
        .order_by("territory__locality__name").distinct()
        .values_list("territory__locality__name", flat=True)
    )


def _drawable(geometry):
    return None if geometry_problem(geometry) else geometry


class TerritoryIndexPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.TerritoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "índice de territorios"
        verbose_name_plural = "índices de territorios"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localities = listed_localities(self)
        # Unknown filter values are ignored rather than echoed or erroring.
        locality = request.GET.get("localidad", "")
        locality = locality if locality in localities else ""
        status = request.GET.get("estado", "")
        status = status if status in STATUS_LABELS else ""
        selected = listed_territories(self, request, locality, status)
        context.update(
            territories=selected,
            localities=localities,
            statuses=list(STATUS_LABELS.items()),
            selected_locality=locality,
            selected_status=status,
            **self._map(selected),
        )
        return context

    @staticmethod
    def _map(territories):
        from records.models import Locality

        shown = {t.locality for t in territories}
        boundaries = dict(Locality.objects.filter(name__in=shown, boundary__isnull=False)
                          .values_list("name", "boundary"))
        drawing = svg_map(territories, boundaries=boundaries, checked=True)
        return {
            "map_svg": drawing.svg,
            "map_unnumbered": drawing.unnumbered,
            # What the caption explains: official lines, approximate ones, or both.
            "map_official_boundaries": bool(boundaries),
            "map_approximate_outlines": bool(shown - set(boundaries)),
        }


class TerritoryPage(PortalPage):
    """Public page of one territory of the internal records."""

    territory = models.OneToOneField(
        "records.Territory", on_delete=models.PROTECT, related_name="page",
        verbose_name="territorio de los registros",
    )
    summary = models.TextField("resumen público", blank=True)

    content_panels = Page.content_panels + [FieldPanel("territory"), FieldPanel("summary")]
    api_fields = [
        APIField("code"), APIField("locality"), APIField("population"), APIField("summary"),
        APIField("geometry"), APIField("route_status"),
    ]
    search_fields = PortalPage.search_fields
    parent_page_types = ["content.TerritoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "territorio"
        verbose_name_plural = "territorios"

    # Public facts read from the record.
    @property
    def code(self):
        return self.territory.code

    @property
    def locality(self):
        return self.territory.locality.name

    @property
    def population(self):
        return self.territory.population

    @property
    def geometry(self):
        return self.territory.geometry

    @property
    def public(self):
        if "_public" not in self.__dict__:
            self.__dict__["_public"] = todays_statuses([self.territory_id])[self.territory_id]
        return self.__dict__["_public"]

    @public.setter
    def public(self, value):
        self.__dict__["_public"] = value

    @property
    def status(self):
        return self.public.status

    @property
    def route_status(self) -> dict:
        public = self.public
        return {
            "status": public.status, "label": public.label,
            "current_step": public.current_step, "total_steps": public.total_steps,
            "certificate_number": public.certificate_number,
            "certificate_date": public.certificate_date.isoformat() if public.certificate_date else None,
            "certificate_valid_until": (
                public.certificate_valid_until.isoformat() if public.certificate_valid_until else None
            ),
            "revoked_on": public.revoked_on.isoformat() if public.revoked_on else None,
            "revocation_reason": public.revocation_reason,
        }

    def search_text_parts(self):
        return super().search_text_parts() + [self.summary]

    def get_context(self, request, *args, **kwargs):
        from content.models import DocumentPage, ProcedurePage

        context = super().get_context(request, *args, **kwargs)
        procedure = ProcedurePage.objects.live().filter(code=ROUTE_PROCEDURE_CODE).first()
        steps = [block.value for block in procedure.steps] if procedure else []
        public = self.public
        finished = public.status in ("certificado", "vencido", "revocado")
        current = public.current_step or 0
        context["route"] = [
            {
                "number": step["number"],
                "description": step["description"],
                "done": finished or step["number"] < current,
                "current": not finished and step["number"] == current,
            }
            for step in steps
        ]
        context["route_procedure"] = procedure
        context["documents"] = listed(
            DocumentPage.objects.live().filter(territory=self)).order_by("-date")
        context["map_svg"] = svg_map([self]).svg
        return context
