"""Admin for citizen services: the PQRSD queue, units, terms and enrolment requests.

Each unit sees only its own petitions (citizens.services.permissions); steps are
taken through small forms that call citizens.services, never by editing fields.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from citizens import admin_forms
from citizens.forms import add_service_errors
from citizens.models import (
    EnrolmentRequest,
    Notice,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    ResponseTerm,
    Unit,
)
from citizens.services import enrolment, notices, pqrsd
from convive.storage import private_download
from citizens.services.permissions import can_see_petitioner, visible_petitions, visible_units
from records.admin_base import LabelledTabularInline, PersonalDataAdminMixin
from records.models import AuditEntry
from records.services.audit import log
from records.services.permissions import can_see_personal_data


class UrgencyFilter(admin.SimpleListFilter):
    title = "vencimiento"
    parameter_name = "vencimiento"

    def lookups(self, request, model_admin):
        return [("vencida", "Vencidas"), ("por_vencer", "Vencen en 3 días hábiles o menos"),
                ("abiertas", "Abiertas")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return pqrsd.by_urgency(queryset, value, today=timezone.localdate())


class EventInline(LabelledTabularInline):
    model = PetitionEvent
    extra = 0
    can_delete = False
    fields = ["at", "status", "note", "by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(LabelledTabularInline):
    model = PetitionAttachment
    extra = 0
    can_delete = False
    fields = ["download", "content_type", "size"]
    readonly_fields = fields

    @admin.display(description="archivo")
    def download(self, obj):
        url = reverse("admin:citizens_petition_attachment", args=[obj.petition_id, obj.pk])
        return format_html('<a href="{}">Descargar anexo {}</a>', url, obj.pk)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoticeInline(LabelledTabularInline):
    """Whether each notice to the petitioner went out: legal acts (extension, answer)
    must reach them, so one still waiting shows here with the reason."""

    model = Notice
    extra = 0
    can_delete = False
    # Three columns that wrap: six did not fit a phone, and the table scrolled sideways
    # where a keyboard could not reach it.
    fields = ["subject", "state", "sent_at"]
    readonly_fields = fields
    verbose_name_plural = "avisos por correo al peticionario"

    @admin.display(description="estado")
    def state(self, obj):
        if obj.status == Notice.Status.SENT:
            return obj.get_status_display()
        next_try = (f" · próximo intento: {timezone.localtime(obj.next_attempt_at):%d/%m/%Y %H:%M}"
                    if obj.next_attempt_at else "")
        return (f"{obj.get_status_display()} · {obj.attempts} intentos · "
                f"{obj.last_error or 'sin error registrado'}{next_try}")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


STEPS = {
    # name: (label, form, service call)
    "asignar": ("Asignar a una dependencia", admin_forms.AssignForm,
                lambda p, d, u: pqrsd.assign(p, unit=d["unit"], by=u)),
    "iniciar": ("Iniciar trámite", admin_forms.StartForm,
                lambda p, d, u: pqrsd.start(p, by=u)),
    "prorrogar": ("Prorrogar", admin_forms.ExtendForm,
                  lambda p, d, u: pqrsd.extend(p, until=d["until"], reason=d["reason"], by=u)),
    "trasladar": ("Trasladar por competencia", admin_forms.TransferForm,
                  lambda p, d, u: pqrsd.transfer(p, entity=d["entity"], reason=d["reason"],
                                                 by=u)),
    "responder": ("Responder", admin_forms.AnswerForm,
                  lambda p, d, u: pqrsd.answer(p, text=d["text"], document=d["document"],
                                               refusal=d["refusal"], by=u)),
    "cerrar": ("Cerrar", admin_forms.CloseForm, lambda p, d, u: pqrsd.close(p, by=u)),
}


@admin.register(Petition)
class PetitionAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["radicado", "petition_type", "subject", "status", "unit", "due",
                    "channel"]
    list_filter = ["petition_type", "status", UrgencyFilter, "unit", "channel"]
    search_fields = ["radicado", "subject"]
    ordering = ["due_date", "radicado"]
    list_per_page = 50
    inlines = [AttachmentInline, EventInline, NoticeInline]
    change_form_template = "admin/citizens/petition/change_form.html"
    BASE_FIELDS = ["radicado", "petition_type", "channel", "status", "unit", "filed_at",
                   "term_days", "due_date", "extended_until", "transfer_due", "transferred_to",
                   "subject", "description", "answer", "answered_on", "answer_business_days",
                   "refusal", "closed_at"]
    PERSONAL = ["anonymous", "name", "id_type", "id_number", "email", "phone", "address",
                "reply_channel", "consent_at"]

    def get_queryset(self, request):
        return visible_petitions(request.user, super().get_queryset(request)).select_related(
            "unit")

    def get_fields(self, request, obj=None):
        return self.BASE_FIELDS + (self.PERSONAL if can_see_petitioner(request.user) else [])

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False  # filed only through the portal form or the API, which number them

    def has_delete_permission(self, request, obj=None):
        return False  # a petition is a public record of the entity's duty to answer

    @admin.display(description="vence", ordering="due_date")
    def due(self, obj):
        state = pqrsd.urgency(obj)
        date = f"{obj.effective_due_date:%d/%m/%Y}"
        if state == "vencida":
            return format_html('<strong class="pqrsd-overdue">⚠ Vencida · {}</strong>', date)
        if state == "por_vencer":
            return format_html('<strong class="pqrsd-due-soon">Por vencer · {}</strong>', date)
        return date

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = visible_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path("radicar/", self.admin_site.admin_view(self.file_view),
                 name="citizens_petition_file"),
            path("<int:pk>/tramite/<slug:step>/", self.admin_site.admin_view(self.step_view),
                 name="citizens_petition_step"),
            path("<int:pk>/anexo/<int:attachment>/",
                 self.admin_site.admin_view(self.attachment_view),
                 name="citizens_petition_attachment"),
            path("<int:pk>/respuesta/", self.admin_site.admin_view(self.answer_document_view),
                 name="citizens_petition_answer_document"),
        ] + super().get_urls()

    def _petition(self, request, pk):
        # Another unit's petition answers exactly like a missing one.
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        petition = self.get_object(request, object_id)
        now = pqrsd.situation(petition) if petition is not None else None
        # The steps the law allows now come first, as buttons; the page says which and why.
        extra_context = {**(extra_context or {}), "situation": now, "petition_steps": [
            (name, STEPS[name][0]) for name in (now.next_steps if now else [])
            if name != "asignar" or request.user.has_perm("citizens.view_all_petitions")
        ]}
        return super().change_view(request, object_id, form_url, extra_context)

    def file_view(self, request):
        """File a petition received in person, by phone or by post (same rules as the portal)."""
        if not request.user.has_perm("citizens.add_petition"):
            raise PermissionDenied
        form = admin_forms.StaffFilingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                petition, code = pqrsd.file_petition(
                    fields=fields, consent=form.cleaned_data["consent"],
                    channel=form.cleaned_data["channel"])
                units = list(visible_units(request.user)[:2])
                if not request.user.has_perm("citizens.view_all_petitions") and len(units) == 1:
                    # A unit's reception desk keeps what it files; Coordinación distributes.
                    pqrsd.assign(petition, unit=units[0], by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.message_user(request, (
                    f"Radicada {petition.radicado}, vence el {petition.due_date:%d/%m/%Y}. "
                    f"Entregue al ciudadano el código de consulta {code}: no se guarda y no "
                    "podrá verse de nuevo."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:citizens_petition_change", args=[petition.pk]))
        context = {**self.admin_site.each_context(request), "title": "Radicar PQRSD recibida",
                   "form": form, "opts": self.model._meta, "step_label": "Radicar"}
        return TemplateResponse(request, "admin/citizens/petition/step.html", context)

    def step_view(self, request, pk, step):
        if step not in STEPS:
            raise Http404
        petition = self._petition(request, pk)
        if not self.has_change_permission(request, petition):
            raise PermissionDenied
        if step == "asignar" and not request.user.has_perm("citizens.view_all_petitions"):
            raise PermissionDenied  # only Coordinación distributes
        label, form_class, call = STEPS[step]
        bound = request.method == "POST"
        form = form_class(request.POST if bound else None, request.FILES if bound else None)
        if step == "asignar":
            form.fields["unit"].queryset = visible_units(request.user)
        if request.method == "POST" and form.is_valid():
            try:
                call(petition, form.cleaned_data, request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.message_user(request, f"{petition.radicado}: {label.lower()} — hecho.",
                                  messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:citizens_petition_change", args=[petition.pk]))
        context = {**self.admin_site.each_context(request), "title": f"{label}: {petition}",
                   "form": form, "petition": petition, "opts": self.model._meta,
                   "step_label": label}
        return TemplateResponse(request, "admin/citizens/petition/step.html", context)

    def _file_allowed(self, request, petition):
        # Files are the petitioner's own words and papers: the unit's right to see
        # the petition and its petitioner, and a line in the audit trail, every time.
        if not (request.user.has_perm("citizens.view_petitionattachment")
                and can_see_petitioner(request.user)):
            raise PermissionDenied

    def attachment_view(self, request, pk, attachment):
        petition = self._petition(request, pk)
        self._file_allowed(request, petition)
        item = get_object_or_404(petition.attachments, pk=attachment)
        response = private_download(item.file, f"{petition.radicado}-anexo-{item.pk}"
                                    + item.file.name[item.file.name.rfind("."):])
        # Logged once the file is found: a missing one is a 404, not a download.
        log(AuditEntry.Action.FILE_VIEW, petition, actor=request.user,
            changes={"archivo": f"anexo {item.pk}"})
        return response

    def answer_document_view(self, request, pk):
        petition = self._petition(request, pk)
        self._file_allowed(request, petition)
        if not petition.answer_document:
            raise Http404
        name = petition.answer_document.name
        response = private_download(petition.answer_document,
                                    f"{petition.radicado}-respuesta{name[name.rfind('.'):]}")
        log(AuditEntry.Action.FILE_VIEW, petition, actor=request.user,
            changes={"archivo": "respuesta"})
        return response


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return visible_units(request.user)


@admin.register(ResponseTerm)
class ResponseTermAdmin(admin.ModelAdmin):
    list_display = ["petition_type", "business_days", "legal_basis"]
    list_editable = ["business_days", "legal_basis"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnrolmentRequest)
class EnrolmentRequestAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["number", "neighbourhood", "locality", "organisation", "status",
                    "submitted_at"]
    list_filter = ["status", "locality"]
    search_fields = ["number", "neighbourhood", "organisation"]
    change_form_template = "admin/citizens/enrolmentrequest/change_form.html"
    BASE_FIELDS = ["number", "submitted_at", "organisation", "neighbourhood", "locality",
                   "reason", "status", "decision_reason", "decided_at", "decided_by",
                   "territory", "case"]
    PERSONAL = ["contact_name", "email", "phone", "consent_at"]

    def get_fields(self, request, obj=None):
        return self.BASE_FIELDS + (self.PERSONAL if can_see_personal_data(request.user) else [])

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/decidir/<slug:decision>/", self.admin_site.admin_view(self.decide_view),
                 name="citizens_enrolment_decide"),
        ] + super().get_urls()

    def decide_view(self, request, pk, decision):
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        if decision not in ("aceptar", "rechazar"):
            raise Http404
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        form_class = (admin_forms.AcceptEnrolmentForm if decision == "aceptar"
                      else admin_forms.DeclineEnrolmentForm)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                if decision == "aceptar":
                    enrolment.accept(item, by=request.user, reason=form.cleaned_data["reason"])
                else:
                    enrolment.decline(item, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                self.message_user(request, f"Solicitud {item.number}: decisión registrada.",
                                  messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:citizens_enrolmentrequest_change", args=[item.pk]))
        label = "Aceptar y abrir caso de certificación" if decision == "aceptar" else "No aceptar"
        context = {**self.admin_site.each_context(request), "title": f"{label}: {item}",
                   "form": form, "petition": item, "opts": self.model._meta, "step_label": label}
        return TemplateResponse(request, "admin/citizens/petition/step.html", context)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """The outbox: what has not reached a petitioner yet, and why. Read-only; the one
    action queues an attempt now (after the mail server is fixed, say)."""

    list_display = ["petition", "subject", "status", "attempts", "last_error", "next_attempt_at",
                    "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["petition__radicado"]
    list_select_related = ["petition"]
    actions = ["retry_now"]
    BASE_FIELDS = ["petition", "subject", "status", "attempts", "last_error", "next_attempt_at",
                   "created_at", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            petition__in=visible_petitions(request.user).values("pk"))

    def get_fields(self, request, obj=None):
        personal = ["recipient", "text"] if can_see_petitioner(request.user) else []
        return self.BASE_FIELDS + personal

    # Filters a URL may ask for. Django's admin accepts a lookup on any field of the model,
    # and the count it answers («1 aviso») is an oracle: ?secret__startswith=Z, then ZA…
    # spelled out a tracking code waiting to be sent. Nothing else is filterable here.
    FILTERABLE = {"status", "attempts", "created_at", "sent_at", "next_attempt_at"}

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split("__")[0] not in self.FILTERABLE:
            return False  # answered as 400, with no count
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="texto")
    def text(self, obj):
        return obj.stored_body()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a legal act

    @admin.action(description="Intentar el envío ahora", permissions=["change"])
    def retry_now(self, request, queryset):
        count = notices.retry_now(queryset)
        self.message_user(request, f"{count} avisos en cola para enviarse ahora.",
                          messages.SUCCESS)
