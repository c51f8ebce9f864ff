"""Non-page views of the portal: search, robots.txt, favicon and display preferences."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from content import shell
from content.search import normalize
from content.templating import CONTRASTS, TEXT_SIZES, classes_for
from content.templating import display_preferences as display_preferences_of

MAX_QUERY_LENGTH = 200


def serve_page(request, path):
    """Wagtail's page view, with the site for this host read once per moment of public
    data instead of once per request (content.shell)."""
    shell.site_for(request)
    return wagtail_views.serve(request, path)


@require_safe
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


SITE_MAP_LEVELS = 3


@require_safe
def site_map(request):
    """«Mapa del sitio» for people (gov.co footers have one): the published, public pages
    three levels down, in the tree's order; /sitemap.xml stays for search engines."""
    site = Site.find_for_request(request)
    entries = []
    if site is not None:
        root = site.root_page
        pages = (Page.objects.live().public().descendant_of(root, inclusive=True)
                 .filter(depth__lt=root.depth + SITE_MAP_LEVELS).order_by("path")
                 .only("id", "title", "url_path", "depth", "path"))
        entries = [(page.title, page.get_url(request), page.depth - root.depth)
                   for page in pages]
    return render(request, "content/site_map.html", {"entries": entries})


@require_safe
def favicon(request):
    # Browsers, feed readers and the admin ask for /favicon.ico whatever the page says.
    response = HttpResponseRedirect(static("convive/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cms/",
        "Disallow: /buscar/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Display preferences (gov.co accessibility tools): a plain link per choice, so they
# work without JavaScript; remembered for a year in cookies that name only the choice.
PREFERENCE_SECONDS = 365 * 24 * 3600


@require_safe
def display_preferences(request):
    back = request.GET.get("volver", "/")
    if not back.startswith("/") or back.startswith("//") or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"  # never a way out to another site
    # From the tools' script (content/static/convive/display-tools.js): the change applies
    # in place, so a half-typed form or a receipt shown once is not left behind; the
    # answer is the tools as they now read and the classes the page now takes.
    in_place = request.headers.get("X-Requested-With") == "display-tools"
    response = HttpResponse() if in_place else HttpResponseRedirect(back)
    cookies = dict(request.COOKIES)
    choices = (("texto", settings.DISPLAY_PREFERENCE_COOKIES[0], TEXT_SIZES),
               ("contraste", settings.DISPLAY_PREFERENCE_COOKIES[1], CONTRASTS))
    for parameter, cookie, allowed in choices:
        value = request.GET.get(parameter)
        if value == "normal":
            response.delete_cookie(cookie, samesite="Lax")
            cookies.pop(cookie, None)
        elif value in allowed:
            response.set_cookie(cookie, value, max_age=PREFERENCE_SECONDS, samesite="Lax",
                                secure=request.is_secure(), httponly=True)
            cookies[cookie] = value
    if in_place:
        size, contrast = display_preferences_of(cookies)
        response.content = render_to_string("includes/display_tools.html", {"tools": {
            "back": back, "size": size, "contrast": contrast}}, request=request)
        response["X-Display-Classes"] = classes_for(size, contrast)
        response["Cache-Control"] = "private, no-store"
    return response
