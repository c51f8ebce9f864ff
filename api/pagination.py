"""Pages of the public lists, with their neighbours in a Link header (RFC 8288).

Besides first/prev/next/last, every page points at its dataset's data dictionary
(rel="describedby") and its whole-dataset download (rel="alternate"), so a client that
finds a paged answer also finds how to read all of it at once.
"""

import json

from django.urls import reverse
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param


def dataset_links(request, view) -> list[str]:
    identifier = getattr(view, "dataset", None)
    if not identifier:
        return []
    schema = request.build_absolute_uri(reverse("api:dataset-schema", args=[identifier]))
    full = request.build_absolute_uri(reverse("api:dataset-file", args=[identifier, "csv"]))
    return [f'<{schema}>; rel="describedby"; type="application/json"',
            f'<{full}>; rel="alternate"; type="text/csv"; title="Conjunto completo"']


class LinkHeaderMixin:
    view = None

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["Link"] = self.link_header()
        return response

    def page_links(self) -> dict:
        return {"prev": self.get_previous_link(), "next": self.get_next_link()}

    def link_header(self) -> str:
        links = [f'<{url}>; rel="{rel}"' for rel, url in self.page_links().items() if url]
        return ", ".join(links + dataset_links(self.request, self.view))


class StandardPagination(LinkHeaderMixin, PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def requested_window(self, request) -> tuple[int, int] | None:
        """(offset, limit) of the page a request names by number, before anything is counted."""
        number = request.query_params.get(self.page_query_param, "1")
        size = self.get_page_size(request)
        if not (number.isascii() and number.isdigit() and size) or not 1 <= int(number) <= 10**6:
            return None  # "last", nonsense or absurd: the paginator decides, as usual
        return (int(number) - 1) * size, size

    def page_links(self) -> dict:
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        return {"first": remove_query_param(url, self.page_query_param),
                "prev": self.get_previous_link(), "next": self.get_next_link(),
                "last": replace_query_param(url, self.page_query_param, last) if last > 1
                else remove_query_param(url, self.page_query_param)}

    def json_page(self, items: list[str]) -> bytes:
        """The page as DRF would render it, around items that are JSON text already."""
        head = json.dumps({"count": self.page.paginator.count, "next": self.get_next_link(),
                           "previous": self.get_previous_link()}, ensure_ascii=False, separators=(",", ":"))
        return f'{head[:-1]},"results":[{",".join(items)}]}}'.encode()


class IndicatorCursorPagination(LinkHeaderMixin, CursorPagination):
    """Indicator tables grow every period: cursors stay fast and stable."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = ("period", "id")
