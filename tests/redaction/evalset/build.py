"""Documents built the way a secretariat produces them, each with its ground truth.

Every builder returns a Case: the input bytes (PDF or DOCX), the reviewer's
terms, the planted personal data (`truth`) and ordinary sentences that must
come out verbatim. Builders are deterministic (seeded Faker, fixed layout);
the LibreOffice-made PDF differs only in its creation date.

Truth categories:

    cedula, telefono, correo, direccion, otro_documento, placa, nit
    nombre_listado     a person's name in the reviewer's terms (maybe written another way)
    nombre_no_listado  a person's name that is not in the terms (officials included)

`Item.page` is the 0-based page where the value is printed (None: anywhere
in the document, used where the layout is LibreOffice's or the DOCX
renderer's); `Item.where` is "meta" for values that live only in metadata
(document info, EXIF/XMP, image dictionaries), which no page shows.
`Item.keys` are the fragments whose survival alone is a leak: a person's
surnames (of four letters or more, as they appear in this occurrence) or the
house number of an address ("68D-35"). See measure.leak_reason.

Run `python -m tests.redaction.evalset.build OUTDIR` (with the project root on
sys.path) to write every case and its truth to OUTDIR for a look.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from .cases import FILLER, Faker, Person, fold

CATEGORIES = (
    "cedula", "telefono", "correo", "direccion", "nombre_listado", "nombre_no_listado",
    "otro_documento", "placa", "nit",
)


@dataclass(frozen=True)
class Item:
    category: str
    value: str  # as printed in the document
    page: int | None = None  # 0-based; None: somewhere in the document
    keys: tuple[str, ...] = ()
    where: str = "page"  # "page" or "meta"


@dataclass
class Case:
    name: str
    data: bytes
    kind: str  # "pdf" or "docx"
    terms: list[str]
    truth: list[Item]
    sentences: list[str]
    description: str = ""
    notes: list[str] = field(default_factory=list)


def surname_keys(person: Person, shown: str) -> tuple[str, ...]:
    """Surnames of `person` of four letters or more that `shown` actually prints."""
    words = {fold(w) for w in re.findall(r"\w+", shown)}
    return tuple(s for s in person.surnames if len(s) >= 4 and fold(s) in words)


PENDING = -1  # page not known until the text is drawn: Truth.place() fills it in


class Truth(list):
    """The planted items of a case; add() returns the value, to build the text with."""

    def add(self, category: str, value: str, page: int | None = PENDING,
            keys: tuple[str, ...] = (), where: str = "page") -> str:
        self.append(Item(category, value, page, tuple(keys), where))
        return value

    def name(self, person: Person, shown: str, page: int | None = PENDING, listed: bool = False,
             where: str = "page") -> str:
        category = "nombre_listado" if listed else "nombre_no_listado"
        self.add(category, shown, page, surname_keys(person, shown), where)
        return shown

    def place(self, page: int | None) -> int | None:
        """Items added since the last drawing are on `page` (what Writer returned)."""
        for k, item in enumerate(self):
            if item.page == PENDING:
                self[k] = Item(item.category, item.value, page, item.keys, item.where)
        return page

    def done(self) -> list[Item]:
        assert all(item.page != PENDING for item in self), "items left without a page"
        return list(self)


_FONTS: dict[str, pymupdf.Font] = {}
_WIDTHS: dict[tuple[str, str], float] = {}


def text_length(text: str, font: str = "helv", fontsize: float = 10) -> float:
    """Width of `text` in a base-14 font (pymupdf.get_text_length miscounts accented text).

    Base-14 text is set without kerning: the sum of the glyph widths, cached.
    """
    total = 0.0
    for ch in text:
        width = _WIDTHS.get((font, ch))
        if width is None:
            if font not in _FONTS:
                _FONTS[font] = pymupdf.Font(font)
            width = _WIDTHS[(font, ch)] = _FONTS[font].text_length(ch, 1.0)
        total += width
    return total * fontsize


# --- a small PDF writer: wrapped paragraphs and lines on letter pages, PyMuPDF base-14 fonts ------


class Writer:
    """Lays out text top to bottom; `page` is the 0-based page the next text goes on."""

    def __init__(self, *, width: float = 612, height: float = 792, margin: float = 60,
                 fontsize: float = 10.5):
        self.doc = pymupdf.open()
        self.width, self.height, self.margin = width, height, margin
        self.fontsize = fontsize
        self.pg: pymupdf.Page | None = None
        self.y = 0.0
        self.new_page()

    @property
    def page(self) -> int:
        return self.pg.number

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    def new_page(self) -> None:
        self.pg = self.doc.new_page(width=self.width, height=self.height)
        self.y = self.margin + 10

    def ensure(self, height: float) -> None:
        if self.y + height > self.height - self.margin:
            self.new_page()

    @staticmethod
    def wrap(text: str, width: float, fontsize: float, font: str = "helv") -> list[str]:
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_length(candidate, font, fontsize) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def lines(self, lines: list[str], *, fontsize: float | None = None, font: str = "helv",
              indent: float = 0, leading: float = 1.35, after: float = 6) -> int:
        """Draw `lines` as given (no wrapping); returns the page they are on."""
        size = fontsize or self.fontsize
        self.ensure(len(lines) * size * leading + after)
        for line in lines:
            self.y += size * leading
            self.pg.insert_text((self.margin + indent, self.y), line, fontname=font,
                                fontsize=size)
        self.y += after
        return self.page

    def paragraph(self, text: str, *, fontsize: float | None = None, font: str = "helv",
                  indent: float = 0, after: float = 6) -> int:
        size = fontsize or self.fontsize
        wrapped = self.wrap(text, self.text_width - indent, size, font)
        return self.lines(wrapped, fontsize=size, font=font, indent=indent, after=after)

    def broken(self, first_line: str, rest: str, **kwargs) -> int:
        """A paragraph whose first line ends where the caller says (mid-address, say)."""
        size = kwargs.get("fontsize") or self.fontsize
        if text_length(first_line, "helv", size) > self.text_width:
            raise ValueError(f"first line too long for the page: {first_line!r}")
        return self.lines([first_line, *self.wrap(rest, self.text_width, size)], **kwargs)

    def heading(self, text: str, size: float = 13) -> int:
        return self.lines([text], fontsize=size, font="hebo", after=8)

    def tobytes(self) -> bytes:
        return self.doc.tobytes(garbage=3, deflate=True)


def cell_lines(text: str, width: float, fontsize: float, font: str = "helv") -> list[str]:
    """Lines of a value in a narrow cell, broken as a word processor breaks them.

    At spaces when a piece fits; a piece wider than the cell is broken after
    its last '.', '@' or '-' that fits, or else after its last character that fits.
    """
    def fits(s: str) -> bool:
        return text_length(s, font, fontsize) <= width

    out: list[str] = []
    for line in Writer.wrap(text, width, fontsize, font):
        while not fits(line):
            cut = max(k for k in range(1, len(line) + 1) if fits(line[:k]))
            soft = [k + 1 for k in range(cut) if line[k] in ".@-" and 0 < k + 1 <= cut]
            if soft and soft[-1] >= cut // 2:
                cut = soft[-1]
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def draw_table(w: Writer, header: list[str], widths: list[float], rows: list[list[str]], *,
               fontsize: float = 8, pad: float = 2.5) -> list[int]:
    """A ruled table whose values wrap inside their cells; returns each row's page."""
    leading = fontsize * 1.2
    pages = []

    def draw_row(cells: list[str], bold: bool = False) -> None:
        font = "hebo" if bold else "helv"
        wrapped = [cell_lines(c, wd - 2 * pad, fontsize, font) if c else []
                   for c, wd in zip(cells, widths)]
        height = max(len(lines) for lines in wrapped) * leading + 2 * pad + 2
        if w.y + height > w.height - w.margin:
            w.new_page()
            draw_row(header, bold=True)
        x = w.margin
        top = w.y
        for lines, wd in zip(wrapped, widths):
            for k, line in enumerate(lines):
                w.pg.insert_text((x + pad, top + pad + fontsize + k * leading), line,
                                 fontname=font, fontsize=fontsize)
            x += wd
        shape = w.pg.new_shape()
        x = w.margin
        for wd in [0, *widths]:
            x += wd
            shape.draw_line((x, top), (x, top + height))
        shape.draw_line((w.margin, top), (w.margin + sum(widths), top))
        shape.draw_line((w.margin, top + height), (w.margin + sum(widths), top + height))
        shape.finish(color=(0, 0, 0), width=0.5)
        shape.commit()
        w.y = top + height

    w.ensure(60)
    draw_row(header, bold=True)
    for row in rows:
        draw_row(row)
        pages.append(w.page)
    w.y += 10
    return pages


