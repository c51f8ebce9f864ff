from django import template
from django.conf import settings
from django.utils.dateformat import format as format_date

from content import shell

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Top navigation: the home page's live children flagged "show in menus"."""
    request = context.get("request")
    current_path = getattr(context.get("page"), "path", "")
    # A section is "current" for itself and for every page below it.
    entries = [(entry, current_path.startswith(entry.path)) for entry in shell.menu_for(request)]
    return {"entries": entries, "request": request}


@register.simple_tag(takes_context=True)
def portal_footer(context):
    """The entity's data, its policy pages and the date of the last publish (gov.co
    footers show all three)."""
    return shell.footer_for(context.get("request"))


@register.simple_tag
def breadcrumb_trail(page):
    """The pages above ``page``, from the home page down: those its route read when it was
    found by its address, otherwise (a preview) asked of the tree."""
    trail = getattr(page, "trail", None)
    if trail is None:
        trail = list(page.get_ancestors())[1:]  # without the tree's root
    return trail


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
