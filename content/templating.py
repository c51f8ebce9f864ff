"""The portal's template environment (Jinja2).

Public pages are drawn from ``templates/jinja2/``: Jinja2 compiles a template to Python
once, where Django's engine walks a node tree per render, resolving every ``{{ a.b }}``
through its lookup chain. On this portal that walk was about half of every page's time.
The admin (Django's and Wagtail's) keeps Django's engine; the two never extend each
other's templates.

What the pages share (menu, footer, display preferences, breadcrumbs) is computed here,
once per render, from ``content.shell``.
"""

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment

from content import shell


def _request(value):
    """The request, or None: error pages (400) are drawn without one."""
    return value or None


def main_menu(request, page=None) -> list:
    """Top navigation: the home page's live children flagged "show in menus", each with
    whether it is the current section (itself or any page below it)."""
    current_path = getattr(page, "path", "") or ""
    return [(entry, current_path.startswith(entry.path))
            for entry in shell.menu_for(_request(request))]


def portal_footer(request):
    """The entity's data, its policy pages and the date of the last publish (gov.co
    footers show all three)."""
    return shell.footer_for(_request(request))


def breadcrumb_trail(page) -> list:
    """The pages above ``page``, from the home page down: those its route read when it was
    found by its address, otherwise (a preview) asked of the tree."""
    trail = getattr(page, "trail", None)
    if trail is None:
        trail = list(page.get_ancestors())[1:]  # without the tree's root
    return trail


def long_date(value) -> str:
    """«15 de septiembre de 2025»: Spanish writes month names in lower case. A moment is
    dated where the portal is (a petition filed at 21:00 in Bogotá is not filed tomorrow)."""
    if not value:
        return ""
    return format_date(template_localtime(value), r"j \d\e F \d\e Y").lower()


def local_date(value, arg=None) -> str:
    """Django's ``date`` filter, which its engine hands moments already in local time."""
    return defaultfilters.date(template_localtime(value), arg)


# Display preferences (gov.co accessibility tools): what each cookie may choose.
TEXT_SIZES = ("normal", "grande", "muy-grande")
CONTRASTS = ("normal", "alto")


def display_preferences(cookies) -> tuple[str, str]:
    """(Text size, contrast) as chosen in these cookies; any other value is "normal", so
    a page is drawn (and kept: convive.page_cache) in one of six ways only."""
    size_cookie, contrast_cookie = settings.DISPLAY_PREFERENCE_COOKIES
    size, contrast = cookies.get(size_cookie), cookies.get(contrast_cookie)
    return (size if size in TEXT_SIZES else "normal",
            contrast if contrast in CONTRASTS else "normal")


def _preferences(request) -> tuple[str, str]:
    request = _request(request)
    return display_preferences(request.COOKIES if request is not None else {})


def display_classes(request) -> str:
    """Classes of <html> for the visitor's display preferences (text size, contrast)."""
    return classes_for(*_preferences(request))


def classes_for(size: str, contrast: str) -> str:
    classes = []
    if size in ("grande", "muy-grande"):
        classes.append(f"texto-{size}")
    if contrast == "alto":
        classes.append("contraste-alto")
    return " ".join(classes)


def display_tools(request) -> dict:
    """What the gov.co accessibility tools offer from here: the next text size, back to
    normal, contrast on or off, each returning to this address."""
    request = _request(request)
    size, contrast = _preferences(request)
    # The whole address: a search or a filtered list comes back as it was (pages with a
    # query string are never kept by convive.page_cache, so none carries another's).
    return {"back": request.get_full_path() if request is not None else "/", "size": size,
            "contrast": contrast}


def _django_filter(function):
    """A Django filter that takes ``autoescape``: Jinja2 escapes on output, so the filter
    escapes its input as Django's engine would and marks the result safe."""
    return lambda value, *args: function(value, *args, autoescape=True)


def _as_django_draws(value):
    """Numbers and dates as Django's engine draws them: localised (es-CO: «100,0»), in
    local time. Text passes untouched, and quickly: it is nearly every value."""
    if value is None or isinstance(value, str):
        return value
    return localize(template_localtime(value))


def environment(**options) -> Environment:
    # Like Django's engine, a missing name or attribute draws as "" (Django's backend
    # passes jinja2.Undefined, which fails on ``page.title`` where no page is given).
    options["undefined"] = ChainableUndefined
    options.setdefault("keep_trailing_newline", True)
    options.setdefault("finalize", _as_django_draws)
    options.setdefault("extensions", []).append("wagtail.jinja2tags.core")
    env = Environment(**options)
    env.globals.update(
        static=static, url=reverse,
        main_menu=main_menu, portal_footer=portal_footer, breadcrumb_trail=breadcrumb_trail,
        display_classes=display_classes, display_tools=display_tools,
    )
    env.filters.update(
        long_date=long_date,
        date=local_date, cut=defaultfilters.cut, capfirst=defaultfilters.capfirst,
        default_if_none=defaultfilters.default_if_none, filesizeformat=defaultfilters.filesizeformat,
        pluralize=defaultfilters.pluralize, slugify=defaultfilters.slugify,
        stringformat=defaultfilters.stringformat,
        urlencode=defaultfilters.urlencode,
        linebreaksbr=_django_filter(defaultfilters.linebreaksbr),
        urlize=_django_filter(defaultfilters.urlize),
    )
    return env
