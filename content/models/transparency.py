"""Menu "Transparencia y acceso a la información pública" (Ley 1712/2014; Res. MinTIC 1519/2020, Anexo 2)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from content import blocks
from content.models.base import PortalPage
from content.selectors import listed


class TransparencyIndexPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.TransparencyCategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "menú de transparencia"
        verbose_name_plural = "menús de transparencia"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = listed(
            TransparencyCategoryPage.objects.child_of(self).live()).order_by("number")
        return context


class TransparencyCategoryPage(PortalPage):
    """One numbered category of Anexo 2; editors fill in its numerals."""

    number = models.PositiveSmallIntegerField("número de la categoría")
    intro = models.TextField("presentación", blank=True)
    items = StreamField(
        [("item", blocks.TransparencyItemBlock())], blank=True, verbose_name="numerales"
    )

    content_panels = Page.content_panels + [
        FieldPanel("number"), FieldPanel("intro"), FieldPanel("items"),
    ]
    api_fields = [APIField("number"), APIField("intro"), APIField("items")]
    parent_page_types = ["content.TransparencyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "categoría de transparencia"
        verbose_name_plural = "categorías de transparencia"

    def search_text_parts(self):
        parts = super().search_text_parts() + [self.intro]
        parts += [f"{b.value['title']} {b.value['description']}" for b in self.items]
        return parts
