"""Spreadsheet import/export (django-import-export) under the rules of every other door.

An import is a write like any other: each row is looked up among the rows the
user may see, needs the model permission for what it does (add or change),
must leave the record inside the user's territories, and never carries
personal columns the user may not read, nor files, certificates, assignments
or audit entries (those change only through their services).  A file with
any refused row writes nothing.  Exports drop the same personal columns and
neutralise spreadsheet formulas.

Files speak Spanish: column titles are the fields' names as the forms show
them, related rows are named by their codes (territory, activity, case), not
database ids, and choices by their labels.  The English field names of older
files are still read.

Large files run at the speed of the database: existing rows, parents and
territory checks are resolved once per file, not once per row; resources that
declare ``use_bulk`` insert in batches and write their audit entries in batches.
"""

import contextlib
import copy
import gc
from dataclasses import dataclass

from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models as db_models
from import_export import resources
from import_export.widgets import ManyToManyWidget

from convive.csvfiles import escape_formula, unescape_formula
from records.resources import widgets
from records.services.audit import changes_of, log_batch, snapshot
from records.services.permissions import (
    check_within_reach,
    hidden_personal_fields,
    territory_of,
    visible,
)

# How a spreadsheet names a related row: the field holding its code, and that field's name.
NATURAL_KEYS = {
    "records.territory": ("code", "código"),
    "records.locality": ("code", "código"),
    "records.indicator": ("code", "código"),
    "records.activity": ("code", "código"),
    "records.case": ("number", "número"),
    "records.certificate": ("number", "número"),
}
# Related rows looked up only among those the importing user may see.
TERRITORIAL = {"records.territory", "records.activity", "records.case"}
_IN_BATCH = 900  # below SQLite's limit of variables per statement
PREVIEW_ROWS = 100  # rows of a preview shown with their values


def _model_field(model, attribute):
    if not attribute or "__" in attribute:
        return None
    try:
        return model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return None


@contextlib.contextmanager
def _long_lived_objects_set_aside():
    """Keep full garbage collections from rescanning the whole process during an import.

    A worker holds some 350,000 long-lived objects (Django, Wagtail, their caches); a
    large file allocates enough to trigger a full collection that walks all of them
    (0.16 s of a 1 s import of 10,000 rows).  Frozen objects are only set aside, not
    kept: they return to the collector afterwards, and the import's own objects are
    collected as usual.  A process that froze its own objects (a pre-fork server) is
    left as it was."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _capital(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _natural_key(model):
    if model is get_user_model():
        return ("username", "usuario")
    return NATURAL_KEYS.get(model._meta.label_lower)


class _Described(widgets.TextWidget):
    """A relation with no code of its own (export only): written as its description."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def widget_for(model_field):
    """The Spanish widget of a model field (None keeps the library's)."""
    label = _capital(model_field.verbose_name)
    if model_field.is_relation and model_field.many_to_one:
        key = _natural_key(model_field.related_model)
        if key is None:
            return _Described()
        return widgets.CodeForeignKeyWidget(
            model_field.related_model, key[0], label,
            visible=model_field.related_model._meta.label_lower in TERRITORIAL,
            allow_blank=model_field.null)
    if model_field.choices:
        return widgets.ChoiceWidget(model_field.choices, label, allow_blank=model_field.blank)
    if isinstance(model_field, db_models.BooleanField):
        return widgets.YesNoWidget(label)
    if isinstance(model_field, db_models.DateTimeField):
        return None
    if isinstance(model_field, db_models.DateField):
        return widgets.DateWidget(label, allow_blank=model_field.null)
    if isinstance(model_field, db_models.DecimalField):
        return widgets.NumberWidget(label, allow_blank=model_field.null)
    if isinstance(model_field, (db_models.IntegerField,)) and not model_field.primary_key:
        return widgets.NumberWidget(label, integer=True, allow_blank=model_field.null)
    if isinstance(model_field, (db_models.CharField, db_models.TextField)):
        return widgets.TextWidget()
    return None


def column_title(model_field, name) -> str:
    if model_field is None:
        return name
    if model_field.primary_key:
        return "ID"
    title = _capital(model_field.verbose_name)
    if model_field.is_relation and model_field.many_to_one:
        key = _natural_key(model_field.related_model)
        if key is not None:
            title = f"{title} ({key[1]})"
    return title


