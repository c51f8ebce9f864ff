"""Cell readers and writers for spreadsheets as Colombian staff write them.

Each widget renders what a person reads (a territory's code, a choice's label,
«Sí»/«No», 2026-08-15, 9,5) and reads back both that and what a machine
writes (the stored value, true/1, 15/08/2026, 9.5), with a Spanish message for
anything else.  A file exported and imported unchanged reads as «sin cambios».
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import widgets


def normalise(text) -> str:
    """Lower case, no accents, no spaces or punctuation: how headers and labels match."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.CharWidget):
    """Text cells: an empty spreadsheet cell is an empty text, never NULL."""

    def __init__(self):
        super().__init__(coerce_to_string=True, allow_blank=True)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Excel turns 8200 into 8200.0
        # Kept as written (no strip): what was exported comes back identical.
        return str(value)


class CodeForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by its code (territory, activity, case), looked up once per file.

    With ``visible`` the lookup is limited to rows the importing user may see, so a code
    from another territory reads exactly as one that does not exist.
    """

    def __init__(self, model, field, label, *, visible=True, allow_blank=False):
        super().__init__(model, field=field)
        self.label = label
        self.visible = visible
        self.allow_blank = allow_blank
        self._lookups = {}

    def reset(self):
        self._lookups = {}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.allow_blank:
                return None  # whether the user may leave it blank is check_within_reach's call
            raise ValueError(f"Falta {self.label.lower()}.")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value).strip()
        user = kwargs.get("user")
        key = (value.upper(), getattr(user, "pk", None))
        if key not in self._lookups:
            queryset = self.model._default_manager.all()
            if self.visible and user is not None:
                from records.services.permissions import visible
                queryset = visible(queryset, user)
            try:
                self._lookups[key] = queryset.filter(**{f"{self.field}__iexact": value}).first()
            except (ValueError, TypeError, ValidationError):
                self._lookups[key] = None
        if self._lookups[key] is None:
            raise ValueError(f"{self.label} «{value}» no existe o no tiene permiso sobre él.")
        return self._lookups[key]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))


class ChoiceWidget(widgets.Widget):
    """A choice written as its label («Prevención y promoción»); its stored value is read too."""

    def __init__(self, choices, label, *, allow_blank=False):
        super().__init__(coerce_to_string=True)
        self.labels = {str(value): str(text) for value, text in choices}
        self.lookup = {}
        for value, text in self.labels.items():
            self.lookup[normalise(value)] = value
            self.lookup[normalise(text)] = value
        self.label = label
        self.allow_blank = allow_blank

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.allow_blank:
                return ""
            raise ValueError(f"Falta {self.label.lower()}.")
        found = self.lookup.get(normalise(value))
        if found is None:
            options = "; ".join(self.labels.values())
            raise ValueError(f"«{value}» no es una opción de {self.label.lower()}. Use una de: "
                             f"{options}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(str(value), "" if value is None else str(value))


class YesNoWidget(widgets.Widget):
    TRUE = {"si", "s", "1", "true", "verdadero", "x"}
    FALSE = {"no", "n", "0", "false", "falso", ""}

    def __init__(self, label):
        super().__init__(coerce_to_string=True)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        word = normalise(value)
        if word in self.TRUE:
            return True
        if word in self.FALSE:
            return False
        raise ValueError(f"«{value}» no es válido en {self.label.lower()}: escriba Sí o No.")

    def render(self, value, obj=None, **kwargs):
        return "Sí" if value else "No"


class _Cell(widgets.Widget):
    """A cell that may be left empty (None) or must be filled, named by its column."""

    def __init__(self, label, *, allow_blank=False):
        super().__init__(coerce_to_string=True)
        self.label = label
        self.allow_blank = allow_blank

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.allow_blank:
                return None
            raise ValueError(f"Falta {self.label.lower()}.")
        return self.read(value)

    def read(self, value):
        raise NotImplementedError


class DateWidget(_Cell):
    """AAAA-MM-DD on export; also DD/MM/AAAA and Excel's own dates on import."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")

    def read(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text[:10], fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Fecha inválida «{value}» en {self.label.lower()}: use el formato "
                         "AAAA-MM-DD (o DD/MM/AAAA).")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class NumberWidget(_Cell):
    """Numbers written the Colombian way (9,5) or a machine's (9.5); dots group thousands
    only when a comma also appears (1.234,5)."""

    def __init__(self, label, *, integer=False, allow_blank=True):
        super().__init__(label, allow_blank=allow_blank)
        self.integer = integer

    def read(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            text = str(value).strip().replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            raise ValueError(f"«{value}» no es un número en {self.label.lower()}.")
        if self.integer:
            if number != number.to_integral_value():
                raise ValueError(f"«{value}» debe ser un número entero en {self.label.lower()}.")
            return int(number)
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if self.integer:
            return str(int(value))
        text = format(Decimal(value).normalize(), "f")
        return text.replace(".", ",")
