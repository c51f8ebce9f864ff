"""Non-page views of the portal: search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from content.search import normalize

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    normalized = normalize(query)
    if normalized:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        # Each page type indexes a normalised "search_document" beside its title.
        results = pages.specific().search(normalized, operator="and")
    paginator = Paginator(results, 20)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "content/search.html",
        {"query": query, "page_obj": page_obj, "results": page_obj.object_list},
    )


@require_GET
def favicon(request):
    # Browsers, feed readers and the admin ask for /favicon.ico whatever the page says.
    response = HttpResponseRedirect(static("convive/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cms/",
        "Disallow: /buscar/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
