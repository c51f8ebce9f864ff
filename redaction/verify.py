"""The verification gate: an output is public only if independent readers find nothing.

Independent of PyMuPDF, which wrote the file: pypdf extracts each page's text
(the same detectors and terms as the finder run on it), and pikepdf walks
every object of the file: string objects get detectors and terms, decoded
streams and the raw file bytes get the terms. Detectors never run on raw
content streams, whose coordinates and operators look like numbers of every
kind; the text extraction covers what those streams show.

pypdf rather than pdfminer.six: even without layout analysis pdfminer
interprets every glyph in Python and took 2.1 s for the 100 benchmark pages
where pypdf's plain extraction took 0.8 s. Image pixel data is not read as
text (it is pixels; the remover blanked the redacted areas) but its encoded
bytes are still part of the raw-file term search.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# pikepdf announces its logger bridge at INFO on import; it is noise in command output.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)

import pikepdf  # noqa: E402
import pypdf  # noqa: E402

from .detect import detect
from .errors import Finding
from .grounds import Category
from .pages import PUBLIC_TITLE, paused_gc
from .text import Term, as_terms, fingerprint, normalize

# Term search on binary data (fonts, the compressed file) needs terms long
# enough not to occur by chance: a 3-letter name appears in a megabyte of
# random bytes about once. Shorter terms are still searched in extracted text,
# string objects and decoded content streams.
_MIN_BINARY_TERM = 5

_STRUCTURAL_ROOT_KEYS = {
    "/AcroForm": "formularios",
    "/Names": "adjuntos",
    "/OpenAction": "javascript",
    "/AA": "javascript",
    "/Outlines": "marcadores",
    "/PageLabels": "etiquetas_de_pagina",
    "/OCProperties": "capas",
    "/Metadata": "metadatos",
    "/Info": "metadatos",
}
_ALLOWED_ROOT_KEYS = {"/Type", "/Pages"}


@dataclass
class Stats:
    """What the gate looked at; goes into the report (counts only)."""

    extractor: str = f"pypdf {pypdf.__version__}"
    pages_checked: int = 0
    objects_checked: int = 0
    streams_checked: int = 0
    strings_checked: int = 0
    terms_checked: int = 0
    allowed_items: int = 0
    findings: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Scanner:
    terms: list[Term]
    allowed: frozenset[str]
    stats: Stats
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self):
        def combined(terms):
            patterns = [t.pattern.pattern for t in terms]
            return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

        self.all_terms = combined(self.terms)
        self.long_terms = combined(
            [t for t in self.terms if len(t.normal.replace(" ", "")) >= _MIN_BINARY_TERM]
        )

    def text(self, text: str, page: int | None, *, detectors: bool = True) -> None:
        """Extracted text or a string object: detectors and terms, honouring dismissals."""
        if not detectors and not self.terms:
            return
        normal = normalize(text)
        found = []
        if detectors:
            found = [(m.category, normal[m.start:m.end]) for m in detect(normal)]
        for term in self.terms:
            found += [(Category.TERM, m.group()) for m in term.pattern.finditer(normal)]
        for category, value in found:
            if fingerprint(value) in self.allowed:
                self.stats.allowed_items += 1
            else:
                self.findings.append(Finding(str(category), page))

    def data(self, variants: Iterable[str], page: int | None, *, binary: bool) -> None:
        """Decoded bytes: terms only (PDF syntax would trigger the detectors)."""
        regex = self.long_terms if binary else self.all_terms
        if regex is None:
            return
        for variant in variants:
            normal = normalize(variant)
            for m in regex.finditer(normal):
                if fingerprint(m.group()) in self.allowed:
                    self.stats.allowed_items += 1
                else:
                    self.findings.append(Finding(str(Category.TERM), page))
                    return


def _string_variants(raw: bytes) -> list[str]:
    """A PDF string as text: its declared encoding plus the plausible misreadings."""
    if raw.startswith(b"\xfe\xff"):
        return [raw[2:].decode("utf-16-be", "replace")]
    if raw.startswith(b"\xff\xfe"):
        return [raw[2:].decode("utf-16-le", "replace")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return [raw[3:].decode("utf-8", "replace")]
    variants = [raw.decode("pdfdoc", "replace")]
    if _HIGH_BYTE.search(raw):
        variants.append(raw.decode("utf-8", "replace"))
    if b"\x00" in raw and len(raw) % 2 == 0:
        variants.append(raw.decode("utf-16-be", "replace"))
    return variants


_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_PDFDOC_SPECIFIC = re.compile(rb"[\x18-\x1f\x80-\xa0]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _looks_utf16(data: bytes, offset: int) -> bool:
    """UTF-16BE without BOM: Latin text has a NUL in most high bytes."""
    sample = data[offset : offset + 8192 : 2]
    return len(sample) > 4 and sample.count(0) > len(sample) * 0.3


def _data_variants(data: bytes) -> list[str]:
    """Decoded stream bytes as text: latin-1, PDFDocEncoding, UTF-8, UTF-16BE at both alignments.

    The normal form drops NUL characters, so the latin-1 reading alone also
    finds UTF-16 text of the Latin-1 range at any alignment.
    """
    variants = [data.decode("latin-1")]
    if _PDFDOC_SPECIFIC.search(data):
        variants.append(data.decode("pdfdoc", "replace"))
    if _UTF8_SEQUENCE.search(data):
        variants.append(data.decode("utf-8", "replace"))
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        variants.append(data.decode("utf-16", "replace"))
    for offset in (0, 1):
        if _looks_utf16(data, offset):
            end = offset + (len(data) - offset) // 2 * 2
            variants.append(data[offset:end].decode("utf-16-be", "replace"))
    return variants


def _page_owners(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    """Which page (1-based) each page-specific object belongs to, for messages."""
    owners: dict[tuple[int, int], int] = {}

    def claim(obj, number, depth=0):
        if depth > 3 or not isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            return
        if obj.is_indirect:
            if obj.objgen in owners:
                return
            owners[obj.objgen] = number
        values = obj if isinstance(obj, pikepdf.Array) else obj.values()
        for value in values:
            claim(value, number, depth + 1)

    for number, page in enumerate(pdf.pages, start=1):
        owners[page.obj.objgen] = number
        for key in ("/Contents", "/Resources"):
            if key in page.obj:
                claim(page.obj[key], number)
    return owners


def _structure(pdf: pikepdf.Pdf, scanner: _Scanner) -> None:
    """The fresh-document invariants: nothing but pages and a neutral title."""
    for key in pdf.Root.keys():
        if key not in _ALLOWED_ROOT_KEYS:
            scanner.findings.append(Finding(_STRUCTURAL_ROOT_KEYS.get(key, "estructura"), None))
    info = pdf.trailer.get("/Info")
    if info is not None:
        for key, value in info.items():
            if key != "/Title" or str(value) != PUBLIC_TITLE:
                scanner.findings.append(Finding("metadatos", None))
    for number, page in enumerate(pdf.pages, start=1):
        if "/Annots" in page.obj and len(page.obj.Annots):
            scanner.findings.append(Finding("anotaciones", number))
        for key in ("/AA", "/Metadata", "/Thumb", "/PieceInfo"):
            if key in page.obj:
                scanner.findings.append(Finding("estructura", number))


_TYPE_FINDINGS = {
    "/Annot": "anotaciones",
    "/EmbeddedFile": "adjuntos",
    "/Filespec": "adjuntos",
    "/Metadata": "metadatos",
    "/OCG": "capas",
}


def _walk(pdf: pikepdf.Pdf, scanner: _Scanner) -> None:
    owners = _page_owners(pdf)
    stats = scanner.stats

    def visit(obj, page, depth=0):
        if isinstance(obj, pikepdf.String):
            stats.strings_checked += 1
            for variant in _string_variants(bytes(obj)):
                scanner.text(variant, page)
        elif isinstance(obj, pikepdf.Name):
            scanner.text(str(obj)[1:], page, detectors=False)
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if depth and obj.is_indirect:
                return
            mapping = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            for key, value in mapping.items():
                scanner.text(key[1:], page, detectors=False)
                visit(value, page, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            if depth and obj.is_indirect:
                return
            for value in obj:
                visit(value, page, depth + 1)

    for obj in pdf.objects:
        if obj is None or not isinstance(
            obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream, pikepdf.String)
        ):
            continue
        stats.objects_checked += 1
        page = owners.get(obj.objgen)
        visit(obj, page)
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            kind = obj.get("/Type")
            if isinstance(kind, pikepdf.Name) and str(kind) in _TYPE_FINDINGS:
                scanner.findings.append(Finding(_TYPE_FINDINGS[str(kind)], page))
            if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript:
                scanner.findings.append(Finding("javascript", page))
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == pikepdf.Name.Image:
            continue  # pixels, not text; redacted areas were blanked by the remover
        stats.streams_checked += 1
        try:
            data = obj.read_bytes()
        except pikepdf.PdfError:
            data = obj.read_raw_bytes()
        is_font = any(k in obj for k in ("/Length1", "/Length2", "/Length3")) or obj.get(
            "/Subtype"
        ) in (pikepdf.Name.Type1C, pikepdf.Name.CIDFontType0C, pikepdf.Name.OpenType)
        scanner.data(_data_variants(data), page, binary=is_font)
        if obj.get("/Type") in (pikepdf.Name.Metadata, pikepdf.Name.EmbeddedFile):
            scanner.text(data.decode("utf-8", "replace"), page)


def _extract_pages(pdf_bytes: bytes, scanner: _Scanner) -> None:
    # pypdf warns about every oddity of a file; the gate reports what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
        pages = list(reader.pages)
    except Exception:  # noqa: BLE001 - a file the independent reader cannot open fails the gate
        scanner.findings.append(Finding("ilegible", None))
        return
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text()
        except Exception:  # noqa: BLE001
            scanner.findings.append(Finding("ilegible", number))
            continue
        scanner.stats.pages_checked += 1
        scanner.text(text, number)


def verify_detailed(
    pdf_bytes: bytes,
    terms: Iterable[str | Term] = (),
    allowed_fingerprints: Iterable[str] = frozenset(),
) -> tuple[list[Finding], Stats]:
    """verify(), plus the counts of what was checked."""
    terms = as_terms(terms)
    stats = Stats(terms_checked=len(terms))
    scanner = _Scanner(terms, frozenset(allowed_fingerprints), stats)
    with paused_gc():
        _extract_pages(pdf_bytes, scanner)
        try:
            pdf = pikepdf.open(io.BytesIO(pdf_bytes))
        except pikepdf.PdfError:
            scanner.findings.append(Finding("ilegible", None))
        else:
            with pdf:
                _structure(pdf, scanner)
                _walk(pdf, scanner)
        if scanner.all_terms is not None:
            scanner.data(_data_variants(pdf_bytes), None, binary=True)
    findings = sorted(set(scanner.findings), key=lambda f: (f.page or 0, f.category))
    stats.findings = len(findings)
    return findings, stats


def verify(
    pdf_bytes: bytes,
    terms: Iterable[str | Term] = (),
    allowed_fingerprints: Iterable[str] = frozenset(),
) -> list[Finding]:
    """Check a finished PDF; returns (category, page) findings, empty if it may be published.

    Looks for every term and every automatically detectable item (cédulas,
    NIT, phones, e-mails, addresses, plates) with readers independent of the
    writer, and for structures a public version must not have (annotations,
    attachments, forms, scripts, metadata beyond the neutral title). Items
    whose fingerprint is in `allowed_fingerprints` (false positives a reviewer
    dismissed) are accepted. Pages are 1-based; None means outside the pages.
    """
    return verify_detailed(pdf_bytes, terms, allowed_fingerprints)[0]
