"""Values in table columns whose title says what they are: "Cédula", "Teléfono", "Correo".

Attendance lists put the number under a column title, not after "C.C.": the
cue the detectors need is in the header row, and a number wrapped inside a
narrow cell ("80.112." / "334", "7645780" / "6") is split over lines. Under
such a title every line that has the shape of the column's data is
withheld, whole: in a column titled "Cédula", a number is a cédula.

A header row is a line of at least two known column titles on one
baseline, so a sentence that merely says "teléfono" starts no column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grounds import Category
from .pages import PageText
from .text import normalize

_TITLES = {
    Category.CEDULA: re.compile(
        r"(?:(?:no\.?|numero|nro\.?|n°|num\.?) (?:de )?)?(?:c\.? ?c\.?|cedula(?: de ciudadania)?"
        r"|documento(?: de identidad| de identificacion)?|doc\.? (?:de )?identidad"
        r"|identificacion|cedula o documento|tipo y numero de documento)"
        r"(?: no\.?| n°)?"
    ),
    Category.PHONE: re.compile(
        r"(?:no\.? |numero (?:de )?)?(?:(?:telefono|tel\.?|celular|cel\.?|movil|whatsapp)"
        r"(?: ?(?:/|o|y) ?(?:telefono|tel\.?|celular|cel\.?|movil|whatsapp|fijo))?"
        r"|telefono de contacto|contacto)"
    ),
    Category.EMAIL: re.compile(r"(?:correo(?: electronico)?|e-?mail|email|correo-e)"),
    Category.NAME: re.compile(
        r"nombres?(?: y apellidos| completos?| del asistente)?|apellidos(?: y nombres)?"
        r"|(?:primer|segundo) (?:apellido|nombre)"
        r"|asistentes?|participantes?"
    ),
}
# Other titles that make a line a header row (with at least one of the above).
_OTHER_TITLES = re.compile(
    r"no\.?|n°|#|item|firma"
    r"|cargo|entidad|organizacion|dependencia|barrio|direccion|edad|genero|sexo|rol|fecha"
)
_SHAPES = {
    Category.CEDULA: re.compile(r"(?:c\.? ?c\.?|t\.? ?i\.?|c\.? ?e\.?)?[ .:]*[\d][\d.,' -]*"),
    Category.PHONE: re.compile(r"[+(]?[\d][\d ().+/-]*"),
    Category.EMAIL: re.compile(r"[a-z0-9._%+@-]+"),
    # Letters, particles and initials: "carlos andres velez", "de la hoz", "m. l.".
    Category.NAME: re.compile(r"[^\W\d_][\w.' -]*"),
}
_REASON = {
    Category.CEDULA: "columna «Cédula» de una tabla",
    Category.PHONE: "columna «Teléfono» de una tabla",
    Category.EMAIL: "columna «Correo» de una tabla",
    Category.NAME: "columna «Nombres y apellidos» de una tabla",
}


@dataclass(frozen=True)
class Line:
    first: int  # source index of the first character
    last: int  # source index of the last character
    x0: float
    x1: float
    y: float
    size: float
    text: str


def _lines(content: PageText) -> list[Line]:
    out = []
    for first, last, x0, x1, y, size in content.line_boxes():
        out.append(Line(first, last, x0, x1, y, size, normalize(content.text[first : last + 1])))
    return out


@dataclass(frozen=True)
class Column:
    """A titled column: what its cells hold and where it runs across the page."""

    category: str
    x0: float
    x1: float
    limit: float  # where the next column starts: a line reaching past it is not a cell


def column_values(
    content: PageText, carried: list[Column] = ()
) -> tuple[list[tuple[int, int, str, str]], list[Column]]:
    """Cell lines under Cédula/Teléfono/Correo/Nombre titles, and the columns still open.

    Returns (first, last, category, reason) per cell line, and the columns of a
    table that reaches the bottom of the page: Word and LibreOffice do not
    repeat the header row on the next page unless asked, so `carried` columns
    (from the previous page) apply from the top of this one until the table ends.
    """
    lines = _lines(content)
    found: list[tuple[int, int, str, str]] = []
    open_columns: list[Column] = []
    starts = [(c, float("-inf"), 0.0) for c in carried]
    for header in lines:
        category = next((c for c, title in _TITLES.items() if title.fullmatch(header.text)), None)
        if category is None:
            continue
        row = [other for other in lines
               if other is not header and abs(other.y - header.y) < header.size * 0.4]
        if not any(_is_title(other.text) for other in row):
            continue  # a lone "Teléfono" in running text starts no column
        limit = min((other.x0 for other in row if other.x0 > header.x1), default=float("inf"))
        starts.append((Column(str(category), header.x0, header.x1, limit), header.y,
                       header.size))
    for column, top, size in starts:
        shape = _SHAPES[column.category]
        ended = False
        for line in lines:
            if line.y <= top + size * 0.4:
                continue
            crosses = line.x1 > column.limit + 2 and line.x0 < column.limit
            if line.x0 < column.x0 - 8 and line.x1 > column.x0 + 8 or (
                    crosses and line.x0 <= column.x0 + 8):
                ended = True
                break  # a paragraph across the column: the table has ended
            if crosses or (abs(line.x0 - column.x0) > 8
                           and not column.x0 - 8 <= line.x0 <= column.x1):
                continue
            text = line.text.strip()
            if column.category in (Category.CEDULA, Category.PHONE) and not any(
                    ch.isdigit() for ch in text):
                continue
            if text and shape.fullmatch(text) and not _is_title(text):
                found.append((line.first, line.last, column.category,
                              _REASON[column.category]))
        if not ended:
            open_columns.append(column)
    return found, open_columns


def may_start_columns(text: str) -> bool:
    """Whether a page's plain text (a line per text line) has a line a header row could start with.

    A cheap test before reading the page's glyphs: column_values() finds
    nothing new on a page without such a line.
    """
    for line in text.splitlines():
        line = normalize(line).strip()
        if line and any(title.fullmatch(line) for title in _TITLES.values()):
            return True
    return False


def _is_title(text: str) -> bool:
    return bool(_OTHER_TITLES.fullmatch(text) or any(t.fullmatch(text) for t in _TITLES.values()))
