"""Page types of the public portal."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page
from wagtail.search import index


class HomePage(Page):
    """Root of the portal: what the secretariat does and where to go next."""

    intro = models.TextField(
        "presentación",
        help_text="Qué hace la Secretaría, en lenguaje claro (dos o tres frases).",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "página de inicio"
        verbose_name_plural = "páginas de inicio"


class MissionPage(Page):
    """Mission, vision and strategic objectives, each a separate item."""

    mission = models.TextField("misión")
    vision = models.TextField("visión")

    content_panels = Page.content_panels + [
        FieldPanel("mission"),
        FieldPanel("vision"),
        InlinePanel("objectives", heading="Objetivos estratégicos", label="objetivo"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("mission"),
        index.SearchField("vision"),
        index.RelatedFields("objectives", [index.SearchField("text")]),
    ]
    api_fields = [APIField("mission"), APIField("vision"), APIField("objectives")]

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "página de misión"
        verbose_name_plural = "páginas de misión"


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

    @property
    def number(self) -> int:
        return (self.sort_order or 0) + 1
