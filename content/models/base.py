"""Home and mission pages, and what every portal page shares."""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.html import strip_tags
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from content.search import normalize
from content.selectors import listed


class PortalPage(Page):
    """Abstract base: Spanish search document built from the structured fields."""

    class Meta:
        abstract = True

    def search_text_parts(self) -> list[str]:
        return [self.title, self.search_description]

    @property
    def search_document(self) -> str:
        return normalize(" ".join(part for part in self.search_text_parts() if part))

    search_fields = Page.search_fields + [index.SearchField("search_document")]

    def get_view_restrictions(self):
        # Wagtail asks the database on every view (the page's ancestors, then their
        # restrictions): two queries that almost always find nothing. A page found by its
        # address carries the pages above it (``trail``); with no alias in the tree, it is
        # restricted only if it or one of those is. Ids, not tree paths: a tree repaired
        # in SQL (fixtree) renumbers paths without a word to anyone.
        from content import shell

        trail = getattr(self, "trail", None)
        if trail is not None:
            restricted_ids, fall_back = shell.restrictions_known()
            if not fall_back and restricted_ids.isdisjoint([self.pk, *(p.pk for p in trail)]):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(PortalPage):
    """Root of the portal: what the secretariat does and where to go next."""

    intro = models.TextField(
        "presentación",
        help_text="Qué hace la Secretaría, en lenguaje claro (dos o tres frases).",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "página de inicio"
        verbose_name_plural = "páginas de inicio"

    def search_text_parts(self):
        return super().search_text_parts() + [self.intro]

    def route(self, request, path_components):
        # Wagtail walks the tree from here with two queries per level (the child by its
        # slug, then its specific row): seven for a procedure. The pages along the address
        # come in one query instead, and the walk is handed over, as Wagtail would, to the
        # first page whose type routes its own sub-addresses (a form's receipt).
        if not path_components:
            result = super().route(request, path_components)
            if self.depth == 2:
                result.page.trail = []  # nothing above it but the tree's root
            return result
        return route_along(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from content.models import DocumentPage, TerritoryPage

        from content import shell
        from content.models.territories import latest_certified

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = shell.menu_for(request)  # the menu's sections, described
        context["certified_territories"] = latest_certified(
            listed(TerritoryPage.objects.live().descendant_of(self))
            .select_related("territory__locality").defer("territory__geometry",
                                                         "territory__locality__boundary"),
            3)
        context["latest_documents"] = (
            listed(DocumentPage.objects.live().descendant_of(self)).order_by("-date")[:3]
        )
        return context


def route_along(root, request, components):
    """Wagtail's ``Page.route`` from ``root`` for ``components``, in two queries. The page
    found carries the pages above it (``trail``) for its breadcrumbs and its restrictions."""
    from django.contrib.contenttypes.models import ContentType

    # The root is read again with the rest: the one kept for the site (content.shell) may
    # name a tree path a repair of the tree has changed since.
    rows = list(Page.objects.filter(Q(pk=root.pk) | Q(depth__gt=1, slug__in=components))
                .only("id", "path", "depth", "slug", "title", "url_path", "content_type_id"))
    here = next((row for row in rows if row.pk == root.pk), None)
    if here is None:
        raise Http404
    trail = [root]
    parent_path = here.path
    for level, slug in enumerate(components, start=1):
        page = next((row for row in rows if row.depth == here.depth + level and row.slug == slug
                     and row.path.startswith(parent_path) and row.pk != root.pk), None)
        if page is None:
            raise Http404
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if model is None:
            # A type no longer installed: Wagtail's own walk, as plain pages, from its parent.
            return Page.route(trail[-1], request, components[level - 1:])
        if model.route is not Page.route or level == len(components):
            # The type's own route decides what follows, and whether the page is live.
            result = model.objects.get(pk=page.pk).route(request, components[level:])
            if result.page.pk == page.pk and here.depth == 2:  # the site is the tree's
                result.page.trail = trail
            return result
        trail.append(page)
        parent_path = page.path
    raise Http404  # not reached: the last level returns


class MissionPage(PortalPage):
    """Mission, vision and strategic objectives, each a separate item."""

    mission = models.TextField("misión")
    vision = models.TextField("visión")

    content_panels = Page.content_panels + [
        FieldPanel("mission"),
        FieldPanel("vision"),
        InlinePanel("objectives", heading="Objetivos estratégicos", label="objetivo", min_num=1),
    ]
    api_fields = [APIField("mission"), APIField("vision"), APIField("objectives")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "página de misión"
        verbose_name_plural = "páginas de misión"

    def search_text_parts(self):
        return super().search_text_parts() + [self.mission, self.vision] + [
            objective.text for objective in self.objectives.all()
        ]


class InformationPage(PortalPage):
    """A page of plain text the entity must publish: its data-protection policy, the
    terms of use, the accessibility statement. Linked from the footer (EntitySettings)."""

    intro = models.TextField("resumen", blank=True,
                             help_text="Una o dos frases que digan de qué trata la página.")
    body = RichTextField("texto", features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    template = "content/information_page.html"

    class Meta:
        verbose_name = "página informativa"
        verbose_name_plural = "páginas informativas"

    def search_text_parts(self):
        return super().search_text_parts() + [self.intro, strip_tags(self.body)]


class StrategicObjective(Orderable):
    page = ParentalKey(MissionPage, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField("objetivo")

    panels = [FieldPanel("text")]
    api_fields = [APIField("text")]

    class Meta(Orderable.Meta):
        verbose_name = "objetivo estratégico"
        verbose_name_plural = "objetivos estratégicos"

    def __str__(self):
        return self.text[:80]
