"""Process map, process cards (caracterizaciones) and their procedures."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content import blocks
from content.blocks import resolve_step, step_rules
from records.services import rules
from content.models.base import PortalPage
from content.selectors import listed


class ProcessType(models.TextChoices):
    STRATEGIC = "estrategico", "Estratégico"
    MISSION = "misional", "Misional"
    SUPPORT = "apoyo", "De apoyo"
    EVALUATION = "evaluacion", "De evaluación y control"


# Headings of the process map, one group per process type.
PROCESS_GROUP_HEADINGS = {
    ProcessType.STRATEGIC: "Procesos estratégicos",
    ProcessType.MISSION: "Procesos misionales",
    ProcessType.SUPPORT: "Procesos de apoyo",
    ProcessType.EVALUATION: "Procesos de evaluación y control",
}


class VersionNote(models.Model):
    """One row of a page's change-control table, written when a version is published.

    Editors never edit these: publishing a new version of a process card or
    procedure records its version, date and change description. A row taken
    from a source document that gives no date has none: the table says so
    rather than show the day the portal loaded it.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="version_notes",
        verbose_name="página",
    )
    version = models.CharField("versión", max_length=20)
    date = models.DateField("fecha", null=True, blank=True)
    description = models.TextField("descripción de la modificación")

    class Meta:
        # Undated rows come from the source document, older than any dated one.
        ordering = ["page", models.F("date").asc(nulls_first=True), "pk"]
        verbose_name = "control de cambios"
        verbose_name_plural = "control de cambios"
        constraints = [
            models.UniqueConstraint(fields=["page", "version"], name="unique_version_per_page")
        ]

    def __str__(self):
        return f"{self.version} ({self.date:%Y-%m-%d})" if self.date else self.version


class VersionedPage(PortalPage):
    """A formal document with a code, a version and a change-control table."""

    code = models.CharField("código", max_length=40, blank=True)
    version = models.CharField("versión", max_length=20)
    change_description = models.CharField(
        "descripción del cambio",
        max_length=1000,
        help_text="Qué cambia en esta versión. Se publica en la tabla de control de cambios.",
    )
    objective = models.TextField("objetivo")
    scope = models.TextField("alcance")
    formalization = StreamField(
        [("signatory", blocks.SignatoryBlock())], blank=True, verbose_name="formalización"
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        last = self.latest_version_note()
        if (
            last is not None
            and last.version != self.version
            and self.change_description.strip() == last.description.strip()
        ):
            raise ValidationError(
                {"change_description": "Describa qué cambia en la nueva versión "
                 f"{self.version}: la descripción es la misma de la versión {last.version}."}
            )

    def latest_version_note(self):
        if not self.pk:
            return None
        return VersionNote.objects.filter(page_id=self.pk).order_by(
            models.F("date").desc(nulls_last=True), "-pk").first()

    @property
    def change_control(self) -> list[dict]:
        return [
            {"version": note.version, "date": note.date.isoformat() if note.date else None,
             "description": note.description}
            for note in VersionNote.objects.filter(page_id=self.pk)
        ]

    def search_text_parts(self):
        return super().search_text_parts() + [self.code, self.objective, self.scope]


class ProcessMapPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ProcessCardPage"]
    max_count = 1

    class Meta:
        verbose_name = "mapa de procesos"
        verbose_name_plural = "mapas de procesos"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cards = (listed(ProcessCardPage.objects.child_of(self).live()).order_by("code")
                 .only("title", "url_path", "path", "depth", "code", "process_type",
                       "responsible_unit"))  # cards of links: their StreamFields stay unread
        context["groups"] = [
            (heading, [card for card in cards if card.process_type == value])
            for value, heading in PROCESS_GROUP_HEADINGS.items()
        ]
        return context


class ProcessCardPage(VersionedPage):
    """Caracterización de proceso (seeds 000 and 002)."""

    process_type = models.CharField("tipo de proceso", max_length=20, choices=ProcessType.choices)
    responsible_unit = models.CharField("responsable", max_length=255)
    application_field = models.TextField("ámbito de aplicación", blank=True)
    policies = StreamField(
        [("policy", blocks.TextItemBlock())], blank=True, verbose_name="políticas de operación"
    )
    phva_rows = StreamField(
        [("row", blocks.PHVARowBlock())], blank=True, verbose_name="descripción del proceso (PHVA)"
    )
    general_information = StreamField(
        [("item", blocks.InformationLinkBlock())], blank=True,
        verbose_name="información general del proceso",
    )
    general_information_note = models.TextField("nota de información general", blank=True)
    resources = StreamField(
        [("resource", blocks.ResourceBlock())], blank=True, verbose_name="recursos"
    )
    approval_note = models.TextField("nota de aprobación", blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("version"), FieldPanel("change_description"),
             FieldPanel("process_type"), FieldPanel("responsible_unit")],
            heading="Identificación del proceso",
        ),
        FieldPanel("objective"),
        FieldPanel("scope"),
        FieldPanel("application_field"),
        FieldPanel("policies"),
        FieldPanel("phva_rows"),
        FieldPanel("general_information"),
        FieldPanel("general_information_note"),
        FieldPanel("resources"),
        FieldPanel("formalization"),
        FieldPanel("approval_note"),
    ]
    api_fields = [
        APIField("code"), APIField("version"), APIField("process_type"),
        APIField("responsible_unit"), APIField("objective"), APIField("scope"),
        APIField("application_field"), APIField("policies"), APIField("phva_rows"),
        APIField("general_information"), APIField("general_information_note"),
        APIField("resources"), APIField("formalization"), APIField("approval_note"),
        APIField("change_control"),
    ]
    search_fields = VersionedPage.search_fields + [
        index.FilterField("process_type"),
        index.FilterField("code"),
    ]
    parent_page_types = ["content.ProcessMapPage"]
    subpage_types = ["content.ProcedurePage"]

    class Meta:
        verbose_name = "caracterización de proceso"
        verbose_name_plural = "caracterizaciones de proceso"

    def search_text_parts(self):
        parts = super().search_text_parts() + [self.responsible_unit, self.application_field]
        parts += [block.value for block in self.policies]
        parts += [block.value["activity"] for block in self.phva_rows]
        return parts

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A list of links: the procedures' steps and annexes (StreamFields) stay unread.
        context["procedures"] = listed(ProcedurePage.objects.child_of(self).live()).only(
            "title", "url_path", "path", "depth", "code", "version")
        context["phases"] = dict(blocks.PHVA_PHASES)
        return context


