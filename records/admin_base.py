"""What every admin door of Convive shares: personal fields and spreadsheets.

``PersonalDataAdminMixin`` keeps personal fields out of reach of users without
the personal-data permission on every path of a model admin: columns, forms,
search, ordering, and the changelist's URL lookups (``?full_name__regex=``),
which would otherwise give them away one character at a time through counts.

``RecordsImportExportAdmin`` makes import and export doors obey the same rules
as the change form: import only for users who may add or change the model and
only for models declared importable, each row checked by the resource
(records.resources), the confirmation bound to the session that previewed the
file, and every dry run and confirmation written to the audit trail.
"""

import logging
import zipfile

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm
from import_export.results import RowResult

from convive.spreadsheet_formats import UnreadableFile
from convive.storage import storage_errors

from records.models import AuditEntry
from records.resources.base import PREVIEW_ROWS, row_problems
from records.services.audit import log_event
from records.services.permissions import hidden_personal_fields, lookup_touches_hidden_field

IMPORT_SESSION_KEY = "convive_import_files"
logger = logging.getLogger(__name__)


def _confirmable(data, model) -> list[str]:
    """What a confirmation must repeat from its preview besides the file name: the format,
    the resource and the list it was previewed in (a preview of attendees confirmed at
    another model's door would run that model's importer on it)."""
    return [str(data.get("format", "")), str(data.get("resource", "") or ""),
            model._meta.label]


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs a screen reader can name (WCAG 4.1.2).

    Django's tabular inline labels its columns with table headers only; each input of each
    row gets an ``aria-label`` with its field's name, the delete box included."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    label = "Eliminar" if name == "DELETE" else str(field.label or name)
                    field.widget.attrs.setdefault("aria-label", label)

        Labelled.__name__ = formset.__name__
        return Labelled


class PersonalDataAdminMixin:
    def hidden_fields(self, request) -> frozenset[str]:
        return hidden_personal_fields(request.user, self.model)

    def _touches_hidden(self, request, lookup: str) -> bool:
        return lookup_touches_hidden_field(request.user, self.model, lookup)

    def lookup_allowed(self, lookup, value, request=None):
        if request is not None and self._touches_hidden(request, lookup):
            return False  # answered as 400 by the changelist, with no count
        return super().lookup_allowed(lookup, value, request)

    def get_list_display(self, request):
        hidden = self.hidden_fields(request)
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request)
                if not self._touches_hidden(request, f.lstrip("^=@"))]

    def get_ordering(self, request):
        ordering = list(super().get_ordering(request) or self.model._meta.ordering or [])
        safe = [f for f in ordering
                if not isinstance(f, str) or not self._touches_hidden(request, f)]
        if len(safe) != len(ordering):
            safe.append("pk")  # a stable order that says nothing about the hidden field
        return safe

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.hidden_fields(request):
            # The model's default order (by name) would rank people for autocompletes,
            # pickers and exports that never pass through get_ordering().
            queryset = queryset.order_by(*self.get_ordering(request))
        return queryset

    def get_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [f for f in super().get_fields(request, obj) if f not in hidden]

    def get_exclude(self, request, obj=None):
        return list(super().get_exclude(request, obj) or []) + sorted(self.hidden_fields(request))


class SpanishExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        # The column's title as the file will carry it («Nombre completo»), not the
        # field's English name.
        return resource().fields[field_name].column_name


