"""Document library: public, security-redacted versions only (versión pública)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content import blocks
from content.models.base import PortalPage
from content.selectors import is_listed, listed


class DocumentIndexPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.DocumentPage"]
    max_count = 1

    class Meta:
        verbose_name = "biblioteca de documentos"
        verbose_name_plural = "bibliotecas de documentos"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query: the filters' choices (territories, years) come from the documents
        # themselves, and the few documents of an entity are filtered here.
        documents = list(
            listed(DocumentPage.objects.child_of(self).live())
            .select_related("territory__territory").order_by("-date", "title")
        )
        territories = sorted(
            {d.territory for d in documents if d.territory is not None and is_listed(d.territory)},
            key=lambda t: t.title)
        years = sorted({d.date.year for d in documents}, reverse=True)
        kind = request.GET.get("tipo", "")
        territory = request.GET.get("territorio", "")
        year = request.GET.get("anio", "")
        if kind in DocumentPage.Kind.values:
            documents = [d for d in documents if d.kind == kind]
        if territory and any(t.code == territory for t in territories):
            documents = [d for d in documents if d.territory is not None and d.territory.code == territory]
        if year.isdigit() and int(year) in years:
            documents = [d for d in documents if d.date.year == int(year)]
        context.update(
            documents=documents, kinds=DocumentPage.Kind.choices, territories=territories,
            years=years, selected_kind=kind, selected_territory=territory, selected_year=year,
        )
        return context


class DocumentPage(PortalPage):
    """A public version of a route document, with the legal ground of each withheld part."""

    class Kind(models.TextChoices):
        MINUTES = "acta", "Acta"
        DIAGNOSIS = "diagnostico", "Diagnóstico participativo"
        PACT = "pacto", "Pacto de convivencia"
        AUDIT = "miniauditoria", "Informe de miniauditoría"
        EVALUATION = "evaluacion", "Informe de evaluación"
        CERTIFICATE = "certificado", "Certificado"
        REPORT = "informe", "Informe"

    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    date = models.DateField("fecha del documento")
    summary = models.TextField("resumen")
    territory = models.ForeignKey(
        "content.TerritoryPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="territorio",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="versión pública (PDF)",
    )
    withheld_parts = StreamField(
        [("part", blocks.WithheldPartBlock())], blank=True,
        verbose_name="partes retiradas y su fundamento legal",
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("date"), FieldPanel("summary"), FieldPanel("territory"),
        FieldPanel("document"), FieldPanel("withheld_parts"),
    ]
    api_fields = [
        APIField("kind"), APIField("date"), APIField("summary"), APIField("territory"),
        APIField("document"), APIField("withheld_parts"), APIField("legal_grounds"),
    ]
    search_fields = PortalPage.search_fields + [
        index.FilterField("kind"), index.FilterField("date"),
    ]
    parent_page_types = ["content.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "documento público"
        verbose_name_plural = "documentos públicos"

    def search_text_parts(self):
        return super().search_text_parts() + [self.summary, self.get_kind_display()]

    @property
    def withheld_list(self) -> list[dict]:
        """Each withheld part with the human label of its legal ground."""
        labels = dict(blocks.WithheldPartBlock.base_blocks["ground"].field.choices)
        return [
            {"description": block.value["description"],
             "ground": block.value["ground"],
             "ground_label": labels.get(block.value["ground"], block.value["ground"])}
            for block in self.withheld_parts
        ]

    @property
    def legal_grounds(self) -> list[str]:
        return list(dict.fromkeys(part["ground_label"] for part in self.withheld_list))