class PermissionAwareResource(resources.ModelResource):
    """Base of every records resource: what a user may import, preview and export."""

    # Set on a subclass bound to a request's user (see ``for_user``): the admin's export
    # form instantiates resource classes without arguments.
    bound_user = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        # None only for trusted code (demo loader, benchmarks); the admin always passes one.
        self.user = user if user is not None else self.bound_user
        # Options of this instance only: the preview draws differences for its first rows.
        self._meta = copy.copy(self._meta)
        self._spanish_fields()
        self._may = {}
        self._existing = {}
        self._row_keys = {}
        self._duplicates = {}
        self._within_reach = set()

    @classmethod
    def for_user(cls, user):
        return type(cls.__name__, (cls,), {"bound_user": user, "__module__": cls.__module__})

    def _spanish_fields(self):
        model = self._meta.model
        self._aliases = {}
        for name, field in self.fields.items():
            model_field = _model_field(model, field.attribute)
            if field.column_name == name:
                field.column_name = column_title(model_field, name)
            if model_field is not None and not isinstance(field.widget, (
                    widgets.CodeForeignKeyWidget, widgets.ChoiceWidget, widgets.YesNoWidget,
                    widgets.DateWidget, widgets.NumberWidget, widgets.TextWidget)):
                widget = widget_for(model_field)
                if widget is not None:
                    field.widget = widget
                    # The library reads a relation's raw id ("territory_id"); the code
                    # widget reads and writes the related row itself.
                    field.attribute = model_field.name
            names = {field.column_name, name, field.attribute or name}
            if model_field is not None:
                names |= {model_field.verbose_name, model_field.attname}
            for alias in names:
                self._aliases.setdefault(widgets.normalise(alias), field.column_name)

    # --- Columns -------------------------------------------------------------

    def _hidden(self) -> frozenset[str]:
        if self.user is None:
            return frozenset()
        # Asked for every row by the library: the user's permissions do not change mid-file.
        if getattr(self, "_hidden_fields", None) is None:
            self._hidden_fields = hidden_personal_fields(self.user, self._meta.model)
        return self._hidden_fields

    def _shown(self, resource_fields):
        hidden = self._hidden()
        return [f for f in resource_fields
                if f.attribute not in hidden and f.column_name not in hidden]

    def get_import_fields(self):
        # Asked for every row by the library; the answer depends only on the user.
        if getattr(self, "_import_fields", None) is None:
            # Files are never importable: a path in a cell would point a record at any
            # private file (another unit's attachment, another record's original).
            self._import_fields = [
                f for f in self._shown(super().get_import_fields())
                if not isinstance(_model_field(self._meta.model, f.attribute), db_models.FileField)]
        return self._import_fields

    def get_user_visible_fields(self):
        return self.get_import_fields()

    def get_export_fields(self, selected_fields=None):
        return self._shown(super().get_export_fields(selected_fields))

    def get_export_order(self):
        hidden = self._hidden()
        return [name for name in super().get_export_order()
                if name not in hidden and self.fields[name].attribute not in hidden]

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return [escape_formula(value)
                for value in super().export_resource(instance, selected_fields, **kwargs)]

    # --- The file as a whole -------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        problem = self._file_problem(dataset)
        if problem:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(ValidationError(problem)))
            return result
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()  # the same resource may read the file twice
        self._within_reach = set()
        rows = dataset.dict  # built anew on each access: read once
        self._duplicates = self._repeated_keys(rows)
        self._row_keys = self._keys_by_row(dataset.headers, rows)
        self._existing = self._load_existing({k for k in self._row_keys.values() if k is not None})
        with _long_lived_objects_set_aside():
            return super().import_data(dataset, *args, **kwargs)

    def _file_problem(self, dataset):
        """Spanish words for a file that cannot be read row by row, or None.

        Headers are matched loosely (case, accents, spacing, the English field names of
        older files) and rewritten to this resource's titles."""
        headers = list(dataset.headers or [])
        if not headers or any(h is None or not str(h).strip() for h in headers):
            # Without a header row (a JSON list of lists, an empty object) no column can be
            # matched: one clear error instead of the library failing on every row.
            return ("El archivo no tiene una fila de encabezados con el nombre de cada columna "
                    "(en JSON: una lista de objetos). Exporte la lista para ver el formato.")
        mapped = [self._aliases.get(widgets.normalise(h), str(h).strip()) for h in headers]
        repeated = sorted({h for h in mapped if mapped.count(h) > 1})
        if repeated:
            return "Estas columnas aparecen dos veces: " + ", ".join(f"«{h}»" for h in repeated) + "."
        dataset.headers = mapped
        plural = self._meta.model._meta.verbose_name_plural
        hidden = self._hidden()
        personal = [h for h in mapped if any(
            f.column_name == h and (f.attribute in hidden or name in hidden)
            for name, f in self.fields.items())]
        if personal:
            return ("El archivo trae columnas de datos personales que su rol no puede importar ("
                    + ", ".join(personal) + "). Quítelas y vuelva a cargarlo.")
        model = self._meta.model
        files = [h for h in mapped if any(
            f.column_name == h and isinstance(_model_field(model, f.attribute), db_models.FileField)
            for f in self.fields.values())]
        if files:
            return ("Los archivos no se importan desde una hoja de cálculo (" + ", ".join(files)
                    + "): adjúntelos en el formulario del registro.")
        known = {f.column_name for f in self.get_import_fields()}
        unknown = [h for h in mapped if h not in known]
        expected = ", ".join(f"«{f.column_name}»" for f in self.get_import_fields())
        if unknown:
            return (f"Este archivo no corresponde a {plural}: las columnas "
                    + ", ".join(f"«{h}»" for h in unknown) + f" no existen aquí. "
                    f"Las columnas de {plural} son: {expected}. Exporte la lista para ver el formato.")
        missing = [self.fields[n].column_name for n in self.get_import_id_fields()
                   if n != "id" and self.fields[n].column_name not in mapped]
        if missing:
            return (f"Faltan columnas que identifican cada fila de {plural}: "
                    + ", ".join(f"«{h}»" for h in missing) + f". Las columnas son: {expected}.")
        return None

    def _raw_key(self, row):
        parts = []
        for name in self.get_import_id_fields():
            value = row.get(self.fields[name].column_name)
            if value is None or not str(value).strip():
                return None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            parts.append(str(value).strip().upper())
        return tuple(parts)

    def _repeated_keys(self, rows):
        """Rows naming the same record as an earlier row: an error of the file, not an update."""
        seen, repeated = {}, {}
        for number, row in enumerate(rows, start=1):
            key = self._raw_key(row)
            if key is None:
                continue
            if key in seen:
                repeated[number] = seen[key]
            else:
                seen[key] = number
        return repeated

    # --- Existing rows, once per file ------------------------------------------

    def _key_value(self, name, value):
        model_field = _model_field(self._meta.model, self.fields[name].attribute)
        if isinstance(value, db_models.Model):
            return value.pk
        if model_field is not None and (model_field.primary_key or model_field.is_relation):
            return int(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value).strip()

    def _attname(self, name):
        model_field = _model_field(self._meta.model, self.fields[name].attribute)
        return model_field.attname if model_field is not None else self.fields[name].attribute

    def _cleaned_key(self, row):
        """The import key of ``row`` as stored values, or None if a part cannot be read."""
        parts = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            value = row.get(field.column_name)
            if value is None or not str(value).strip():
                return None
            if name == "id":
                text = str(int(value)) if isinstance(value, float) else str(value).strip()
                if not text.isdigit():
                    return None
                parts.append(int(text))
                continue
            try:
                parts.append(self._key_value(name, field.clean(row, user=self.user)))
            except (ValueError, ValidationError, TypeError, KeyError):
                return None
        return tuple(parts)

    def _keys_by_row(self, headers, rows):
        """Each row's import key by row number (as the library numbers rows), read once."""
        names = list(self.get_import_id_fields())
        if any(self.fields[n].column_name not in (headers or []) for n in names):
            return {}
        columns = [self.fields[n].column_name for n in names]
        return {number: self._cleaned_key({c: unescape_formula(row[c]) for c in columns})
                for number, row in enumerate(rows, start=1)}

    def _load_existing(self, keys):
        if not keys:
            return {}
        names = list(self.get_import_id_fields())
        first = self.fields[names[0]]
        model_field = _model_field(self._meta.model, first.attribute)
        column = model_field.attname if model_field is not None else "pk"
        queryset = self._meta.model._default_manager.all()
        if self.user is not None:
            queryset = visible(queryset, self.user)
        firsts = sorted({key[0] for key in keys}, key=str)
        index = {}
        for start in range(0, len(firsts), _IN_BATCH):
            for obj in queryset.filter(**{f"{column}__in": firsts[start:start + _IN_BATCH]}):
                # Raw ids of relations (activity_id): reading the related row itself would
                # cost one query per existing row.
                key = tuple(self._key_value(n, getattr(obj, self._attname(n))) for n in names)
                if key in keys:
                    index[key] = obj
        return index

    # --- Row by row --------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for key, value in list(row.items()):
            row[key] = unescape_formula(value)
        number = self._row_number = kwargs.get("row_number")
        if number in self._duplicates:
            columns = " y ".join(self.fields[n].column_name for n in self.get_import_id_fields())
            raise ValidationError(f"Fila repetida en el archivo: {columns} ya aparecen en la fila "
                                  f"{self._duplicates[number]}.")

    def import_row(self, row, instance_loader, **kwargs):
        # Differences are drawn only where someone reads them: the first rows of a preview.
        # A confirmation draws none; copying each row to compare it costs more than saving it.
        self._meta.skip_diff = not (kwargs.get("dry_run")
                                    and kwargs.get("row_number", 0) <= PREVIEW_ROWS)
        return super().import_row(row, instance_loader, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is not None or not self._meta.skip_unchanged:
            return super().skip_row(instance, original, row, import_validation_errors)
        # Without the library's copy: compare with the values read when the row was found.
        before = getattr(instance, "_audit_before", None)
        return (not import_validation_errors and instance.pk is not None
                and before is not None and before == snapshot(instance))

    def get_instance(self, instance_loader, row):
        names = self.get_import_id_fields()
        if "id" in names:
            value = row.get(self.fields["id"].column_name)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if value not in (None, "") and not str(value).strip().isdigit():
                raise ValidationError(f"El ID «{value}» no es válido: debe ser un número entero, "
                                      "o quedar vacío para crear un registro nuevo.")
        number = getattr(self, "_row_number", None)
        key = self._row_keys[number] if number in self._row_keys else self._cleaned_key(row)
        instance = self._existing.get(key) if key is not None else None
        if instance is not None:
            instance._audit_before = snapshot(instance)
            return instance
        if "id" in names:
            value = row.get(self.fields["id"].column_name)
            if value not in (None, ""):
                # An id names an existing row; a new one must not choose its own. Same words
                # for a row of another territory: no way to learn what exists elsewhere.
                raise ValidationError(self._missing_message(row)
                                      + " Deje «ID» vacío para crear un registro nuevo.")
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
        if action not in self._may:
            self._may[action] = self.user.has_perm(
                f"{opts.app_label}.{get_permission_codename(action, opts)}")
        if not self._may[action]:
            verb = "crear" if new else "modificar"
            raise ValidationError(f"Su rol no puede {verb} {opts.verbose_name_plural}.")

    def import_instance(self, instance, row, **kwargs):
        """The library's loop (read each cell, set it, gather errors by field), leaner.

        It runs for every cell of files of thousands of rows: cells are read with the
        user only (the row's other options were copied three calls deep per cell), and
        set straight on the instance."""
        errors = {}
        user = kwargs.get("user", self.user)
        for field in self.get_import_fields():
            if (not field.attribute or field.readonly or field.column_name not in row
                    or isinstance(field.widget, ManyToManyWidget)):
                continue
            try:
                value = field.clean(row, user=user)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            if value is not None or field.saves_null_values:
                *path, name = field.attribute.split("__")
                target = instance
                for step in path:
                    target = getattr(target, step, None)
                setattr(target, name, value)
        if errors:
            raise ValidationError(errors)

    def _resolved_relations(self) -> frozenset:
        if getattr(self, "_resolved", None) is None:
            self._resolved = frozenset(f.attribute for f in self.fields.values()
                                       if isinstance(f.widget, widgets.CodeForeignKeyWidget))
        return self._resolved

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Relations were found by code among the rows the user may see: checking them
        # again would cost one query per row and relation.
        resolved = self._resolved_relations()
        try:
            # Rows of the same record were matched above (existing rows by key, repeats
            # in the file refused), and the database's constraints still hold.
            instance.full_clean(exclude=set(errors) | resolved,
                                validate_unique=not self._meta.use_bulk,
                                validate_constraints=not self._meta.use_bulk)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        territory = territory_of(instance)
        reach = getattr(territory, "pk", None)
        if reach is not None and reach in self._within_reach:
            return
        check_within_reach(self.user, instance)
        if reach is not None:
            self._within_reach.add(reach)

    # --- Batches ---------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        created = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        self._audit_batch("create", created, dry_run)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        updated = list(self.update_instances)
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        self._audit_batch("change", updated, dry_run)

    def _audit_batch(self, action, instances, dry_run):
        """What the audit signal writes for each saved row, written in batches."""
        if dry_run or not instances or instances[0].pk is None:
            return
        changed = []
        for instance in instances:
            before = getattr(instance, "_audit_before", None) or {}
            changes = changes_of(type(instance), instance, before, created=action == "create")
            if action == "create" or changes:
                changed.append((instance, changes))
        log_batch(action, changed, actor=self.user)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str
    value: str


def row_problems(result, resource) -> list[RowProblem]:
    """Every error of every row as staff read it: the row, the column's title, the message
    and the value read, one line each, so nothing hides behind a hover or a count."""
    titles = {}
    for name, field in resource.fields.items():
        titles[name] = field.column_name
        if field.attribute:
            titles.setdefault(field.attribute, field.column_name)
    headers = list(result.diff_headers)
    problems = []
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = titles.get(key, "") if key != NON_FIELD_ERRORS else ""
            value = ""
            if column in headers and headers.index(column) < len(row.values):
                value = row.values[headers.index(column)]
            for message in messages:
                problems.append(RowProblem(row.number, column or "(toda la fila)", message,
                                           "" if value is None else str(value)))
    return problems


def resource_for(model):
    """Default resource of a record type, for export: personal data dropped when due."""
    return resources.modelresource_factory(model, resource_class=PermissionAwareResource)