# --- acta with an attendance table, written with python-docx --------------------------------------


def _acta_content(seed: int = 14):
    """What the acta says; shared by the DOCX and its LibreOffice PDF."""
    f = Faker(seed)
    official = f.person("Hernando José", ("Villamizar", "Ortega"))
    drafter = f.person("Leidy Johana", ("Cardona", "Henao"))
    author = f.person("Paola Andrea", ("Buitrago", "Lozano"))
    attendees = [f.person() for _ in range(12)]
    listed = attendees[:4]
    speaker, complainant, owner, migrant = (f.person() for _ in range(4))
    listed.append(complainant)
    rows = []
    styles = ["dotted10", "plain8", "dotted8"]
    phones = ["mobile", "landline", "intl"]
    for k, person in enumerate(attendees):
        rows.append((person, f.cedula(styles[k % 3]), f.phone(phones[k % 3]), f.email(person)))
    sentences = f.sentences(8)
    return {
        "f": f, "official": official, "drafter": drafter, "author": author, "rows": rows,
        "listed": listed, "speaker": speaker, "complainant": complainant, "owner": owner,
        "migrant": migrant, "sentences": sentences,
        "address1": "Calle 10 # 43E-31 Sur Oficina 1101", "address2": "Cra 7 Bis A # 120-30 Este",
        "ced": f.cedula("dotted10"), "phone": f.phone("mobile"), "email": f.email(complainant),
        "plate": f.plate(moto=True), "nit": f.nit(), "other": f.other_id(),
    }