class RecordsImportExportAdmin(PersonalDataAdminMixin, ImportExportModelAdmin):
    # Set by each admin whose resource declares the importable columns; models that
    # change only through services (cases, certificates, assignments, files) leave it off.
    importable = False
    # Row errors show their message, never a traceback with server paths.
    import_error_display = ("message",)
    export_form_class = SpanishExportForm

    def has_import_permission(self, request):
        return self.importable and (self.has_add_permission(request)
                                    or self.has_change_permission(request))

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        # The «export selected» action names rows by id: only visible ones can be named.
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_resource_classes(self, request):
        # Bound to the user: the export form lists the columns of a resource it builds
        # without arguments, and must not offer personal columns the file will leave out.
        return [cls.for_user(request.user) for cls in super().get_export_resource_classes(request)]

    def get_import_resource_classes(self, request):
        return [cls.for_user(request.user) for cls in super().get_import_resource_classes(request)]

    def get_export_filename(self, request, queryset, file_format):
        name = slugify(self.model._meta.verbose_name_plural) or self.model._meta.model_name
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, UnreadableFile):
            message = str(error)
        else:
            logger.info("Import file could not be read: %r", error)
            message = ("No se pudo leer el archivo con el formato elegido. Revise que sea un CSV, "
                       "un libro de Excel (.xlsx) o un JSON exportado de esta lista, y que el "
                       "formato elegido corresponda al archivo.")
        form.add_error("import_file", message)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        # A row that became invalid between preview and confirmation undoes the whole file.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    # --- Dry run ---------------------------------------------------------------

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "preview_rows": PREVIEW_ROWS}

    def import_action(self, request, **kwargs):
        try:
            response = super().import_action(request, **kwargs)
        except Exception:
            self._discard_upload(request)
            raise
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if request.method != "POST":
            return response
        if result is not None:
            if result.has_validation_errors() and context.get("form") is not None:
                resource = self.choose_import_resource_class(context["form"], request)(
                    **self.get_import_resource_kwargs(request))
                response.context_data["row_problems"] = row_problems(result, resource)
            upload = request.FILES.get("import_file")
            self._log_import(request, result, dry_run=True,
                             file_name=getattr(upload, "name", ""))
        confirm = context.get("confirm_form")
        if confirm is None:
            # Nothing can confirm an unreadable file or a preview with errors: its copy
            # (names, cédulas) goes now, not with the periodic purge_import_files.
            self._discard_upload(request)
        else:
            kept = list(request.session.get(IMPORT_SESSION_KEY, {}).items())
            for name, _ in kept[:-9]:
                self._discard_tmp_file(name)  # forgotten by the session: unconfirmable
            previewed = dict(kept[-9:])
            previewed[confirm.initial["import_file_name"]] = _confirmable(confirm.initial, self.model)
            request.session[IMPORT_SESSION_KEY] = previewed
        return response

    def _discard_upload(self, request):
        upload = request.FILES.get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        if name:
            self._discard_tmp_file(name)

    def _discard_tmp_file(self, name):
        # Only ever called with a name the library generated for this session's upload,
        # never with one read from the request (that would delete any file it names).
        try:
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()
        except storage_errors() as error:
            logger.warning("Import temp file %s could not be removed: %r", name, error)

    # --- Confirmation ------------------------------------------------------------

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = request.POST.get("import_file_name", "")
        previewed = dict(request.session.get(IMPORT_SESSION_KEY, {}))
        if previewed.get(name) != _confirmable(request.POST, self.model):
            # Only the file this session previewed can be confirmed, once, with the format
            # and resource it was previewed with.
            self.message_user(request, "Esa importación no existe, ya se confirmó o cambió "
                              "desde la vista previa: cargue el archivo de nuevo.", messages.ERROR)
            return HttpResponseRedirect(self._import_url())
        del previewed[name]
        request.session[IMPORT_SESSION_KEY] = previewed
        try:
            return super().process_import(request, **kwargs)
        except (ValueError, TypeError, KeyError, OSError, zipfile.BadZipFile) as error:
            logger.warning("Import confirmation failed to read its file: %r", error)
            self.message_user(request, "No se pudo leer el archivo al confirmar: no se importó "
                              "nada. Cárguelo de nuevo.", messages.ERROR)
            return HttpResponseRedirect(self._import_url())
        finally:
            # Confirmed or failed, this preview is spent (the session forgot it above).
            self._discard_tmp_file(name)

    def process_result(self, result, request):
        self._log_import(request, result, dry_run=False,
                         file_name=request.POST.get("original_file_name", ""))
        if result.has_errors() or result.has_validation_errors():
            self.message_user(request, "No se importó nada: los datos cambiaron desde la vista "
                              "previa y ahora hay filas con errores. Cargue el archivo de nuevo "
                              "para verlas.", messages.ERROR)
            return HttpResponseRedirect(self._import_url())
        return super().process_result(result, request)

    def _import_url(self):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import",
                       current_app=self.admin_site.name)

    def _log_import(self, request, result, *, dry_run, file_name):
        totals = result.totals
        # Existing rows the file read (new rows of a dry run never existed).
        seen = [str(row.object_id) for row in result.rows
                if row.object_id is not None and row.import_type in (
                    RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP)]
        log_event(
            AuditEntry.Action.IMPORT, model=self.model._meta.label, actor=request.user,
            object_repr=f"Importación de {self.model._meta.verbose_name_plural}"[:255],
            changes={
                "ensayo": dry_run, "archivo": file_name[:200], "filas": result.total_rows,
                "nuevas": totals.get(RowResult.IMPORT_TYPE_NEW, 0),
                "actualizadas": totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
                "sin_cambios": totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
                "con_errores": totals.get(RowResult.IMPORT_TYPE_ERROR, 0)
                + totals.get(RowResult.IMPORT_TYPE_INVALID, 0) + len(result.base_errors),
                "ids": seen[:500],
            },
        )

    # --- Export ------------------------------------------------------------------

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A filter value the changelist could not apply (?id=abc): say so, export nothing.
            self.message_user(request, "Un filtro de la dirección no es válido: elija los "
                              "filtros en la lista y vuelva a exportar.", messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}"
                                                "_changelist", current_app=self.admin_site.name))

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        log_event(AuditEntry.Action.EXPORT, model=self.model._meta.label, actor=request.user,
                  object_repr=f"Exportación de {self.model._meta.verbose_name_plural}"[:255],
                  changes={"formato": file_format.get_title(), "filas": queryset.count()})
        return data
