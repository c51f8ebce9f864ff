"""Wagtail's headless API v2, served at /api/content/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.http import PublicEndpointMixin


# Live, public pages and their media only: the same for everyone, so with the open data's
# caching headers, validators and CORS (and kept by the answer cache until a publication).
class PublicPagesAPIViewSet(PublicEndpointMixin, PagesAPIViewSet):
    pass


class PublicImagesAPIViewSet(PublicEndpointMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(PublicEndpointMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