def acta_docx_bytes(seed: int = 14) -> tuple[bytes, list[str], list[Item], list[str]]:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt

    c = _acta_content(seed)
    t = Truth()
    s = c["sentences"]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(1))
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    core = document.core_properties
    core.author = t.name(c["author"], c["author"].full, None, False, where="meta")
    core.last_modified_by = c["author"].full
    core.title = "Acta mesa local de seguridad"

    title = document.add_heading("ACTA No. 014 - MESA LOCAL DE SEGURIDAD Y CONVIVENCIA", 1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "Fecha: 12 de marzo de 2026. Hora: 2:00 p. m. Lugar: salón comunal del barrio "
        "El Porvenir, comuna 8."
    )
    document.add_heading("ORDEN DEL DÍA", 2)
    for point in ("Verificación del quórum.", "Lectura y aprobación del acta anterior.",
                  "Informe del cuadrante de policía.", "Casos de convivencia del sector.",
                  "Proposiciones y varios."):
        document.add_paragraph(point, style="List Number")
    document.add_heading("DESARROLLO", 2)
    document.add_paragraph(s[0] + " " + s[1])
    speaker = t.name(c["speaker"], c["speaker"].full, None, False)
    addr1 = t.add("direccion", c["address1"], keys=("43E-31", "Oficina 1101"))
    document.add_paragraph(
        f"En el punto cuarto {c['speaker'].senor} {speaker} manifestó que en el edificio de la "
        f"{addr1}. {s[2]}"
    )
    complainant = t.name(c["complainant"], c["complainant"].full, None, True)
    ced = t.add("cedula", c["ced"])
    phone = t.add("telefono", c["phone"])
    email = t.add("correo", c["email"])
    document.add_paragraph(
        f"{c['complainant'].Senor} {complainant}, {c['complainant'].identificado} con C.C. "
        f"{ced}, denunció amenazas de un vecino y pidió contacto al celular {phone} o "
        f"al correo {email}. {s[3]}"
    )
    plate = t.add("placa", c["plate"])
    addr2 = t.add("direccion", c["address2"], keys=("120-30",))
    document.add_paragraph(
        f"Se informó sobre una motocicleta abandonada de placa {plate} frente a la {addr2}, "
        f"que será revisada por el cuadrante. {s[4]}"
    )
    owner = t.name(c["owner"], c["owner"].full, None, False)
    nit = t.add("nit", c["nit"])
    cue, number = c["other"]
    migrant = t.name(c["migrant"], c["migrant"].full, None, False)
    t.add("otro_documento", number)
    document.add_paragraph(
        f"El establecimiento de comercio de propiedad {c['owner'].del_} {owner}, NIT "
        f"{nit}, recibió visita de la inspección. También intervino {c['migrant'].senor} "
        f"{migrant}, con {cue} {number}, quien solicitó orientación sobre la ruta de "
        f"atención. {s[5]}"
    )
    document.add_heading("LISTADO DE ASISTENCIA", 2)
    widths = [Inches(w) for w in (0.35, 1.35, 0.72, 0.8, 1.15, 0.8)]
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = ("No.", "Nombres y apellidos", "Cédula", "Teléfono", "Correo", "Firma")
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    listed_names = {p.full for p in c["listed"]}
    for k, (person, ced, phone, email) in enumerate(c["rows"], start=1):
        cells = table.add_row().cells
        values = (str(k), person.full, ced, phone, email, "")
        for cell, text in zip(cells, values):
            cell.text = text
        t.name(person, person.full, None, person.full in listed_names)
        t.add("cedula", ced)
        t.add("telefono", phone)
        t.add("correo", email)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    for column, width in zip(table.columns, widths):
        column.width = width
    document.add_paragraph()
    document.add_paragraph(s[6] + " " + s[7])
    document.add_paragraph()
    document.add_paragraph("______________________________")
    official = c["official"]
    shown = official.full.upper()
    document.add_paragraph(t.name(official, shown, None, False))
    document.add_paragraph("Secretario de Seguridad, Convivencia y Justicia")
    drafter = t.name(c["drafter"], c["drafter"].full, None, False)
    document.add_paragraph(f"Proyectó: {drafter}, profesional universitaria.")
    buffer = io.BytesIO()
    document.save(buffer)
    terms = [p.full for p in c["listed"]]
    t.place(None)  # LibreOffice and the DOCX renderer decide the pages
    return buffer.getvalue(), terms, t.done(), list(s)


