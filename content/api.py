"""Wagtail's headless API v2, served at /api/content/.

Wagtail answers its own errors in English and lets a few odd inputs through to the
database (``find/?id=abc``, an offset beyond what SQLite can count, full-text syntax in
``?search=``); here every one is a 400 or 404 with a Spanish message, like the rest of
/api/.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.http import PublicEndpointMixin
from content.search import normalize

MAX_OFFSET = 1_000_000
MAX_SEARCH_LENGTH = 200

# Wagtail's messages (wagtail/api/v2), in the order they are tried.
SPANISH = [
    (r"(\w+) must be a positive integer", "«{0}» debe ser un número entero positivo."),
    (r"limit cannot be higher than (\d+)", "«limit» no puede ser mayor que {0}."),
    (r"cannot order by '(.*)' \((?:unknown|invalid) field\)",
     "No se puede ordenar por «{0}»: ese campo no existe."),
    (r"cannot (?:order|filter) by '(.*)' while searching \(field is not indexed\)",
     "No se puede ordenar ni filtrar por «{0}» al buscar."),
    (r"random ordering .*", "El orden aleatorio no se combina con otros campos ni con «offset»."),
    (r"search is disabled", "La búsqueda no está disponible."),
    (r"filtering by tag with a search query is not supported",
     "No se puede filtrar por etiqueta al buscar."),
    (r"filtering by descendant_of with child_of is not supported",
     "No se pueden combinar «descendant_of» y «child_of»."),
    (r"type doesn't exist", "Ese «type» no existe (por ejemplo: content.ProcessCardPage)."),
    (r"\w+ page doesn.t exist", "La página que indica el filtro no existe."),
    (r"unknown fields: (.*)", "Campos desconocidos en «fields»: {0}."),
    (r"query parameter is not an operation or a recognised field: (.*)",
     "Parámetros desconocidos: {0}. Vea los que acepta cada lista en /api/docs/."),
    (r"field filter error\. '(.*)' is not a valid value for (\w+).*",
     "«{0}» no es un valor válido para «{1}»."),
    (r"field filter error\. null characters .*", "Los filtros no admiten el carácter nulo."),
]
SPANISH = [(re.compile(pattern + r"\Z", re.S), text) for pattern, text in SPANISH]
FALLBACK = ("El parámetro «fields» no es válido: separe los campos con comas, por ejemplo "
            "?fields=title,intro. Vea /api/docs/.")


def in_spanish(message: str) -> str:
    for pattern, text in SPANISH:
        match = pattern.match(message)
        if match:
            return text.format(*match.groups())
    return FALLBACK  # what is left are the parser's messages about ?fields=


class SpanishContentAPIMixin:
    def initial(self, request, *args, **kwargs):
        if "search" in request.GET:
            # Searched as the portal searches (content.search): the index holds normalised
            # words, and a normalised query carries no full-text syntax for the database.
            query = request._request.GET.copy()
            query["search"] = normalize(query["search"][:MAX_SEARCH_LENGTH])
            request._request.GET = query
        offset = request.GET.get("offset", "")
        if _number(offset) is not None and _number(offset) > MAX_OFFSET:
            raise BadRequestError(f"«offset» no puede ser mayor que {MAX_OFFSET}.")
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("«search_operator» solo admite «and» u «or».")
        for name, value in request.GET.items():
            # Ids and related pages are compared as given: beyond 64 bits SQLite overflows.
            if (name == "id" or name.endswith(("_of", "_id"))) and value.isdigit() \
                    and _number(value) is not None and _number(value) > MAX_ID:
                raise BadRequestError(f"«{name}» no corresponde a ninguna página.")
        super().initial(request, *args, **kwargs)

    def find_object(self, queryset, request):
        if "id" in request.GET and (_number(request.GET["id"]) or 0) > MAX_ID:
            return None
        if "id" in request.GET and _number(request.GET["id"]) is None:
            return None  # answered "not found", as any other id that does not exist
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            # A filter value the field cannot read (?first_published_at=ayer).
            exc = BadRequestError("Un filtro tiene un valor que su campo no admite (fechas "
                                  "como 2026-12-31; números sin letras).")
        response = super().handle_exception(exc)
        if response.status_code == 404:
            response.data = {"message": NOT_FOUND}
            return response
        message = (response.data or {}).get("message") if isinstance(response.data, dict) else None
        if isinstance(message, str) and not message.startswith("«"):
            response.data = {"message": in_spanish(message)}
        return response


MAX_ID = 2**63 - 1
NOT_FOUND = "No existe: revise el identificador o la dirección."


def _number(text: str):
    """``text`` as a non-negative integer written with ASCII digits, else None («²» and
    «٣» are digits to str.isdigit but not to int() or to the database)."""
    return int(text) if text.isascii() and text.isdigit() else None


# Live, public pages and their media only: the same for everyone, so with the open data's
# caching headers, validators and CORS (and kept by the answer cache until a publication).
class PublicPagesAPIViewSet(SpanishContentAPIMixin, PublicEndpointMixin, PagesAPIViewSet):
    pass


class PublicImagesAPIViewSet(SpanishContentAPIMixin, PublicEndpointMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(SpanishContentAPIMixin, PublicEndpointMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
