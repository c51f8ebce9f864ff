"""Spreadsheet import/export (django-import-export) that respects object permissions.

Exports drop personal-data columns for users without that permission; imports
reject, row by row, anything outside the territories the user may see.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from records.models import (
    Activity,
    Attendee,
    Case,
    Commitment,
    Indicator,
    IndicatorValue,
    Territory,
)
from records.services.permissions import can_see_personal_data, visible


class PermissionAwareResource(resources.ModelResource):
    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def _personal(self):
        return set(getattr(self._meta.model, "PERSONAL_FIELDS", ()))

    def get_export_fields(self, selected_fields=None):
        export_fields = super().get_export_fields(selected_fields)
        if self.user is not None and not can_see_personal_data(self.user):
            export_fields = [f for f in export_fields if f.attribute not in self._personal()]
        return export_fields

    def visible_or_error(self, queryset, value, label):
        if self.user is None:
            return
        if not visible(queryset, self.user).exists():
            # Same words whether it exists elsewhere or not: no existence leak.
            raise ValidationError(f"{label} «{value}» no existe o no tiene permiso sobre él.")


class VisibleForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks up related rows among those the importing user may see."""

    def __init__(self, model, field, label, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(f"Falta {self.label}.")
        user = kwargs.get("user")
        # Files repeat the same parent on every row: look each one up once per import.
        cache = self.__dict__.setdefault("_lookups", {})
        key = (str(value), getattr(user, "pk", None))
        if key not in cache:
            queryset = self.get_queryset(value, row, **kwargs)
            if user is not None:
                queryset = visible(queryset, user)
            cache[key] = queryset.filter(**{self.field: value}).first()
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
    """Default resource of a record type: permission-aware, personal data dropped when due."""
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
        if "id_number" in (dataset.headers or []) and "activity" in dataset.headers:
            seen = {}
            for number, row in enumerate(dataset.dict, start=1):
                key = (str(row.get("activity")), str(row.get("id_number")).strip())
                if key in seen:
                    self._duplicates = getattr(self, "_duplicates", {})
                    self._duplicates[number] = seen[key]
                else:
                    seen[key] = number

    def before_import_row(self, row, **kwargs):
        duplicates = getattr(self, "_duplicates", {})
        number = kwargs.get("row_number")
        if number in duplicates:
            raise ValidationError(
                f"Documento repetido en el archivo: ya aparece en la fila {duplicates[number]}."
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