def soffice_pdf(docx_bytes: bytes, timeout: float = 240) -> bytes | None:
    """The DOCX converted by LibreOffice headless (private profile); None without soffice."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return None
    with tempfile.TemporaryDirectory(prefix="evalset-lo-") as tmp:
        source = Path(tmp, "acta.docx")
        source.write_bytes(docx_bytes)
        profile = Path(tmp, "profile").as_uri()
        try:
            done = subprocess.run(  # noqa: PLW1510 - the return code is checked below
                [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", tmp, str(source)],
                capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp},
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        out = Path(tmp, "acta.pdf")
        if done.returncode != 0 or not out.exists():
            return None
        return out.read_bytes()


def acta_tabla_docx_cases() -> tuple[list[Case], list[str]]:
    data, terms, truth, sentences = acta_docx_bytes()
    description = ("Acta en Word: orden del día, asistencia en tabla de columnas estrechas "
                   "(12 filas), firma del secretario")
    cases = [Case("acta_tabla_docx", data, "docx", terms, truth, sentences, description)]
    notes = []
    pdf = soffice_pdf(data)
    if pdf is None:
        notes.append("acta_tabla_docx_pdf omitted: LibreOffice (soffice) not available "
                     "or the conversion failed")
    else:
        cases.insert(0, Case("acta_tabla_docx_pdf", pdf, "pdf", terms, truth, sentences,
                             description + "; PDF de LibreOffice"))
    return cases, notes


# --- acta drawn with PyMuPDF: ruled table, narrow cells -------------------------------------------


def acta_pymupdf() -> Case:
    f = Faker(21)
    t = Truth()
    s = f.sentences(7)
    official = f.person("Hernando José", ("Villamizar", "Ortega"))
    luz = f.person("Luz Dary", ("Gómez", "Arango"))
    wilmer = f.person("Wilmer", ("Asprilla", "Mosquera"))
    f.reserve("80.112.334")
    w = Writer()
    w.heading("SECRETARÍA DE SEGURIDAD, CONVIVENCIA Y JUSTICIA")
    w.paragraph("Acta de reunión del consejo de seguridad del sector nororiental. "
                "Fecha: 19 de marzo de 2026. Lugar: sede de la junta de acción comunal.")
    w.paragraph(s[0] + " " + s[1])
    # An address broken over two lines, with an ordinary sentence right after it.
    name = t.name(wilmer, wilmer.full)
    t.add("direccion", "Avenida El Dorado # 68D-35", keys=("68D-35",))
    t.place(w.broken(f"El señor {name} manifestó que frente al conjunto de la Avenida El",
                     f"Dorado # 68D-35 se reúnen jóvenes en horas de la noche. {s[2]}"))
    shown = t.name(luz, luz.full, listed=True)
    ced = t.add("cedula", f.cedula("dotted8"))
    phone = t.add("telefono", f.phone("intl"))
    email = t.add("correo", f.email(luz))
    t.place(w.paragraph(
        f"{luz.Senor} {shown}, identificada con cédula de ciudadanía No. {ced}, presentó "
        f"queja por ruido; se le responderá al celular {phone} y al correo {email}. {s[3]}"))
    plate = t.add("placa", f.plate(moto=False))
    owner_p, foreigner_p = f.person(), f.person()
    owner = t.name(owner_p, owner_p.full)
    nit = t.add("nit", f.nit())
    foreigner = t.name(foreigner_p, foreigner_p.full)
    cue, number = f.other_id()
    t.add("otro_documento", number)
    t.place(w.paragraph(
        f"El cuadrante reportó el vehículo de placas {plate}, estacionado de forma permanente "
        f"sobre el andén. {owner_p.Senor} {owner}, NIT {nit}, propietario del parqueadero, "
        f"se comprometió a retirarlo. {foreigner_p.Senor} {foreigner}, "
        f"{foreigner_p.identificado} con {cue} {number}, pidió acompañamiento. {s[4]}"))
    w.heading("Listado de asistencia", 11)
    attendees = [f.person() for _ in range(10)]
    # First row: the cédula splits after a dot ("80.112." / "334"); every e-mail
    # splits inside its local part; the rest wrap wherever their cell makes them.
    rows = []
    for k, person in enumerate(attendees):
        ced = "80.112.334" if k == 0 else f.cedula(("dotted10", "plain8", "dotted8")[k % 3])
        rows.append([str(k + 1), person.full, ced,
                     f.phone(("landline", "mobile", "intl")[k % 3]), f.email(person), ""])
    widths = [20, 118, 40, 56, 106, 52]
    pages = draw_table(w, ["No.", "Nombres y apellidos", "Cédula", "Teléfono", "Correo",
                           "Firma"], widths, rows)
    listed = attendees[:3]
    for row, page, person in zip(rows, pages, attendees):
        t.name(person, person.full, page, person in listed)
        t.add("cedula", row[2], page)
        t.add("telefono", row[3], page)
        t.add("correo", row[4], page)
    w.paragraph(s[5] + " " + s[6])
    w.y += 16
    shown = t.name(official, official.full.upper())
    t.place(w.lines(["______________________________", shown,
                     "Secretario de Seguridad, Convivencia y Justicia"], after=4))
    terms = [luz.full] + [p.full for p in listed]
    return Case("acta_pymupdf", w.tobytes(), "pdf", terms, t.done(), s,
                "Acta dibujada con PyMuPDF: tabla con reglas y celdas estrechas; cédula "
                "partida «80.112.» / «334», correo partido en la parte local")


# --- listed names written another way -------------------------------------------------------------


def names_variants() -> Case:
    f = Faker(33)
    t = Truth()
    s = f.sentences(8)
    luz = f.person("Luz Dary", ("Gómez", "Arango"))
    jhon = f.person("Jhon Fredy", ("Ospina", "Zapata"))
    wilmer = f.person("Wilmer", ("Asprilla", "Mosquera"))
    yesenia = f.person("Yesenia", ("Palacios", "Rentería"))
    conciliator = f.person("Gloria Stella", ("Benítez", "Tabares"))
    officer = f.person("Diego Alejandro", ("Quiñones", "Chaverra"))
    w = Writer()
    w.heading("ACTA DE AUDIENCIA DE CONCILIACIÓN EN EQUIDAD")
    a = t.name(luz, luz.upper_inverted, listed=True)
    b = t.name(jhon, jhon.upper_inverted, listed=True)
    t.place(w.paragraph(
        f"Comparecen {a}, en calidad de convocante, y {b}, en calidad de convocado, para "
        "resolver el conflicto por el uso del parqueadero comunal."))
    c = t.name(wilmer, wilmer.full)
    d = t.name(conciliator, conciliator.full)
    t.place(w.paragraph(
        f"La conciliadora en equidad {d} explicó el procedimiento a las partes. Durante la "
        f"audiencia el señor {c} manifestó que es vecino de las partes y que presenció los "
        f"hechos. {s[0]}"))
    w.paragraph(s[1] + " " + s[2])
    w.new_page()
    w.heading("COMPROMISOS", 11)
    a = t.name(luz, luz.initials, listed=True)
    t.place(w.paragraph(f"1. {a} se compromete a no obstaculizar la entrada del parqueadero."))
    b = t.name(jhon, jhon.initials, listed=True)
    t.place(w.paragraph(f"2. {b} se compromete a pagar la reparación de la reja en un plazo "
                        "de quince días."))
    y = t.name(yesenia, yesenia.full)
    o = t.name(officer, officer.full)
    t.place(w.paragraph(
        f"Actúa como testigo la señora {y}, presidenta de la junta de acción comunal. Según "
        f"informó el patrullero {o}, el caso no registra antecedentes. {s[3]}"))
    w.paragraph(s[4] + " " + s[5])
    w.new_page()
    w.heading("CONSTANCIA", 11)
    a = t.name(luz, luz.short, listed=True)
    b = t.name(jhon, f"{jhon.given} {jhon.surnames[0]} {jhon.surnames[1][0]}.", listed=True)
    t.place(w.paragraph(f"Se entrega copia de la presente acta a {a} y a {b}, quienes firman "
                        f"en señal de aceptación. {s[6]}"))
    d = t.name(conciliator, conciliator.full.upper())
    t.place(w.lines(["", "______________________________", d, "Conciliadora en equidad"]))
    w.paragraph(s[7])
    terms = [luz.full, jhon.full, "Marta Lucía Restrepo Gaviria"]
    return Case("names_variants", w.tobytes(), "pdf", terms, t.done(), s,
                "Nombres listados escritos de otra forma («GÓMEZ ARANGO, Luz Dary», "
                "«L. D. Gómez Arango», «Luz Dary Gómez A.») y vecinos no listados")


# --- addresses ------------------------------------------------------------------------------------


def addresses() -> Case:
    f = Faker(47)
    t = Truth()
    s = f.sentences(8)
    people = [f.person() for _ in range(6)]
    w = Writer()
    w.heading("INFORME DE VISITAS DOMICILIARIAS - PROGRAMA DE CONVIVENCIA")
    w.paragraph(s[0])
    n0 = t.name(people[0], people[0].full)
    a1 = t.add("direccion", "Avenida El Dorado # 68D-35", keys=("68D-35",))
    t.place(w.paragraph(f"Se visitó {people[0].al} {n0} en su vivienda de la {a1}, donde "
                        f"manifestó haber recibido amenazas. {s[1]}"))
    # The address wraps: "... Calle 10 # 43E-31" / "Sur Oficina 1101." and a sentence follows.
    n1 = t.name(people[1], people[1].full)
    t.add("direccion", "Calle 10 # 43E-31 Sur Oficina 1101", keys=("43E-31", "Oficina 1101"))
    t.place(w.broken(f"{people[1].Senor} {n1} atendió la visita en su oficina, Calle 10 # 43E-31",
                     f"Sur Oficina 1101. {s[2]}"))
    n2 = t.name(people[2], people[2].full)
    a3 = t.add("direccion", "Cra 7 Bis A # 120-30 Este", keys=("120-30",))
    phone = t.add("telefono", f.phone("landline"))
    t.place(w.paragraph(f"La familia de {n2} reside en la {a3}; el contacto se hizo al fijo "
                        f"{phone}. {s[3]}"))
    w.paragraph(s[4])
    n3 = t.name(people[3], people[3].full)
    a4 = t.add("direccion", "Vereda La Esperanza")
    n4 = t.name(people[4], people[4].full)
    a5 = t.add("direccion", "Km 5 vía La Calera")
    a6 = t.add("direccion", "Finca Villa Luz", keys=("Villa Luz",))
    t.place(w.paragraph(f"En la zona rural se visitó {people[3].al} {n3}, quien vive en "
                        f"la {a4}, y {people[4].al} {n4}, con domicilio en el {a5}, "
                        f"{a6}. {s[5]}"))
    n5 = t.name(people[5], people[5].full)
    a7 = t.add("direccion", "Diagonal 45 Sur # 12B-08 Apto 302", keys=("12B-08", "Apto 302"))
    t.place(w.paragraph(f"Dirección de notificación de {n5}: {a7}. {s[6]}"))
    w.paragraph(s[7])
    return Case("addresses", w.tobytes(), "pdf", [], t.done(), s,
                "Direcciones urbanas y rurales en párrafos; una partida entre dos líneas "
                "seguida de una frase ordinaria")


# --- hand-written content streams: one object per character, TJ kerning ---------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def raw_pdf(pages: list[bytes], size=(612, 792)) -> bytes:
    """Pages whose content streams are exactly the given bytes; /F1 Helvetica, /F2 bold."""
    import pikepdf

    pdf = pikepdf.new()
    fonts = pikepdf.Dictionary()
    for key, base in (("/F1", "/Helvetica"), ("/F2", "/Helvetica-Bold")):
        fonts[key] = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name(base),
            Encoding=pikepdf.Name.WinAnsiEncoding,
        ))
    for content in pages:
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, *size], Contents=pdf.make_stream(content),
            Resources=pikepdf.Dictionary(Font=fonts),
        )))
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=True, deterministic_id=True)
    return buffer.getvalue()


class Stream:
    """Builds a content stream in PDF coordinates (origin bottom-left)."""

    def __init__(self, height: float = 792):
        self.ops: list[bytes] = []
        self.y = height - 72

    def line(self, text: str, size: float = 11, x: float = 60, font: str = "/F1",
             step: float = 1.45) -> None:
        self.y -= size * step
        self.ops.append(b"BT %s %g Tf %g %g Td %s Tj ET" % (
            font.encode(), size, x, self.y, _pdf_string(text)))

    def per_char(self, text: str, size: float = 11, x: float = 60) -> None:
        """One BT/ET text object per character, each placed absolutely."""
        self.y -= size * 1.45
        for ch in text:
            if ch != " ":
                self.ops.append(b"BT /F1 %g Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (
                    size, x, self.y, _pdf_string(ch)))
            x += text_length(ch, "helv", size)

    def kerned(self, text: str, size: float = 11, x: float = 60, gap_for_space: bool = False,
               seed: int = 0) -> None:
        """One TJ array with a kerning number between every two characters.

        With `gap_for_space`, spaces are not characters but a wide displacement
        (-300/1000 em), as some generators write them.
        """
        parts = []
        kern = (-20, -15, -10, 5, -25)
        for k, ch in enumerate(text):
            if ch == " " and gap_for_space:
                parts.append(b"-300")
                continue
            parts.append(_pdf_string(ch))
            parts.append(b"%d" % kern[(k + seed) % len(kern)])
        self.y -= size * 1.45
        self.ops.append(b"BT /F1 %g Tf %g %g Td [%s] TJ ET" % (size, x, self.y, b" ".join(parts)))

    def spaced(self, text: str, size: float = 11, x: float = 60) -> None:
        self.line(text, size, x)

    def bytes(self) -> bytes:
        return b"\n".join(self.ops)


def per_char_kerning() -> Case:
    f = Faker(58)
    t = Truth()
    s = f.sentences(6)
    listed1, listed2, unlisted = f.person(), f.person(), f.person()
    st = Stream()
    st.line("REGISTRO DE ATENCIÓN AL CIUDADANO - CASA DE JUSTICIA", 13, font="/F2")
    st.line(s[0])
    ced1, ced2, ced3 = f.cedula("dotted10"), f.cedula("plain8"), f.cedula("dotted8")
    phone1 = f.phone("mobile")
    t.name(listed1, listed1.full, 0, True)
    t.add("cedula", ced1, 0)
    t.add("telefono", phone1, 0)
    st.per_char(f"Atendida: {listed1.full}, C.C. {ced1}, celular {phone1}.")
    st.per_char(s[1])
    t.name(listed2, listed2.full, 0, True)
    t.add("cedula", ced2, 0)
    st.kerned(f"Acompañante: {listed2.full}, cédula {ced2}.", seed=1)
    st.line(s[2])
    t.name(unlisted, unlisted.full, 0, False)
    t.add("cedula", ced3, 0)
    st.kerned(f"Testigo: {unlisted.senor} {unlisted.full} C.C. {ced3}", gap_for_space=True, seed=2)
    email = t.add("correo", f.email(unlisted), 0)
    st.kerned(f"Correo del testigo: {email}", seed=3)
    st.line(s[3])
    st.per_char(s[4])
    st.line(s[5])
    return Case("per_char_kerning", raw_pdf([st.bytes()]), "pdf",
                [listed1.full, listed2.full], t.done(), s,
                "Texto escrito un objeto por carácter y líneas con TJ y kerning (espacios "
                "como desplazamiento)")


# --- letter-spaced identifiers, glyphs stored right to left ---------------------------------------


def reversed_spaced() -> Case:
    f = Faker(69)
    t = Truth()
    s = f.sentences(6)
    listed, unlisted = f.person(), f.person()
    w = Writer()
    w.heading("CONSTANCIA DE ATENCIÓN - COMISARÍA DE FAMILIA")
    w.paragraph(s[0])
    ced = f.cedula("plain8")
    phone = f.phone("mobile")
    t.add("cedula", ced, 0)
    t.add("telefono", phone, 0)
    t.name(listed, listed.full, 0, True)
    w.lines([f"Nombre: {' '.join(listed.full.upper())}"])
    w.lines([f"Identificación:  C . C .  {' '.join(ced)}"])
    w.lines([f"Teléfono:  {' '.join(phone.replace(' ', ''))}"])
    w.paragraph(s[1] + " " + s[2])
    w.new_page()
    w.heading("DATOS DEL DENUNCIANTE", 11)
    w.paragraph(s[3])
    ced2 = f.cedula("dotted10")
    phone2 = f.phone("intl")
    email = f.email(unlisted)
    t.name(unlisted, unlisted.full, 1, False)
    t.add("cedula", ced2, 1)
    t.add("telefono", phone2, 1)
    t.add("correo", email, 1)
    for line in (f"Denunciante: {unlisted.full}, C.C. {ced2}",
                 f"Celular {phone2}, correo {email}"):
        w.y += 15
        xs, x = [], w.margin
        for ch in line:
            xs.append(x)
            x += text_length(ch, "helv", 10.5)
        for ch, x in reversed(list(zip(line, xs))):
            if ch != " ":
                w.pg.insert_text((x, w.y), ch, fontname="helv", fontsize=10.5)
    w.y += 10
    w.paragraph(s[4] + " " + s[5])
    return Case("reversed_spaced", w.tobytes(), "pdf", [listed.full], t.done(), s,
                "Identificadores y nombre espaciados letra a letra; línea con los glifos "
                "guardados de derecha a izquierda")


# --- scanned and mixed pages ----------------------------------------------------------------------


def _image_of_lines(lines: list[str], *, width: float, height: float, dpi: int = 200,
                    fontsize: float = 12) -> bytes:
    src = pymupdf.open()
    page = src.new_page(width=width, height=height)
    y = 30 + fontsize
    for line in lines:
        page.insert_text((30, y), line, fontname="helv", fontsize=fontsize)
        y += fontsize * 1.9
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    return pixmap.tobytes("png")


def scanned() -> Case:
    f = Faker(71)
    t = Truth()
    s = f.sentences(6)
    p1, p2 = f.person(), f.person()
    ced, phone, email = f.cedula("dotted10"), f.phone("mobile"), f.email(p1)
    t.name(p1, p1.full, 0, True)
    t.add("cedula", ced, 0)
    t.add("telefono", phone, 0)
    t.add("correo", email, 0)
    t.name(p2, p2.full, 0, False)
    ced2 = t.add("cedula", f.cedula("plain8"), 0)
    lines = [
        "FORMATO ÚNICO DE DENUNCIA - INSPECCIÓN DE POLICÍA",
        "",
        f"Nombre del denunciante: {p1.full}",
        f"Documento de identidad: C.C. {ced}",
        f"Celular: {phone}",
        f"Correo: {email}",
        "",
        "Hechos: el denunciante manifiesta que su vecino",
        f"{p2.full}, C.C. {ced2}, lo amenazó",
        "en la tienda del barrio.",
    ]
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=_image_of_lines(lines, width=612, height=792))
    # A mixed page: typed text around a pasted photo of a list.
    w_doc = Writer()
    w_doc.doc = doc
    w_doc.new_page()
    w_doc.heading("ANEXO: LISTADO DE LÍDERES CONTACTADOS")
    w_doc.paragraph(s[0] + " " + s[1])
    people = [f.person() for _ in range(4)]
    rows = []
    for person in people:
        phone_k = f.phone("mobile")
        t.name(person, person.full, 1, False)
        t.add("telefono", phone_k, 1)
        rows.append(f"{person.full}    Cel. {phone_k}")
    image = _image_of_lines(rows, width=480, height=170, fontsize=13)
    top = w_doc.y + 8
    w_doc.pg.insert_image(pymupdf.Rect(60, top, 540, top + 170), stream=image)
    w_doc.y = top + 180
    w_doc.paragraph(s[2] + " " + s[3])
    w_doc.paragraph(s[4] + " " + s[5])
    return Case("scanned", w_doc.tobytes(), "pdf", [p1.full], t.done(), s,
                "Página escaneada (imagen a 200 dpi, sin texto) y página mixta con la imagen "
                "pegada de un listado de nombres y celulares")


# --- photographic report with metadata ------------------------------------------------------------


def _photo_jpeg(author: str, description: str, seed: int) -> bytes:
    """A synthetic street photo (a house front) with EXIF and XMP; Pillow if present."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return _photo_jpeg_by_hand(author, description)
    import random

    rng = random.Random(seed)
    img = Image.new("RGB", (800, 600))
    draw = ImageDraw.Draw(img)
    for y in range(600):
        shade = int(200 - y * 0.15)
        draw.line([(0, y), (800, y)], fill=(shade - 60, shade - 20, shade + 40))
    draw.rectangle([120, 220, 680, 600], fill=(196, 164, 132))
    draw.polygon([(100, 230), (400, 90), (700, 230)], fill=(140, 60, 40))
    for k in range(4):
        x = 160 + k * 130
        draw.rectangle([x, 300, x + 80, 380], fill=(70, 90, 110))
    draw.rectangle([360, 430, 440, 600], fill=(90, 50, 30))
    for _ in range(400):
        x, y = rng.randrange(800), rng.randrange(450, 600)
        draw.point((x, y), fill=(rng.randrange(90, 140),) * 3)
    exif = Image.Exif()
    exif[0x013B] = author  # Artist
    exif[0x010E] = description  # ImageDescription
    exif[0x010F] = "Samsung"
    exif[0x0110] = "SM-A135M"
    exif[0x0131] = "Galería de fotos"
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li>'
        "</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85, exif=exif.tobytes(), xmp=xmp)
    return buffer.getvalue()


