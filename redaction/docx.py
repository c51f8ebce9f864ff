"""DOCX to PDF, text only: the fallback when LibreOffice is not available.

redaction.office converts documents with their real layout through
LibreOffice; this renderer is used when LibreOffice is missing or switched
off (REDACTION_OFFICE=off), so a Word document still enters the same PDF
pipeline. The package is cleaned first by office.sanitize_docx: tracked
changes accepted (deleted text never appears), comments and their authors
removed, hidden text removed, document properties (docProps: author, title,
last editor), custom XML and image metadata dropped. Comments are never
rendered.

What is left that a reader sees as text is rendered: body paragraphs and
tables (nested too), text boxes, headers and footers of every section and
variant (first page, even pages), footnotes and endnotes. They are laid out
in reading order with PyMuPDF's Story (built-in fonts, nothing downloaded);
headers, footers and notes appear as labelled blocks, since a faithful page
layout is not the goal of this fallback.

Not rendered: images and drawings inside the DOCX (a limitation: a scanned
signature pasted into Word is dropped, never published) and field codes
(only field results are text a reader sees).
"""

from __future__ import annotations

import html
import io
import re

import docx as python_docx
import pymupdf
from lxml import etree

from .archives import check_zip
from .errors import UnreadableInput

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": _W}

# Parts of the package that hold text a reader of the document sees, by kind.
_PART_KINDS = (
    ("header", "Encabezado"),
    ("footer", "Pie de página"),
    ("footnotes", "Notas al pie"),
    ("endnotes", "Notas finales"),
)

_CSS = """
body { font-family: sans-serif; font-size: 10pt; line-height: 1.25; }
p { margin: 0 0 4pt 0; }
h1 { font-size: 15pt; margin: 6pt 0; }
h2 { font-size: 13pt; margin: 6pt 0; }
h3 { font-size: 11pt; margin: 5pt 0; }
table { border-collapse: collapse; margin: 4pt 0; }
td { border: 0.5pt solid #555; padding: 2pt 3pt; vertical-align: top; }
div.marco { border: 0.5pt solid #888; padding: 3pt; margin: 3pt 0; }
div.parte { margin: 6pt 0; }
p.rotulo { font-size: 7.5pt; color: #555; margin: 0 0 2pt 0; }
"""

_PAGE = pymupdf.paper_rect("a4")
_MARGIN = 56


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _is_fallback(el) -> bool:
    return isinstance(el.tag, str) and el.tag == f"{{{_MC}}}Fallback"


def _run_text(el) -> list[str]:
    """Visible text of a paragraph, not descending into text boxes (rendered apart)."""
    out: list[str] = []
    for child in el:
        name = _local(child)
        if name in ("txbxContent", "delText", "instrText", "del") or _is_fallback(child):
            continue
        if name == "t":
            out.append(child.text or "")
        elif name == "tab":
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        else:
            out.extend(_run_text(child))
    return out


def _text_boxes(p) -> list:
    """Text boxes anchored in paragraph `p`, outermost only (inner ones recurse)."""
    boxes = []

    def walk(el):
        for child in el:
            if _is_fallback(child):  # VML copy of the same box
                continue
            if _local(child) == "txbxContent":
                boxes.append(child)
                continue
            walk(child)

    walk(p)
    return boxes


def _escape(text: str) -> str:
    return html.escape(text).replace("\t", " &#160; ").replace("\n", "<br/>")


def _paragraph(p) -> str:
    text = "".join(_run_text(p))
    style = p.find("w:pPr/w:pStyle", _NS)
    style = (style.get(f"{{{_W}}}val") or "").lower() if style is not None else ""
    numbered = p.find("w:pPr/w:numPr", _NS) is not None
    out = []
    if text.strip():
        body = ("• " if numbered else "") + _escape(text)
        if style in ("title", "titulo", "ttulo"):
            out.append(f"<h1>{body}</h1>")
        elif re.match(r"(heading|t[ií]?tulo|ttulo)\s*1$", style):
            out.append(f"<h2>{body}</h2>")
        elif re.match(r"(heading|t[ií]?tulo|ttulo)\s*\d$", style):
            out.append(f"<h3>{body}</h3>")
        else:
            out.append(f"<p>{body}</p>")
    for box in _text_boxes(p):
        inner = _blocks(box)
        if inner:
            out.append(f'<div class="marco">{inner}</div>')
    return "".join(out)


