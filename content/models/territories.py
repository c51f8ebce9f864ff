"""Certified territories: the public face of the certification route (MM-GSC-P-003)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from content.geo import svg_map
from content.models.base import PortalPage

ROUTE_PROCEDURE_CODE = "MM-GSC-P-003"


class TerritoryIndexPage(PortalPage):
    intro = models.TextField("presentación", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.TerritoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "índice de territorios"
        verbose_name_plural = "índices de territorios"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        territories = TerritoryPage.objects.child_of(self).live().order_by("locality", "title")
        localities = sorted({t.locality for t in territories})
        # Unknown filter values are ignored rather than echoed or erroring.
        locality = request.GET.get("localidad", "")
        locality = locality if locality in localities else ""
        status = request.GET.get("estado", "")
        status = status if status in TerritoryPage.Status.values else ""
        selected = [
            t for t in territories
            if (not locality or t.locality == locality) and (not status or t.status == status)
        ]
        context.update(
            territories=selected,
            localities=localities,
            statuses=TerritoryPage.Status.choices,
            selected_locality=locality,
            selected_status=status,
            map_svg=svg_map(selected),
            tile_url=_tile_url(),
        )
        return context


def _tile_url():
    from django.conf import settings

    return getattr(settings, "MAP_TILE_URL", "")


class TerritoryPage(PortalPage):
    """A neighbourhood on the certification route.

    Only public facts live here: where the territory is on the route and its
    certificate.  Committee members, diagnoses and commitments stay in the
    internal records.
    """

    class Status(models.TextChoices):
        IN_ROUTE = "en_ruta", "En la ruta de certificación"
        CERTIFIED = "certificado", "Certificado como territorio seguro"
        REVOKED = "revocado", "Certificación revocada"

    code = models.CharField("código", max_length=40, unique=True)
    locality = models.CharField("localidad o comuna", max_length=120)
    population = models.PositiveIntegerField("población", null=True, blank=True)
    summary = models.TextField("resumen", blank=True)
    status = models.CharField("estado", max_length=20, choices=Status.choices, default=Status.IN_ROUTE)
    current_step = models.PositiveSmallIntegerField(
        "paso actual de la ruta", default=1,
        help_text="Paso del procedimiento MM-GSC-P-003 (1 a 9) en que está el territorio.",
    )
    geometry = models.JSONField("geometría (GeoJSON)", null=True, blank=True)
    certificate_number = models.CharField("número de certificado", max_length=40, blank=True)
    certificate_date = models.DateField("fecha de certificación", null=True, blank=True)
    certificate_valid_until = models.DateField("vigente hasta", null=True, blank=True)
    revoked_on = models.DateField("fecha de revocatoria", null=True, blank=True)
    revocation_reason = models.TextField("motivo de la revocatoria", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("code"), FieldPanel("locality"), FieldPanel("population"), FieldPanel("summary"),
        FieldPanel("geometry"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("current_step"), FieldPanel("certificate_number"),
             FieldPanel("certificate_date"), FieldPanel("certificate_valid_until"),
             FieldPanel("revoked_on"), FieldPanel("revocation_reason")],
            heading="Ruta de certificación",
        ),
    ]
    api_fields = [
        APIField("code"), APIField("locality"), APIField("population"), APIField("summary"),
        APIField("status"), APIField("current_step"), APIField("geometry"),
        APIField("certificate_number"), APIField("certificate_date"),
        APIField("certificate_valid_until"), APIField("revoked_on"), APIField("revocation_reason"),
    ]
    search_fields = PortalPage.search_fields + [
        index.FilterField("status"), index.FilterField("locality"),
    ]
    parent_page_types = ["content.TerritoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "territorio"
        verbose_name_plural = "territorios"

    def clean(self):
        super().clean()
        errors = {}
        if not 1 <= (self.current_step or 0) <= 9:
            errors["current_step"] = "La ruta tiene nueve pasos: indique un número de 1 a 9."
        if self.status in (self.Status.CERTIFIED, self.Status.REVOKED):
            for name in ("certificate_number", "certificate_date", "certificate_valid_until"):
                if not getattr(self, name):
                    errors[name] = "Obligatorio para un territorio certificado."
        if self.status == self.Status.REVOKED and not self.revocation_reason.strip():
            errors["revocation_reason"] = "Indique el motivo de la revocatoria."
        if self.geometry is not None and self.geometry.get("type") not in (
            "Polygon", "MultiPolygon", "Point"
        ):
            errors["geometry"] = "Use una geometría GeoJSON de tipo Polygon, MultiPolygon o Point."
        if errors:
            raise ValidationError(errors)

    def search_text_parts(self):
        return super().search_text_parts() + [self.locality, self.summary]

    @property
    def is_certified(self):
        return self.status == self.Status.CERTIFIED

    def get_context(self, request, *args, **kwargs):
        from content.models import DocumentPage, ProcedurePage

        context = super().get_context(request, *args, **kwargs)
        procedure = ProcedurePage.objects.live().filter(code=ROUTE_PROCEDURE_CODE).first()
        steps = [block.value for block in procedure.steps] if procedure else []
        context["route"] = [
            {
                "number": step["number"],
                "description": step["description"],
                "done": step["number"] < self.current_step or self.is_certified,
                "current": step["number"] == self.current_step and not self.is_certified,
            }
            for step in steps
        ]
        context["route_procedure"] = procedure
        context["documents"] = DocumentPage.objects.live().filter(territory=self).order_by("-date")
        context["map_svg"] = svg_map([self])
        return context