def _photo_jpeg_by_hand(author: str, description: str) -> bytes:
    """Without Pillow: a tiny JPEG from PyMuPDF with hand-made APP1 (EXIF, XMP) segments."""
    import struct

    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 320, 240), False)
    pix.clear_with(180)
    jpeg = pix.tobytes("jpeg")

    def ifd_entry(tag, text):
        return tag, text.encode("utf-8") + b"\0"

    entries = [ifd_entry(0x010E, description), ifd_entry(0x013B, author)]
    offset = 8 + 2 + 12 * len(entries) + 4
    head, data = b"", b""
    for tag, value in entries:
        head += struct.pack(">HHII", tag, 2, len(value), offset + len(data))
        data += value
    tiff = b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", len(entries)) + head + b"\0" * 4
    exif = b"Exif\0\0" + tiff + data
    xmp = (b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>" + author.encode()
           + b"</dc:creator><dc:description>" + description.encode()
           + b"</dc:description></x:xmpmeta>")
    segments = b"".join(b"\xff\xe1" + struct.pack(">H", len(p) + 2) + p for p in (exif, xmp))
    return jpeg[:2] + segments + jpeg[2:]


def photo_report() -> Case:
    import pikepdf

    f = Faker(83)
    t = Truth()
    s = f.sentences(6)
    resident, photographer, author = f.person(), f.person(), f.person()
    desc_phone = f.phone("mobile")
    file_phone = f.phone("mobile")
    w = Writer()
    w.heading("INFORME DE RECORRIDO DE VERIFICACIÓN")
    w.paragraph(s[0] + " " + s[1])
    address = t.add("direccion", "Cra 7 Bis A # 120-30 Este", keys=("120-30",))
    name = t.name(resident, resident.full)
    t.place(w.paragraph(f"Se verificó la queja presentada por {resident.senor} {name} sobre el "
                        f"inmueble abandonado de la {address}. {s[2]}"))
    top = w.y + 6
    description = f"Fachada, vivienda de {resident.full}, tel {desc_phone}"
    t.name(photographer, photographer.full, None, False, where="meta")
    t.add("telefono", desc_phone, None, where="meta")
    jpeg = _photo_jpeg(photographer.full, description, seed=83)
    w.pg.insert_image(pymupdf.Rect(126, top, 486, top + 270), stream=jpeg)
    w.y = top + 272
    w.paragraph("Fotografía 1. Fachada del inmueble visitado.", fontsize=9)
    w.paragraph(s[3] + " " + s[4])
    w.paragraph(s[5])
    doc = w.doc
    doc.set_metadata({"author": author.full, "title": "Informe de recorrido",
                      "producer": "Microsoft Word para Microsoft 365"})
    t.name(author, author.full, None, False, where="meta")
    data = doc.tobytes(garbage=3, deflate=True)
    digits = file_phone.replace(" ", "")
    t.add("telefono", digits, None, where="meta")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for xobject in page.Resources.XObject.values():
                if xobject.get("/Subtype") == pikepdf.Name.Image:
                    xobject["/PTEX.FileName"] = pikepdf.String(f"foto_{digits}.jpg")
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return Case("photo_report", out.getvalue(), "pdf", [], t.done(), s,
                "Informe con fotografía JPEG con EXIF/XMP (autor, descripción con nombre y "
                "teléfono), /PTEX.FileName en el diccionario de la imagen y autor en /Info")