def _table(tbl) -> str:
    rows = []
    for tr in tbl.findall("w:tr", _NS):
        cells = []
        for tc in tr.findall("w:tc", _NS):
            span = tc.find("w:tcPr/w:gridSpan", _NS)
            colspan = span.get(f"{{{_W}}}val") if span is not None else None
            attr = f' colspan="{int(colspan)}"' if colspan and colspan.isdigit() else ""
            cells.append(f"<td{attr}>{_blocks(tc) or '&#160;'}</td>")
        if cells:
            rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>" if rows else ""


def _blocks(container) -> str:
    """Paragraphs and tables of a body, cell, text box, header or note, in order."""
    out = []
    for child in container:
        name = _local(child)
        if name == "p":
            out.append(_paragraph(child))
        elif name == "tbl":
            out.append(_table(child))
        elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag", "footnote", "endnote",
                      "AlternateContent", "Choice"):
            out.append(_blocks(child))
    return "".join(out)


def _part_element(part):
    element = getattr(part, "element", None)
    if element is not None:
        return element
    # Parts python-docx does not model (endnotes, older comments) come as bytes.
    # No DTDs, no entities, no network: a DOCX is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(part.blob, parser)


def _html(data: bytes) -> str:
    check_zip(data)  # before python-docx inflates every part whole
    try:
        document = python_docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for bad packages
        raise UnreadableInput(
            "El documento DOCX está dañado o no es un documento de Word válido."
        ) from exc
    body = document.element.body
    sections: dict[str, list[tuple[str, str]]] = {kind: [] for kind, _ in _PART_KINDS}
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        for kind, _label in _PART_KINDS:
            if re.fullmatch(rf"/word/{kind}\d*\.xml", name):
                try:
                    inner = _blocks(_part_element(part))
                except etree.XMLSyntaxError as exc:
                    raise UnreadableInput(
                        "El documento DOCX está dañado y no se puede leer."
                    ) from exc
                if inner:
                    sections[kind].append((name, inner))

    def labelled(kind: str) -> str:
        label = dict(_PART_KINDS)[kind]
        ordered = sorted(sections[kind], key=lambda item: (len(item[0]), item[0]))
        return "".join(
            f'<div class="parte"><p class="rotulo">[{label}]</p>{inner}</div>'
            for _name, inner in ordered
        )

    return (
        "<body>"
        + labelled("header")
        + _blocks(body)
        + "".join(labelled(kind) for kind in ("footer", "footnotes", "endnotes"))
        + "</body>"
    )


def docx_to_pdf(data: bytes, *, sanitized: bool = False) -> bytes:
    """Render a DOCX's text to PDF bytes; raises UnreadableInput if it cannot be read.

    The DOCX is cleaned with office.sanitize_docx first, unless the caller
    says it already did (`sanitized=True`).
    """
    if not sanitized:
        from .office import sanitize_docx

        data, _counts = sanitize_docx(data)
    markup = _html(data)
    buffer = io.BytesIO()
    try:
        story = pymupdf.Story(html=markup, user_css=_CSS, em=10)
        writer = pymupdf.DocumentWriter(buffer)
        where = _PAGE + (_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        more = True
        pages = 0
        while more:
            device = writer.begin_page(_PAGE)
            more, _ = story.place(where)
            story.draw(device)
            writer.end_page()
            pages += 1
            if pages > 5000:
                raise UnreadableInput("El documento DOCX es demasiado extenso para convertirlo.")
        writer.close()
    except UnreadableInput:
        raise
    except Exception as exc:  # noqa: BLE001 - layout errors are input problems for the user
        raise UnreadableInput("No se pudo convertir el documento DOCX a PDF.") from exc
    return buffer.getvalue()
