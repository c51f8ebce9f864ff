"""Root URLconf: the fixed URL map of Convive (see README.md)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content import views as content_views
from content.api import api_router as content_api_router
from convive import health

admin.site.site_header = "Convive · Registros internos"
admin.site.site_title = "Convive"
admin.site.index_title = "Administración de registros"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", content_views.robots_txt, name="robots_txt"),
    path("favicon.ico", content_views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("buscar/", content_views.search, name="search"),
    path("mapa-del-sitio/", content_views.site_map, name="site_map"),
    path("preferencias/", content_views.display_preferences, name="display_preferences"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The headless content API must come before the DRF root it sits under.
    path("api/content/", content_api_router.urls),
    path("api/", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving is the catch-all: keep it last. Pages are served through
# content.views.serve_page (Wagtail's view, with the site read once per moment).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, content_views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "convive.error_pages.page_not_found"
handler400 = "convive.error_pages.bad_request"