# --- a long report, for speed ---------------------------------------------------------------------


def rng_address(rng, templates) -> str:
    return rng.choice(templates).format(a=rng.randint(1, 150), b=rng.randint(1, 99),
                                        c=rng.randint(1, 99), d=rng.randint(101, 904))


def long_report(pages: int = 40) -> Case:
    f = Faker(97)
    roster_faker = Faker(98)
    roster = [roster_faker.person() for _ in range(40)]
    roster_faker.new_scope()
    roster += [roster_faker.person() for _ in range(40)]
    terms = [p.full for p in roster]
    t = Truth()
    sentences = f.sentences(10)
    w = Writer(fontsize=10)
    addresses = ("Calle {a} # {b}-{c}", "Carrera {a} # {b}-{c} Sur", "Diagonal {a} # {b}-{c}",
                 "Transversal {a} Bis # {b}-{c}", "Cra {a} # {b}-{c} Apto {d}")
    case_no = 100
    for p in range(pages):
        if p:
            w.new_page()
        f.new_scope()
        f.reserve(f"Página {p + 1} de {pages}")
        w.heading(f"INFORME CONSOLIDADO DE CASOS - PÁGINA {p + 1} DE {pages}", 11)
        pair = []
        for person in roster[(2 * p) % 80:] + roster:
            if all(not set(person.surnames) & set(q.surnames) for q in pair):
                pair.append(person)
            if len(pair) == 2:
                break
        for person in pair:
            f.reserve(" ".join(person.surnames))
        unlisted = [f.person() for _ in range(2)]

        page = w.page
        body = []
        # Case A: a listed person, cédula, address, phone.
        case_no += 1
        ced = t.add("cedula", f.cedula(), page)
        addr = rng_address(f.rng, addresses)
        house = re.search(r"\d+-\d+", addr).group(0)
        t.add("direccion", addr, page, keys=(house,))
        phone = t.add("telefono", f.phone(), page)
        t.name(pair[0], pair[0].full, page, True)
        body.append(f"Caso CAS-{case_no}: {pair[0].senor} {pair[0].full}, "
                    f"{pair[0].identificado} con C.C. {ced}, reportó hurto a residencia en la "
                    f"{addr}; teléfono de contacto {phone}.")
        # Case B: unlisted person, plate, e-mail, NIT.
        case_no += 1
        plate = t.add("placa", f.plate(), page)
        email = t.add("correo", f.email(unlisted[0]), page)
        nit = t.add("nit", f.nit(), page)
        t.name(unlisted[0], unlisted[0].full, page, False)
        body.append(f"Caso CAS-{case_no}: {unlisted[0].senor} {unlisted[0].full}, comerciante "
                    f"con NIT {nit}, informó que el vehículo de placa {plate} permanece sobre el "
                    f"andén de su local; respuesta enviada al correo {email}.")
        # Case C: listed and unlisted, other document, phone.
        case_no += 1
        cue, number = f.other_id()
        t.add("otro_documento", number, page)
        phone2 = t.add("telefono", f.phone(), page)
        t.name(pair[1], pair[1].full, page, True)
        t.name(unlisted[1], unlisted[1].full, page, False)
        body.append(f"Caso CAS-{case_no}: {pair[1].full} acompañó {unlisted[1].al} "
                    f"{unlisted[1].full}, con {cue} {number}, a la inspección; celular "
                    f"{phone2}.")
        filler_rng = f.rng
        for k, text in enumerate(body):
            w.paragraph(text)
            filler = " ".join(filler_rng.choice(FILLER) for _ in range(filler_rng.randint(30, 45)))
            w.paragraph(filler.capitalize() + ".")
        if p % 4 == 0:
            w.paragraph(sentences[(p // 4) % len(sentences)])
        for _ in range(3):
            filler = " ".join(filler_rng.choice(FILLER) for _ in range(filler_rng.randint(40, 60)))
            w.paragraph(filler.capitalize() + ".")
        assert w.page == page, "a report page overflowed"
    return Case("long_report", w.tobytes(), "pdf", terms, t.done(), sentences,
                f"Informe de {pages} páginas, 12 datos por página, 80 nombres en los términos")



# --- the set --------------------------------------------------------------------------------------

BUILDERS = {
    "acta_pymupdf": acta_pymupdf,
    "names_variants": names_variants,
    "addresses": addresses,
    "per_char_kerning": per_char_kerning,
    "reversed_spaced": reversed_spaced,
    "scanned": scanned,
    "photo_report": photo_report,
    "long_report": long_report,
}
# Text-only, no LibreOffice, no OCR: the suite's quality check runs these.
QUICK = ("acta_pymupdf", "names_variants", "addresses")
ALL = ("acta_tabla_docx", *BUILDERS)


def build_cases(names=None) -> tuple[list[Case], list[str]]:
    """The evaluation cases (all, or those named) and notes on any that could not be built.

    "acta_tabla_docx" gives two cases: the DOCX and LibreOffice's PDF of it
    ("acta_tabla_docx_pdf"; omitted, with a note, where soffice is missing).
    """
    wanted = list(names or ALL)
    cases: list[Case] = []
    notes: list[str] = []
    for name in wanted:
        if name in ("acta_tabla_docx", "acta_tabla_docx_pdf"):
            if any(c.name.startswith("acta_tabla_docx") for c in cases):
                continue
            built, more = acta_tabla_docx_cases()
            if name == "acta_tabla_docx_pdf":
                built = [c for c in built if c.name == name]
            cases.extend(built)
            notes.extend(more)
        elif name in BUILDERS:
            cases.append(BUILDERS[name]())
        else:
            raise KeyError(f"unknown case {name!r}; known: {', '.join(ALL)}")
    return cases, notes


if __name__ == "__main__":
    import json
    import sys

    outdir = Path(sys.argv[1] if len(sys.argv) > 1 else "evalset-out")
    outdir.mkdir(parents=True, exist_ok=True)
    built, notes = build_cases(sys.argv[2:] or None)
    for case in built:
        (outdir / f"{case.name}.{case.kind}").write_bytes(case.data)
        (outdir / f"{case.name}.json").write_text(json.dumps({
            "terms": case.terms, "sentences": case.sentences,
            "truth": [item.__dict__ for item in case.truth],
        }, ensure_ascii=False, indent=1), encoding="utf-8")
        print(case.name, case.kind, len(case.data), "bytes", len(case.truth), "items")
    for note in notes:
        print("note:", note)
