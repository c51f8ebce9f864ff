"""'Prepare public version' in the admin: detection, page-by-page review, four-eyes approval.

Visibility follows the record's territory (records.services.permissions), so a
manager sees only the versions of records they may see; originals, previews
and prepared files are served only through these permission-checked views.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from content.models import DocumentPage
from convive.storage import private_download
from redaction import pipeline, services
from redaction.grounds import Category, LegalGround
from redaction.models import PublicVersion
from records.admin_base import PersonalDataAdminMixin
from records.models import AuditEntry, CaseRecord
from records.services.audit import log
from records.services.permissions import can_see_personal_data, visible


# Preview images are drawn at this zoom; review.js divides by it to get PDF points.
PREVIEW_ZOOM = 1.25



# What the reviewer is told when a detector, not a cue or a list, proposed the area.
_DEFAULT_REASON = {
    Category.CEDULA: "número tras «C.C.», «cédula» o «identificado con»",
    Category.OTHER_ID: "número tras «C.E.», «T.I.», «pasaporte» o «PPT»",
    Category.NIT: "NIT con dígito de verificación válido",
    Category.PHONE: "número de celular o fijo con formato colombiano",
    Category.EMAIL: "dirección de correo electrónico",
    Category.ADDRESS: "dirección con nomenclatura urbana o rural",
    Category.PLATE: "placa tras «placa»",
    Category.TERM: "término de la lista del revisor",
}

class StartForm(forms.Form):
    title = forms.CharField(label="Título público", max_length=255)
    kind = forms.ChoiceField(label="Tipo de documento", choices=DocumentPage.Kind.choices)
    document_date = forms.DateField(label="Fecha del documento",
                                    widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    summary = forms.CharField(label="Resumen público", widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Motivo del retiro", widget=forms.Textarea(attrs={"rows": 3}))


def parse_areas(text: str) -> list[dict]:
    """Lines «página; x0; y0; x1; y1; fundamento» (page 1-based, points from the top left)."""
    areas = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        try:
            page, x0, y0, x1, y1 = int(parts[0]), *(float(p.replace(",", ".")) for p in parts[1:5])
            ground = parts[5] if len(parts) > 5 and parts[5] else LegalGround.PUBLIC_SECURITY
        except (ValueError, IndexError) as exc:
            raise ValidationError(
                f"Línea {number} de las áreas adicionales: use «página; x0; y0; x1; y1; "
                "fundamento», por ejemplo «2; 72; 300; 400; 340; seguridad_publica».") from exc
        if page < 1 or x1 <= x0 or y1 <= y0:
            raise ValidationError(f"Línea {number}: el área está vacía o la página no existe.")
        if ground not in LegalGround.values:
            raise ValidationError(f"Línea {number}: fundamento desconocido «{ground}». Use uno de: "
                                  + ", ".join(LegalGround.values) + ".")
        areas.append({"page": page - 1, "rect": [x0, y0, x1, y1], "legal_ground": ground})
    return areas


def format_areas(areas: list[dict]) -> str:
    return "\n".join(f"{a['page'] + 1}; " + "; ".join(f"{v:g}" for v in a["rect"])
                     + f"; {a['legal_ground']}" for a in areas)


@admin.register(PublicVersion)
class PublicVersionAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "record", "prepared_by", "approved_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = ["title", "kind", "document_date", "summary", "status", "record", "page_count",
              "failure", "prepared_by", "prepared_at", "approved_by", "approved_at",
              "withdrawn_by", "withdrawn_at", "withdrawal_reason", "document_page"]
    readonly_fields = fields
    change_form_template = "admin/redaction/publicversion/change_form.html"

    def get_queryset(self, request):
        records = visible(CaseRecord.objects.all(), request.user)
        return super().get_queryset(request).filter(record__in=records.values("pk")) \
            .select_related("record", "prepared_by", "approved_by")

    def has_add_permission(self, request):
        return False  # started from a record: «Preparar versión pública»

    def has_delete_permission(self, request, obj=None):
        return False  # the trail of a publication is kept

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preparar/<int:record>/", view(self.start_view), name="redaction_start"),
            path("<int:pk>/revisar/", view(self.review_view), name="redaction_review"),
            path("<int:pk>/pagina/<int:page>.png", view(self.preview_view),
                 name="redaction_preview"),
            path("<int:pk>/aprobar/", view(self.approve_view), name="redaction_approve"),
            path("<int:pk>/retirar/", view(self.withdraw_view), name="redaction_withdraw"),
            path("<int:pk>/archivo/", view(self.output_view), name="redaction_output"),
        ] + super().get_urls()

    def _version(self, request, pk):
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _redirect(self, version):
        return HttpResponseRedirect(reverse("admin:redaction_publicversion_change",
                                            args=[version.pk]))

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "title": title,
                "opts": self.model._meta, **extra}

    def start_view(self, request, record):
        record = get_object_or_404(visible(CaseRecord.objects.all(), request.user), pk=record)
        if not (request.user.has_perm("redaction.add_publicversion")
                and request.user.has_perm("records.change_caserecord")):
            raise PermissionDenied
        initial = {"title": f"{record.kind} (versión pública)"[:255],
                   "document_date": record.created_at.date(), "summary": record.description}
        form = StartForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                version = services.start(record=record, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(reverse("admin:redaction_review", args=[version.pk]))
        return TemplateResponse(request, "admin/redaction/publicversion/form.html",
                                self._context(request, f"Preparar versión pública: {record}",
                                              form=form, submit="Detectar datos a retirar"))

    def review_view(self, request, pk):
        version = self._version(request, pk)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            keep = {int(i) for i in request.POST.getlist("keep") if i.isdigit()}
            grounds = {int(k.split("-")[1]): v for k, v in request.POST.items()
                       if k.startswith("ground-") and k.split("-")[1].isdigit()}
            try:
                areas = parse_areas(request.POST.get("extra_areas", ""))
                version = services.review(version, by=request.user, keep=keep, grounds=grounds,
                                          extra_terms=request.POST.get("extra_terms", ""),
                                          extra_areas=areas)
                if "apply" in request.POST and version.status == PublicVersion.Status.REVIEW:
                    version = services.request_apply(version, by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                version.refresh_from_db()
                if version.status == PublicVersion.Status.PREPARED:
                    self.message_user(request, "Versión pública preparada y verificada. Otra "
                                      "persona debe aprobar su publicación.", messages.SUCCESS)
                    return self._redirect(version)
                if version.status == PublicVersion.Status.FAILED:
                    self.message_user(request, version.failure, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:redaction_review", args=[version.pk]))
        rows = [{"index": i, "number": i + 1, "page": p["page"] + 1,
                 "category": Category(p["category"]).label, "ground": p["legal_ground"],
                 "reason": p.get("reason") or _DEFAULT_REASON.get(p["category"], ""),
                 "confidence": p.get("confidence"),
                 "confidence_pct": round((p.get("confidence") or 0) * 100),
                 "official": p.get("official", False),
                 "keep": p.get("keep", True)} for i, p in enumerate(version.proposals)]
        pages = range(1, (version.page_count or 0) + 1)
        context = self._context(
            request, f"Revisar versión pública: {version}", version=version, rows=rows,
            pages=pages, grounds=LegalGround.choices, errors=errors, preview_zoom=PREVIEW_ZOOM,
            extra_areas=format_areas(version.extra_areas),
        )
        return TemplateResponse(request, "admin/redaction/publicversion/review.html", context)

    def _file_allowed(self, request, version, *, what):
        """Previews show the original under translucent boxes, and a prepared file is not
        yet approved: both need the right to prepare or approve versions and to see
        personal data, and every view is written to the audit trail."""
        self._check_file_permission(request, version)
        log(AuditEntry.Action.FILE_VIEW, version, actor=request.user, changes={"archivo": what})

    def _check_file_permission(self, request, version):
        user = request.user
        if not ((self.has_change_permission(request, version)
                 or user.has_perm("redaction.approve_publicversion"))
                and can_see_personal_data(user)):
            raise PermissionDenied

    def preview_view(self, request, pk, page):
        version = self._version(request, pk)
        self._file_allowed(request, version, what=f"vista previa, página {page}")
        if version.status not in (PublicVersion.Status.REVIEW, PublicVersion.Status.FAILED,
                                  PublicVersion.Status.PREPARED):
            raise Http404
        if not version.page_count or not 1 <= page <= version.page_count:
            raise Http404
        pdf = services.original_pdf(version)
        image = pipeline.render_previews(pdf, version.kept_areas, zoom=PREVIEW_ZOOM,
                                         pages=[page - 1])[0]
        response = HttpResponse(image, content_type="image/png")
        response["Cache-Control"] = "private, no-store"
        return response

    def approve_view(self, request, pk):
        version = self._version(request, pk)
        if not request.user.has_perm("redaction.approve_publicversion"):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            try:
                services.approve(version, by=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(request, "Publicada en la biblioteca de documentos.",
                                  messages.SUCCESS)
                return self._redirect(version)
        return TemplateResponse(request, "admin/redaction/publicversion/form.html", self._context(
            request, f"Aprobar publicación: {version}", form=None, errors=errors,
            version=version, submit="Aprobar y publicar"))

    def withdraw_view(self, request, pk):
        version = self._version(request, pk)
        if not request.user.has_perm("redaction.approve_publicversion"):
            raise PermissionDenied
        form = WithdrawForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.withdraw(version, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, "Versión pública retirada del portal.", messages.SUCCESS)
                return self._redirect(version)
        return TemplateResponse(request, "admin/redaction/publicversion/form.html", self._context(
            request, f"Retirar del portal: {version}", form=form, submit="Retirar"))

    def output_view(self, request, pk):
        version = self._version(request, pk)
        if not version.output:
            raise Http404
        self._check_file_permission(request, version)
        response = private_download(version.output, f"version-publica-{version.pk}.pdf")
        # Logged once the file is found: a missing one is a 404, not a download.
        log(AuditEntry.Action.FILE_VIEW, version, actor=request.user,
            changes={"archivo": "versión pública preparada"})
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "today": datetime.date.today()}
        return super().change_view(request, object_id, form_url, extra_context)
