"""Django admin for internal records, with object-level visibility everywhere.

Every list, detail, autocomplete, related-object picker, export and history
view goes through records.services.permissions.visible, so a territorial
manager cannot see another's objects, and an object they may not see is
answered exactly as one that does not exist.
"""

import os

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from convive.storage import private_download
from records import models, resources, workspace
from records.admin_base import (
    LabelledTabularInline,
    PersonalDataAdminMixin,
    RecordsImportExportAdmin,
)
from records.services import cases as engine
from records.services import permissions
from records.services.audit import log
from records.services.permissions import can_see_personal_data, visible

VISIBLE_RELATIONS = {
    models.Territory, models.Case, models.CaseStep, models.Activity,
}


class TerritorialAdmin(RecordsImportExportAdmin):
    """Base admin: querysets, pickers and fields filtered by what the user may see."""

    def get_queryset(self, request):
        return visible(super().get_queryset(request), request.user)

    def get_resource_classes(self, request):
        if self.resource_classes:
            return super().get_resource_classes(request)
        return [resources.resource_for(self.model)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related in VISIBLE_RELATIONS:
            queryset = visible(related._default_manager.all(), request.user)
            if related is models.CaseStep:
                # Each option names its case, territory and step: one query, not one per option.
                queryset = queryset.select_related("case__territory", "case__procedure")
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class WithinReachForm(form):
            def _post_clean(self):
                super()._post_clean()
                # After the form's values are on the instance: the record must stay
                # in one of the user's territories (a blank territory included).
                try:
                    permissions.check_within_reach(user, self.instance)
                except ValidationError as error:
                    self.add_error(None, error)

        WithinReachForm.__name__ = form.__name__
        return WithinReachForm


def _declared_records(user):
    versions = models.ProcedureVersion.objects.filter(
        cases__in=visible(models.Case.objects.filter(status=models.Case.Status.OPEN), user)
    ).distinct()
    for version in versions:
        for step in version.steps:
            yield from step.get("records", [])


class CaseRecordForm(forms.Form):
    """A record of the current step: its type picked from those the step declares."""

    kind = forms.ChoiceField(label="Registro")
    description = forms.CharField(label="Descripción", required=False, widget=forms.Textarea(
        attrs={"rows": 2}), max_length=4000)
    file = forms.FileField(label="Archivo original", required=False)

    def __init__(self, declared, missing, *args, **kwargs):
        super().__init__(*args, **kwargs)
        missing = set(missing)
        # What is still missing first: that is what the step waits for.
        ordered = [k for k in declared if k in missing] + [k for k in declared if k not in missing]
        self.fields["kind"].choices = [(k, k + (" (falta)" if k in missing else "")) for k in ordered]


class ReadOnlyInline(LabelledTabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "higher_is_worse"]
    search_fields = ["code", "name"]


@admin.register(models.Territory)
class TerritoryAdmin(TerritorialAdmin):
    resource_classes = [resources.TerritoryResource]
    importable = True
    list_display = ["code", "name", "locality", "population"]
    list_filter = [("locality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["locality"]


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(TerritorialAdmin):
    resource_classes = [resources.IndicatorValueResource]
    importable = True
    list_display = ["territory", "indicator", "period", "value"]
    list_filter = ["indicator", "period"]
    list_select_related = ["territory", "indicator"]
    autocomplete_fields = ["territory"]


@admin.register(models.TerritoryAssignment)
class TerritoryAssignmentAdmin(TerritorialAdmin):
    list_display = ["territory", "user", "group", "assigned_at"]
    list_select_related = ["territory", "user", "group"]
    autocomplete_fields = ["territory"]

    def has_change_permission(self, request, obj=None):
        return False  # assignments are granted or withdrawn, never edited

    def save_model(self, request, obj, form, change):
        assignment = permissions.assign_territory(
            territory=obj.territory, user=obj.user, group=obj.group, by=request.user
        )
        obj.pk = assignment.pk

    def delete_model(self, request, obj):
        permissions.unassign_territory(territory=obj.territory, user=obj.user, group=obj.group,
                                       by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(models.CommitteeMember)
class CommitteeMemberAdmin(TerritorialAdmin):
    resource_classes = [resources.CommitteeMemberResource]
    importable = True
    list_display = ["full_name", "role", "territory", "id_number", "phone", "active"]
    list_filter = ["active", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["full_name", "id_number", "territory__name"]
    list_select_related = ["territory"]
    autocomplete_fields = ["territory"]


class CaseStepInline(ReadOnlyInline):
    model = models.CaseStep
    fields = ["number", "status", "closed_at", "closed_by"]
    readonly_fields = fields


class CommitmentInline(LabelledTabularInline):
    model = models.Commitment
    extra = 0
    fields = ["description", "institution", "due_date", "status", "justification"]


class MiniAuditInline(LabelledTabularInline):
    model = models.MiniAudit
    extra = 0


class EvaluationInline(admin.StackedInline):
    model = models.Evaluation
    extra = 0


class TransitionInline(ReadOnlyInline):
    model = models.Transition
    fields = ["at", "action", "from_step", "to_step", "by", "note"]
    readonly_fields = fields


@admin.register(models.Case)
class CaseAdmin(TerritorialAdmin):
    list_display = ["number", "title", "kind", "territory", "current_step", "status", "opened_at"]
    list_display_links = ["number", "title"]
    list_filter = ["kind", "status", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "title", "territory__name", "territory__code"]
    list_select_related = ["territory", "procedure"]
    readonly_fields = ["procedure", "current_step", "status", "opened_by", "opened_at"]
    autocomplete_fields = ["territory"]
    inlines = [CaseStepInline, CommitmentInline, MiniAuditInline, EvaluationInline, TransitionInline]
    # Decisions are answered on each case's page, with the answers its procedure names.
    actions = ["close_current_step"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["current_step", "status", "opened_by", "opened_at"]
        return self.readonly_fields + ["kind", "territory"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procedure":
            # New cases open under the current version of each procedure.
            latest = {}
            for version in models.ProcedureVersion.objects.order_by("registered_at", "pk"):
                latest[version.key] = version.pk
            kwargs["queryset"] = models.ProcedureVersion.objects.filter(pk__in=latest.values())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form

        class OpenCaseForm(form):
            def clean(self):
                data = super().clean()
                if data.get("procedure") is None:
                    return data  # the field's own error says what is missing
                try:
                    engine.check_can_open(procedure=data["procedure"], territory=data.get("territory"),
                                          kind=data.get("kind"))
                except ValidationError as error:
                    raise ValidationError(error.messages) from error
                return data

        return OpenCaseForm

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        case = engine.open_case(
            procedure_key=obj.procedure.key, kind=obj.kind, title=obj.title,
            territory=obj.territory, by=request.user,
        )
        obj.pk = case.pk

    def delete_model(self, request, obj):
        engine.delete_case(case=obj, by=request.user)

    # --- The case's own page drives the work --------------------------------------
    # The change form opens with the current step: what it still needs, a button to file
    # each declared record, the decision, and closing. Both forms post to their own URL.

    change_form_template = "admin/records/case/change_form.html"

    def get_urls(self):
        return [
            path("<int:pk>/registrar/", self.admin_site.admin_view(self.add_record_view),
                 name="records_case_add_record"),
            path("<int:pk>/cerrar/", self.admin_site.admin_view(self.close_step_view),
                 name="records_case_close_step"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        case = self.get_object(request, object_id)
        if case is not None:
            work = workspace.case_work(case, request.user)
            extra_context["work"] = work
            extra_context["may_file"] = request.user.has_perm("records.add_caserecord")
            extra_context["may_close"] = self.has_change_permission(request, case)
            if work.current is not None:
                extra_context["record_form"] = CaseRecordForm(work.current.declared,
                                                              work.current.missing)
        return super().change_view(request, object_id, form_url, extra_context)

    def _work_target(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        case = get_object_or_404(self.get_queryset(request), pk=pk)
        url = reverse("admin:records_case_change", args=[case.pk], current_app=self.admin_site.name)
        return case, url + "#trabajo"

    def add_record_view(self, request, pk):
        case, back = self._work_target(request, pk)
        if not request.user.has_perm("records.add_caserecord"):
            raise PermissionDenied
        if not case.is_open:
            self.message_user(request, "El caso no está abierto: no se le agregan registros.",
                              messages.ERROR)
            return redirect(back)
        step = engine.current_step(case)
        form = CaseRecordForm(step.definition.get("records", []), engine.missing_records(step),
                              request.POST, request.FILES)
        if not form.is_valid():
            errors = "; ".join(e for field in form.errors.values() for e in field)
            self.message_user(request, f"No se agregó el registro: {errors}", messages.ERROR)
            return redirect(back)
        try:
            record = engine.add_record(step=step, kind=form.cleaned_data["kind"], by=request.user,
                                       description=form.cleaned_data["description"],
                                       file=form.cleaned_data.get("file"))
        except ValidationError as error:
            self.message_user(request, f"No se agregó el registro: {' '.join(error.messages)}",
                              messages.ERROR)
            return redirect(back)
        self.message_user(request, f"Registro «{record.kind}» agregado a la actividad "
                                   f"{step.number}.", messages.SUCCESS)
        return redirect(back)

    def close_step_view(self, request, pk):
        case, back = self._work_target(request, pk)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        number = request.POST.get("step", "")
        if number != str(case.current_step) or not case.is_open:
            # A form from before someone else moved the case: nothing is closed twice.
            self.message_user(request, "No se cerró nada: el caso ya cambió de actividad desde "
                              "que abrió esta página. Revise la actividad actual.", messages.WARNING)
            return redirect(back)
        answer = request.POST.get("answer") or None
        try:
            case = engine.close_step(case=case, by=request.user, answer=answer,
                                     note=request.POST.get("note", "")[:2000])
        except ValidationError as error:
            self.message_user(request, f"No se cerró la actividad: {' '.join(error.messages)}",
                              messages.ERROR)
            return redirect(back)
        if case.is_open:
            done = f"Actividad {number} cerrada. Ahora: actividad {case.current_step}."
        else:
            done = f"Actividad {number} cerrada: el caso quedó {case.get_status_display().lower()}."
        self.message_user(request, done, messages.SUCCESS)
        return redirect(back)

    @admin.action(description="Cerrar la actividad actual", permissions=["change"])
    def close_current_step(self, request, queryset):
        for case in queryset:
            try:
                engine.close_step(case=case, by=request.user)
                self.message_user(request, f"{case}: actividad cerrada.", messages.SUCCESS)
            except ValidationError as error:
                where = ""
                if case.is_open and engine.current_step(case).definition.get("branches"):
                    where = " Respóndala en la página del caso."
                self.message_user(request, f"{case}: {' '.join(error.messages)}{where}",
                                  messages.ERROR)


@admin.register(models.CaseRecord)
class CaseRecordAdmin(TerritorialAdmin):
    list_display = ["kind", "step", "created_at", "created_by"]
    list_select_related = ["step__case"]
    readonly_fields = ["created_at", "created_by", "public_versions_list"]
    change_form_template = "admin/records/caserecord/change_form.html"

    def get_form(self, request, obj=None, **kwargs):
        # The original has no URL (private storage): a plain file input replaces the
        # default widget, which would try to link it; the change form links the
        # logged download view instead, for those who may see personal data.
        kwargs.setdefault("widgets", {})["file"] = forms.FileInput
        form = super().get_form(request, obj, **kwargs)
        if "kind" in form.base_fields:
            # Picked, not typed: the record types the procedures of the user's open cases
            # declare (the model still checks it against the chosen step).
            names = set(_declared_records(request.user))
            if obj is not None and obj.kind:
                names.add(obj.kind)
            form.base_fields["kind"] = forms.ChoiceField(
                label="Registro", choices=[("", "Elija el registro")] + [(n, n) for n in sorted(names)],
                help_text="Uno de los registros que exige la actividad elegida. En la página del "
                          "caso la lista ya viene filtrada por su actividad actual.")
        return form

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only views would render the file as a link to its (nonexistent) URL.
            fields = [f for f in fields if f != "file"]
        return fields

    @admin.display(description="versiones públicas")
    def public_versions_list(self, obj):
        if not obj or not obj.pk:
            return "—"
        items = [format_html('<a href="{}">{}</a> ({})',
                             reverse("admin:redaction_publicversion_change", args=[v.pk]),
                             v.title, v.get_status_display())
                 for v in obj.public_versions.all()]
        return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items)) or "—"

    def get_urls(self):
        return [
            path("<int:pk>/original/", self.admin_site.admin_view(self.original_view),
                 name="records_caserecord_original"),
        ] + super().get_urls()

    def original_view(self, request, pk):
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        if not record.file:
            raise Http404
        if not can_see_personal_data(request.user):
            raise PermissionDenied  # originals carry personal data: analysts read records only
        response = private_download(record.file, f"registro-{record.pk}-original"
                                    + os.path.splitext(record.file.name)[1])
        # Logged once the file is found: a missing one is a 404, not a download.
        log(models.AuditEntry.Action.FILE_VIEW, record, actor=request.user,
            changes={"archivo": "original"})
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Commitment)
class CommitmentAdmin(TerritorialAdmin):
    resource_classes = [resources.CommitmentResource]
    importable = True
    list_display = ["description", "institution", "due_date", "status", "case"]
    list_filter = ["status"]
    search_fields = ["description", "institution"]
    list_select_related = ["case"]


@admin.register(models.Certificate)
class CertificateAdmin(TerritorialAdmin):
    list_display = ["number", "territory", "issued_on", "valid_until", "revoked_on"]
    list_select_related = ["territory"]
    readonly_fields = ["case", "territory", "number", "issued_on", "valid_until", "issued_by",
                       "revoked_on", "revoked_by"]
    fields = readonly_fields + ["revocation_reason"]

    def has_add_permission(self, request):
        return False  # certificates are issued by closing step 9 of the route

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.revocation_reason.strip() and not obj.is_revoked:
            engine.revoke_certificate(certificate=obj, by=request.user, reason=obj.revocation_reason)


@admin.register(models.TechnicalAssistance)
class TechnicalAssistanceAdmin(TerritorialAdmin):
    change_list_template = "admin/records/technicalassistance/change_list.html"
    list_display = ["entity", "topic", "case_page", "channel", "received_on", "visit_date",
                    "report_due_on", "report_late"]
    list_filter = ["channel", "outside_city"]
    search_fields = ["entity", "topic", "case__number"]
    list_select_related = ["case"]
    readonly_fields = ["case_page"]

    @admin.display(description="caso")
    def case_page(self, obj):
        # The assistance's steps are worked on its case's page (current step, records, closing).
        if obj is None or obj.case_id is None:
            return "—"
        return format_html('<a href="{}#trabajo">{}</a>',
                           reverse("admin:records_case_change", args=[obj.case_id]),
                           obj.case.number)

    @admin.display(description="informe atrasado", boolean=True)
    def report_late(self, obj):
        return obj.report_is_late()

    def changelist_view(self, request, extra_context=None):
        from records.selectors import assistance_monthly_figures

        figures = assistance_monthly_figures(self.get_queryset(request))
        return super().changelist_view(request, {**(extra_context or {}), "monthly_figures": figures})


class AttendeeInline(PersonalDataAdminMixin, LabelledTabularInline):
    model = models.Attendee
    extra = 0


@admin.register(models.Activity)
class ActivityAdmin(TerritorialAdmin):
    resource_classes = [resources.ActivityResource]
    importable = True
    # The code first: attendance spreadsheets name their activity by it.
    list_display = ["code", "title", "kind", "date", "territory"]
    list_display_links = ["code", "title"]
    list_filter = ["kind", ("territory", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "title", "place"]
    list_select_related = ["territory"]
    readonly_fields = ["code"]
    autocomplete_fields = ["territory"]
    inlines = [AttendeeInline]


@admin.register(models.Attendee)
class AttendeeAdmin(TerritorialAdmin):
    resource_classes = [resources.AttendeeResource]
    importable = True
    list_display = ["full_name", "id_number", "organization", "activity"]
    search_fields = ["full_name", "id_number", "organization"]
    list_select_related = ["activity"]


@admin.register(models.ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "title", "registered_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    # The user name, not the link: an entry outlives the account it names.
    fields = ["at", "actor_name", "action", "model", "object_id", "object_repr", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