@register_snippet
class GlossaryTerm(index.Indexed, models.Model):
    """A definition reusable across procedures."""

    term = models.CharField("término", max_length=255, unique=True)
    definition = models.TextField("definición")

    panels = [FieldPanel("term"), FieldPanel("definition")]
    search_fields = [index.SearchField("term"), index.SearchField("definition")]

    class Meta:
        ordering = ["term"]
        verbose_name = "término del glosario"
        verbose_name_plural = "glosario"

    def __str__(self):
        return self.term


class ProcedurePage(VersionedPage):
    """Procedimiento (seeds 001 and 004), a child of its process card."""

    effective_date = models.DateField("fecha de vigencia", null=True, blank=True)
    issuer = models.CharField("entidad que lo expide", max_length=255, blank=True)
    responsible_leaders = models.CharField("responsables líderes", max_length=255, blank=True)
    legal_basis = StreamField(
        [("item", blocks.TextItemBlock())], blank=True, verbose_name="base legal"
    )
    general_conditions = StreamField(
        [("item", blocks.TextItemBlock())], blank=True, verbose_name="condiciones generales"
    )
    policies = StreamField(
        [("policy", blocks.TextItemBlock())], blank=True,
        verbose_name="lineamientos o políticas de operación",
    )
    additional_provisions = StreamField(
        [("paragraph", blocks.TextItemBlock())], blank=True, verbose_name="otras disposiciones"
    )
    steps = StreamField(blocks.StepsBlock(), blank=True, verbose_name="descripción del procedimiento")
    annexes = StreamField(
        [("annex", blocks.AnnexBlock())], blank=True, verbose_name="anexos y documentos relacionados"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("version"), FieldPanel("change_description"),
             FieldPanel("effective_date"), FieldPanel("issuer"), FieldPanel("responsible_leaders")],
            heading="Identificación",
        ),
        FieldPanel("objective"),
        FieldPanel("scope"),
        FieldPanel("legal_basis"),
        InlinePanel("definitions", heading="Definiciones", label="definición"),
        FieldPanel("general_conditions"),
        FieldPanel("policies"),
        FieldPanel("additional_provisions"),
        FieldPanel("steps"),
        FieldPanel("annexes"),
        FieldPanel("formalization"),
    ]
    api_fields = [
        APIField("code"), APIField("version"), APIField("effective_date"), APIField("issuer"),
        APIField("responsible_leaders"), APIField("objective"), APIField("scope"),
        APIField("legal_basis"), APIField("definitions"), APIField("general_conditions"),
        APIField("policies"), APIField("additional_provisions"), APIField("steps"),
        APIField("annexes"), APIField("formalization"), APIField("change_control"),
        # The steps as cases follow them: codes, decisions resolved to step numbers, rules.
        APIField("case_steps"),
    ]
    search_fields = VersionedPage.search_fields + [index.FilterField("code")]
    parent_page_types = ["content.ProcessCardPage"]
    subpage_types = []

    class Meta:
        verbose_name = "procedimiento"
        verbose_name_plural = "procedimientos"

    def search_text_parts(self):
        parts = super().search_text_parts()
        parts += [block.value["description"] for block in self.steps]
        parts += [block.value for block in self.policies]
        parts += [d.term.term + " " + d.term.definition for d in self.definitions.all()]
        return parts

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["definition_list"] = self.definitions.select_related("term")
        return context

    @property
    def procedure_key(self) -> str:
        return self.code or self.slug

    def clean(self):
        """A published procedure keeps its key, and a published version its steps and rules:
        running cases follow them (records.ProcedureVersion)."""
        super().clean()
        from records.models import ProcedureVersion

        stored = ProcedurePage.objects.filter(pk=self.pk).values_list("code", "slug").first()
        if stored:
            old_key = stored[0] or stored[1]
            if old_key != self.procedure_key and ProcedureVersion.objects.filter(key=old_key).exists():
                raise ValidationError({"code" if stored[0] else "slug": (
                    f"Este procedimiento se publicó con la clave «{old_key}» y sus casos la usan: "
                    "no la cambie.")})
        published = ProcedureVersion.objects.filter(key=self.procedure_key, version=self.version).first()
        if published is None:
            return
        try:
            steps = self.steps_snapshot()
        except (KeyError, ValueError):
            return  # the steps field reports its own errors
        if engine_view(steps) != engine_view(published.steps):
            raise ValidationError({"version": (
                f"La versión {self.version} ya está publicada y sus casos siguen sus actividades y "
                "reglas: para cambiarlas, publique una versión nueva.")})

    @property
    def case_steps(self) -> list[dict]:
        return self.steps_snapshot()

    def steps_snapshot(self) -> list[dict]:
        """The steps as the case engine follows them: each with its stable code, its rules
        (records.services.rules) and its decisions with targets resolved to step numbers."""
        steps = [{**block.value, "rules": step_rules(block.value)} for block in self.steps]
        return [
            {
                "number": step["number"],
                "code": step.get("code") or str(step["number"]),
                "description": step["description"],
                "responsible_area": step["responsible_area"],
                "responsible_role": step["responsible_role"],
                "records": list(step["records"]),
                "branches": [
                    {"question": branch["question"],
                     "outcomes": [{"answer": o["answer"],
                                   "next_step": resolve_step(o["next_step"], steps)}
                                  for o in branch["outcomes"]]}
                    for branch in step["branches"]
                ],
                "rules": step["rules"],
                "rule_texts": [rules.describe(rule) for rule in step["rules"]],
                "notes": step.get("notes") or "",
            }
            for step in steps
        ]


def engine_view(steps) -> list:
    """What the case engine reads of a snapshot (codes and texts aside)."""
    return [(step["number"], list(step.get("records", [])),
             [[(o["answer"], o["next_step"]) for o in branch["outcomes"]] for branch in step["branches"]],
             step.get("rules", [])) for step in steps]


class ProcedureDefinition(Orderable):
    page = ParentalKey(ProcedurePage, on_delete=models.CASCADE, related_name="definitions")
    term = models.ForeignKey(GlossaryTerm, on_delete=models.PROTECT, verbose_name="término")

    panels = [FieldPanel("term")]
    api_fields = [APIField("term_name"), APIField("definition")]

    class Meta(Orderable.Meta):
        verbose_name = "definición"
        verbose_name_plural = "definiciones"
        constraints = [
            models.UniqueConstraint(fields=["page", "term"], name="unique_term_per_procedure")
        ]

    @property
    def term_name(self):
        return self.term.term

    @property
    def definition(self):
        return self.term.definition
