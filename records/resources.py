"""Spreadsheet import/export (django-import-export) under the rules of every other door.

An import is a write like any other: each row is looked up among the rows the
user may see, needs the model permission for what it does (add or change),
must leave the record inside the user's territories, and never carries
personal columns the user may not read, nor files, certificates, assignments
or audit entries (those change only through their services).  A file with
any refused row writes nothing.  Exports drop the same personal columns and
neutralise spreadsheet formulas.
"""


from django.contrib.auth import get_permission_codename
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models as db_models
from import_export import fields, resources, widgets

from convive.csvfiles import escape_formula, unescape_formula
from records.models import (
    Activity,
    Attendee,
    Case,
    Commitment,
    CommitteeMember,
    Indicator,
    IndicatorValue,
    Territory,
)
from records.services.permissions import (
    can_see,
    check_within_reach,
    hidden_personal_fields,
    visible,
)


def _model_field(model, attribute):
    if not attribute or "__" in attribute:
        return None
    try:
        return model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None


class PermissionAwareResource(resources.ModelResource):
    """Base of every records resource: what a user may import, preview and export."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        # None only for trusted code (demo loader, benchmarks); the admin always passes one.
        self.user = user

    # --- Columns -------------------------------------------------------------

    def _hidden(self) -> frozenset[str]:
        if self.user is None:
            return frozenset()
        return hidden_personal_fields(self.user, self._meta.model)

    def _shown(self, resource_fields):
        hidden = self._hidden()
        return [f for f in resource_fields
                if f.attribute not in hidden and f.column_name not in hidden]

    def get_import_fields(self):
        # Files are never importable: a path in a cell would point a record at any
        # private file (another unit's attachment, another record's original).
        return [f for f in self._shown(super().get_import_fields())
                if not isinstance(_model_field(self._meta.model, f.attribute), db_models.FileField)]

    def get_user_visible_fields(self):
        return self.get_import_fields()

    def get_export_fields(self, selected_fields=None):
        return self._shown(super().get_export_fields(selected_fields))

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return [escape_formula(value)
                for value in super().export_resource(instance, selected_fields, **kwargs)]

    # --- Import checks ----------------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        headers = dataset.headers or []
        if not headers or any(h in (None, "") for h in headers):
            # Without a header row (a JSON list of lists, an empty object) no column can be
            # matched: one clear error instead of the library failing on every row.
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(ValidationError(
                "El archivo no tiene una fila de encabezados con el nombre de cada columna "
                "(en JSON: una lista de objetos). Exporte la lista para ver el formato.")))
            return result
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = [str(h).strip() for h in (dataset.headers or []) if h is not None]
        hidden = self._hidden()
        columns = {f.column_name for f in self.fields.values() if f.attribute in hidden} | hidden
        personal = [h for h in headers if h in columns]
        if personal:
            raise ValidationError(
                "El archivo trae columnas de datos personales que su rol no puede importar ("
                + ", ".join(personal) + "). Quítelas y vuelva a cargarlo.")
        model = self._meta.model
        files = [h for h in headers
                 if isinstance(_model_field(model, h), db_models.FileField)]
        if files:
            raise ValidationError(
                "Los archivos no se importan desde una hoja de cálculo (" + ", ".join(files)
                + "): adjúntelos en el formulario del registro.")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for key, value in list(row.items()):
            row[key] = unescape_formula(value)

    def get_instance(self, instance_loader, row):
        if "id" in self.get_import_id_fields():
            value = row.get(self.fields["id"].column_name)
            if value not in (None, "") and not str(value).strip().isdigit():
                raise ValidationError(f"El id «{value}» no es válido: debe ser un número entero, "
                                      "o quedar vacío para crear un registro nuevo.")
        try:
            instance = super().get_instance(instance_loader, row)
        except ValidationError as error:
            raise ValidationError(" ".join(error.messages)) from error
        except (ValueError, TypeError, ArithmeticError) as error:
            raise ValidationError(str(error) or "Identificador inválido.") from error
        if instance is not None:
            if self.user is not None and not can_see(self.user, instance):
                # Same words as a missing row: no way to learn what exists elsewhere.
                raise ValidationError(self._missing_message(row))
            return instance
        if "id" in self.get_import_id_fields():
            value = row.get(self.fields["id"].column_name)
            if value not in (None, ""):
                # An id names an existing row; a new one must not choose its own.
                raise ValidationError(self._missing_message(row)
                                      + " Deje «id» vacío para crear un registro nuevo.")
        return None

    def _missing_message(self, row):
        keys = ", ".join(f"{self.fields[name].column_name} «{row.get(self.fields[name].column_name)}»"
                         for name in self.get_import_id_fields())
        return f"El registro con {keys} no existe o no tiene permiso sobre él."

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if self.user is None:
            return
        opts = self._meta.model._meta
        action = "add" if new else "change"
        if not self.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}"):
            verb = "crear" if new else "modificar"
            raise ValidationError(f"Su rol no puede {verb} {opts.verbose_name_plural}.")

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        check_within_reach(self.user, instance)


class VisibleForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks up related rows among those the importing user may see."""

    def __init__(self, model, field, label, *, allow_blank=False, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.label = label
        self.allow_blank = allow_blank

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.allow_blank:
                return None  # whether the user may leave it blank is check_within_reach's call
            raise ValueError(f"Falta {self.label.lower()}.")
        user = kwargs.get("user")
        # Files repeat the same parent on every row: look each one up once per import.
        cache = self.__dict__.setdefault("_lookups", {})
        key = (str(value), getattr(user, "pk", None))
        if key not in cache:
            queryset = self.get_queryset(value, row, **kwargs)
            if user is not None:
                queryset = visible(queryset, user)
            try:
                cache[key] = queryset.filter(**{self.field: value}).first()
            except (ValueError, TypeError, ValidationError):
                cache[key] = None  # «ABC» where a number is expected
        if cache[key] is None:
            raise ValueError(f"{self.label} «{value}» no existe o no tiene permiso sobre él.")
        return cache[key]


class SpanishDateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__("%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(f"Fecha inválida «{value}»: use el formato AAAA-MM-DD.")


def resource_for(model):
    """Default resource of a record type, for export: personal data dropped when due."""
    return resources.modelresource_factory(model, resource_class=PermissionAwareResource)


class TerritoryResource(PermissionAwareResource):
    locality = fields.Field(attribute="locality", column_name="locality",
                            widget=widgets.ForeignKeyWidget("records.Locality", field="code"))

    class Meta:
        model = Territory
        import_id_fields = ["code"]
        fields = ["code", "name", "locality", "population", "geometry"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class IndicatorValueResource(PermissionAwareResource):
    territory = fields.Field(attribute="territory", column_name="territory",
                             widget=VisibleForeignKeyWidget(Territory, "code", "El territorio"))
    indicator = fields.Field(attribute="indicator", column_name="indicator",
                             widget=widgets.ForeignKeyWidget(Indicator, field="code"))
    period = fields.Field(attribute="period", column_name="period", widget=SpanishDateWidget())

    class Meta:
        model = IndicatorValue
        import_id_fields = ["territory", "indicator", "period"]
        fields = ["territory", "indicator", "period", "value"]
        skip_unchanged = True
        clean_model_instances = True


class CommitteeMemberResource(PermissionAwareResource):
    territory = fields.Field(attribute="territory", column_name="territory",
                             widget=VisibleForeignKeyWidget(Territory, "code", "El territorio"))

    class Meta:
        model = CommitteeMember
        fields = ["id", "territory", "full_name", "id_number", "phone", "email", "address",
                  "role", "active"]
        skip_unchanged = True
        clean_model_instances = True


class ActivityResource(PermissionAwareResource):
    # City-wide activities have no territory; only those who see all may file them.
    territory = fields.Field(attribute="territory", column_name="territory",
                             widget=VisibleForeignKeyWidget(Territory, "code", "El territorio",
                                                            allow_blank=True))
    date = fields.Field(attribute="date", column_name="date", widget=SpanishDateWidget())

    class Meta:
        model = Activity
        fields = ["id", "kind", "title", "date", "territory", "place", "description"]
        skip_unchanged = True
        clean_model_instances = True


class AttendeeResource(PermissionAwareResource):
    activity = fields.Field(attribute="activity", column_name="activity",
                            widget=VisibleForeignKeyWidget(Activity, "pk", "La actividad"))

    class Meta:
        model = Attendee
        import_id_fields = ["activity", "id_number"]
        fields = ["activity", "full_name", "id_number", "phone", "email", "organization"]
        skip_unchanged = True
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A duplicated ID in the file is an error of the file, not an update.
        self._duplicates = {}
        if "id_number" in (dataset.headers or []) and "activity" in dataset.headers:
            seen = {}
            for number, row in enumerate(dataset.dict, start=1):
                key = (str(row.get("activity")), str(row.get("id_number")).strip())
                if key in seen:
                    self._duplicates[number] = seen[key]
                else:
                    seen[key] = number

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        number = kwargs.get("row_number")
        if number in getattr(self, "_duplicates", {}):
            raise ValidationError(
                f"Documento repetido en el archivo: ya aparece en la fila {self._duplicates[number]}."
            )


class CommitmentResource(PermissionAwareResource):
    case = fields.Field(attribute="case", column_name="case",
                        widget=VisibleForeignKeyWidget(Case, "pk", "El caso"))
    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=SpanishDateWidget())

    class Meta:
        model = Commitment
        fields = ["id", "case", "description", "institution", "due_date", "status", "justification"]
        skip_unchanged = True
        clean_model_instances = True
