from django import template
from django.utils.dateformat import format as format_date
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the home page's live children flagged "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        # Plain Page rows are enough for titles and URLs: one query, no per-item loads.
        items = site.root_page.get_children().live().in_menu()
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
