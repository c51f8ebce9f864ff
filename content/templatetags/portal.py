from django import template
from django.conf import settings
from django.db.models import Max
from django.utils.dateformat import format as format_date
from wagtail.models import Page, Site

from content.selectors import listed

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the home page's live children flagged "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        # Plain Page rows are enough for titles and URLs: one query, no per-item loads.
        items = listed(site.root_page.get_children().live().in_menu())
    current = context.get("page")
    current_path = getattr(current, "path", "")
    # A section is "current" for itself and for every page below it.
    entries = [(item, current_path.startswith(item.path)) for item in items]
    return {"entries": entries, "request": request}


@register.filter
def long_date(value):
    """«15 de septiembre de 2025»: Spanish writes month names in lower case."""
    if not value:
        return ""
    return format_date(value, r"j \d\e F \d\e Y").lower()


@register.simple_tag(takes_context=True)
def display_classes(context) -> str:
    """Classes of <html> for the visitor's display preferences (text size, contrast)."""
    request = context.get("request")
    if request is None:
        return ""
    size_cookie, contrast_cookie = settings.DISPLAY_PREFERENCE_COOKIES
    classes = []
    if request.COOKIES.get(size_cookie) in ("grande", "muy-grande"):
        classes.append(f"texto-{request.COOKIES[size_cookie]}")
    if request.COOKIES.get(contrast_cookie) == "alto":
        classes.append("contraste-alto")
    return " ".join(classes)


@register.inclusion_tag("includes/display_tools.html", takes_context=True)
def display_tools(context):
    request = context.get("request")
    size_cookie, contrast_cookie = settings.DISPLAY_PREFERENCE_COOKIES
    cookies = request.COOKIES if request is not None else {}
    return {
        "back": request.path if request is not None else "/",
        "size": cookies.get(size_cookie, "normal"),
        "contrast": cookies.get(contrast_cookie, "normal"),
    }


@register.simple_tag
def portal_last_updated():
    """The last time any page of the portal was published (gov.co footers show it)."""
    return Page.objects.live().aggregate(at=Max("last_published_at"))["at"]
