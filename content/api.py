"""Wagtail's headless API v2, served at /api/content/.

Wagtail answers its own errors in English and lets a few odd inputs through to the
database (``find/?id=abc``, an offset beyond what SQLite can count, full-text syntax in
``?search=``); here every one is a 400 or 404 with a Spanish message, like the rest of
/api/.
"""

import re

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
    (r"not found", "No existe: revise el identificador o la dirección."),
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
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"«offset» no puede ser mayor que {MAX_OFFSET}.")
        super().initial(request, *args, **kwargs)

    def find_object(self, queryset, request):
        if "id" in request.GET and not request.GET["id"].isdigit():
            return None  # answered "not found", as any other id that does not exist
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        message = (response.data or {}).get("message") if isinstance(response.data, dict) else None
        if isinstance(message, str) and not message.startswith("«"):
            response.data = {"message": in_spanish(message)}
        return response


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
