"""The verification gate: an output is public only if independent readers find nothing.

Independent of PyMuPDF, which wrote the file, and of the finder's reading of
the original:

- a second text engine reads every page: poppler's `pdftotext` (pypdf where
  poppler is not installed);
- Tesseract reads the rendered image of every output page that holds images,
  vector outlines or glyphs without Unicode, and of every page whose text the
  finder could not trust (it read those with OCR too);
- pikepdf walks every object of the file: string objects get detectors and
  terms, decoded streams and the raw file bytes get the terms;
- image XObjects must carry only the keys that draw them and JPEG data no
  metadata segments (EXIF, XMP, IPTC, comments).

On every text the gate runs all the detectors (on the text as laid out and
with line breaks removed, so a value wrapped across lines is one value), the
names finder, the reviewer's terms with their name variants, and the values
the remover took out of the original: what was removed must not be read
again anywhere, not even a run of digits of an identifier. Detectors never run
on raw content streams, whose coordinates and operators look like numbers of
every kind; the text engines cover what those streams show.
"""

from __future__ import annotations

import copy
import io
import logging
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# pikepdf announces its logger bridge at INFO on import; it is noise in command output.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)

import pikepdf  # noqa: E402
import pypdf  # noqa: E402

import pymupdf  # noqa: E402

from . import ocr, parallel  # noqa: E402
from . import pages as pdfpages  # noqa: E402
from .columns import column_values, may_start_columns  # noqa: E402
from .detect import detect  # noqa: E402
from .errors import Finding  # noqa: E402
from .grounds import Category  # noqa: E402
from .imagemeta import image_findings  # noqa: E402
from .names import find_names  # noqa: E402
from .pages import PUBLIC_TITLE, paused_gc  # noqa: E402
from .text import Term, TermMatcher, as_terms, fingerprint, normalize  # noqa: E402

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
    pages_ocr: int = 0
    removed_values_checked: int = 0
    objects_checked: int = 0
    streams_checked: int = 0
    strings_checked: int = 0
    terms_checked: int = 0
    allowed_items: int = 0
    findings: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def add(self, other: Stats) -> None:
        """Counts of a page range checked elsewhere, added to these."""
        for name, value in other.__dict__.items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        if other.extractor not in self.extractor.split(" + "):
            self.extractor = f"{self.extractor} + {other.extractor}"


# Categories whose removed values are also searched digit by digit: no run of
# this many digits of a removed identifier or phone may be read in the output.
# Not NIT: a company's NIT is public, and NITs share long prefixes (900.373.…).
_DIGIT_CATEGORIES = {Category.CEDULA, Category.OTHER_ID, Category.PHONE}
_DIGIT_RUN = re.compile(r"\d(?:[ .,/'’-]?\d)*")
_NOT_DIGIT = re.compile(r"\D")


# Line breaks that cut a value rather than end a line: after a dot, @, underscore,
# slash or hyphen ("80.112." / "334"), between two digits, before a dot or @, and
# inside an e-mail's local part ("luz.dary.gomez.ara" / "ngo1987@gmail.com").
_WRAP = re.compile(
    r"(?<=[.@_/-])[ \t]*\n[ \t]*(?=\S)"
    r"|(?<=\d)[ \t]*\n[ \t]*(?=\d)"
    r"|(?<=\S)[ \t]*\n[ \t]*(?=[.@])"
    r"|(?<=[\w.])\n(?=[\w.+-]*@)"
)


def _around_wraps(text: str) -> list[str]:
    """The stretches of `text` around line breaks that cut a value (90 characters each side)."""
    pieces = []
    end = -1
    for m in _WRAP.finditer(text):
        if m.start() < end:
            continue
        start = text.rfind("\n", 0, max(0, m.start() - 90)) + 1
        end = text.find("\n", m.end() + 90)
        end = len(text) if end < 0 else end
        pieces.append(text[start:end])
    return pieces


def _digit_window(length: int) -> int:
    return 6 if length >= 8 else 5


@dataclass
class _Scanner:
    terms: list[Term]
    allowed: frozenset[str]
    stats: Stats
    removed: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self):
        self.matcher = TermMatcher(self.terms)
        values = [Term(text) for _category, text in self.removed
                  if len(normalize(text).replace(" ", "")) >= _MIN_BINARY_TERM]
        self.removed_matcher = TermMatcher(values, with_variants=False)
        self.stats.removed_values_checked = len(values)
        self.digit_grams: set[str] = set()
        for category, text in self.removed:
            digits = _NOT_DIGIT.sub("", text)
            if category in _DIGIT_CATEGORIES and len(digits) >= 6:
                n = _digit_window(len(digits))
                self.digit_grams.update(digits[k : k + n] for k in range(len(digits) - n + 1))

        self.long_terms = TermMatcher(
            [t for t in self.terms if len(t.normal.replace(" ", "")) >= _MIN_BINARY_TERM],
            with_variants=False,
        )

    def branch(self) -> _Scanner:
        """The same matchers, with findings and counts of its own (for a page range)."""
        other = copy.copy(self)
        other.findings = []
        other.stats = Stats(extractor=self.stats.extractor)
        return other

    def _found(self, category: str, value: str, page: int | None) -> bool:
        """Record a finding unless a reviewer dismissed this value; True if recorded."""
        if fingerprint(value) in self.allowed:
            self.stats.allowed_items += 1
            return False
        self.findings.append(Finding(str(category), page))
        return True

    def text(self, text: str, page: int | None, *, detectors: bool = True) -> None:
        """Extracted text or a string object: detectors and terms, honouring dismissals."""
        if not detectors and not self.matcher:
            return
        normal = normalize(text)
        views = [normal]
        if detectors:
            # Wrapped values made whole again: what was cut across lines is one value.
            views += [normalize(_WRAP.sub("", piece)) for piece in _around_wraps(text)]
        accepted: list[tuple[int, int]] = []  # dismissed values, in the first view
        for number, view in enumerate(views):
            if detectors:
                for m in detect(view):
                    if not self._found(m.category, view[m.start : m.end], page) and not number:
                        accepted.append((m.start, m.end))
                for start, end, _term, _variant in self.removed_matcher.finditer(view):
                    self._found("dato_eliminado", view[start:end], page)
            for start, end, _term, _variant in self.matcher.finditer(view):
                self._found(Category.TERM, view[start:end], page)
        if detectors:
            for name in find_names(text):
                self._found(Category.NAME, text[name.start : name.end], page)
            if self.digit_grams:
                # A dismissed value stays in the output on purpose, digits and all.
                for start, end in accepted:
                    normal = normal[:start] + " " * (end - start) + normal[end:]
                self._digits(normal, page)

    def _digits(self, normal: str, page: int | None) -> None:
        grams = self.digit_grams
        sizes = {len(g) for g in grams}
        for run in _DIGIT_RUN.finditer(normal):
            digits = _NOT_DIGIT.sub("", run.group())
            for n in sizes:
                if any(digits[k : k + n] in grams for k in range(len(digits) - n + 1)):
                    self.findings.append(Finding("dato_eliminado", page))
                    return

    def data(self, variants: Iterable[str], page: int | None, *, binary: bool) -> None:
        """Decoded bytes: terms only (PDF syntax would trigger the detectors)."""
        matcher = self.long_terms if binary else self.matcher
        if not matcher:
            return
        for variant in variants:
            normal = normalize(variant)
            for start, end, _term, _variant in matcher.finditer(normal):
                if self._found(Category.TERM, normal[start:end], page):
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
                if key == "/ID" and isinstance(value, pikepdf.Array):
                    # The file identifier the writer drew at random (it rides in the xref
                    # stream's dictionary): random bytes that can spell "@ab1" or a number.
                    continue
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
            # Pixels, not text (OCR reads the rendered page); but no metadata may ride along.
            for code in image_findings(obj):
                scanner.findings.append(Finding(code, page))
            continue
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


_PDFTOTEXT_TIMEOUT = 120


class _Pdftotext:
    """poppler's pdftotext on a range of output pages, started first so it reads while this
    process checks the pages' layout: it is another process, so on a machine with cores to
    spare its reading costs the gate no time. Files rather than pipes: nothing to deadlock on.
    """

    def __init__(self, pdf_bytes: bytes, pages: range):
        self.process = self.source = self.output = None
        binary = shutil.which("pdftotext")
        if binary is None:
            return
        self.source = tempfile.NamedTemporaryFile(suffix=".pdf")
        self.output = tempfile.TemporaryFile()
        self.source.write(pdf_bytes)
        self.source.flush()
        try:
            self.process = subprocess.Popen(
                [binary, "-q", "-enc", "UTF-8", "-f", str(pages.start + 1), "-l", str(pages.stop),
                 self.source.name, "-"],
                stdin=subprocess.DEVNULL, stdout=self.output, stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.close()

    def pages(self) -> list[str | None] | None:
        if self.process is None:
            return None
        try:
            code = self.process.wait(timeout=_PDFTOTEXT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            code = None
        try:
            if code != 0:
                return None
            self.output.seek(0)
            pages = self.output.read().decode("utf-8", "replace").split("\f")
        finally:
            self.close()
        # pdftotext ends every page with a form feed, so the last piece is empty.
        return pages[:-1] if pages and not pages[-1].strip() else pages

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for handle in (self.source, self.output):
            if handle is not None:
                handle.close()
        self.process = self.source = self.output = None


def _pypdf_pages(pdf_bytes: bytes, pages: range) -> list[str | None] | None:
    # pypdf warns about every oddity of a file; the gate reports what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
        wanted = [reader.pages[number] for number in pages]
    except Exception:  # noqa: BLE001 - a file the independent reader cannot open fails the gate
        return None
    texts: list[str | None] = []
    for page in wanted:
        try:
            texts.append(page.extract_text())
        except Exception:  # noqa: BLE001
            texts.append(None)
    return texts


@dataclass
class _Pages:
    """What every page range of the gate needs (inherited by forked children)."""

    pdf: bytes
    doc: pymupdf.Document  # the output, opened by MuPDF for layout, rendering and OCR
    scanner: _Scanner
    required: set[int]  # 0-based pages whose original the finder could not trust
    kept_words: dict[int, Counter]  # words outside every area, per page with areas


@dataclass
class _PageColumns:
    number: int
    carried_in: list
    carried_out: list
    findings: list[Finding]


@dataclass
class _CheckedRange:
    findings: list[Finding]
    stats: Stats
    columns: list[_PageColumns]
    readable: bool  # whether a second text engine could read the range


def _page_columns(page: pymupdf.Page, text: str, carried: list) -> tuple[list[Finding], list]:
    """Cells under a Cédula/Teléfono/Correo/Nombre title, and the columns open at the bottom.

    The cells have no cue for the detectors. Only pages with a header-like
    line, or a table carried over from the page before, are read glyph by glyph.
    """
    if not carried and not may_start_columns(text):
        return [], []
    cells, still_open = column_values(pdfpages.read_page(page), carried)
    return [Finding(category, page.number + 1) for _f, _l, category, _r in cells], still_open


def _check_pages(shared: _Pages, pages: range) -> _CheckedRange:
    """Every check that reads one page at a time, over a range of the output's pages.

    A second text engine reads the pages (poppler's pdftotext, else pypdf)
    for the scanner; MuPDF gives the layout for table columns, text hidden
    under images and words lost outside the areas; OCR reads the rendered
    pages that hold images, outlines or unmapped glyphs, and `required` ones.
    Without Tesseract such a page cannot be checked: it fails.
    """
    scanner = shared.scanner.branch()
    poppler = _Pdftotext(shared.pdf, pages)
    columns: list = []  # a titled table that runs on over the next page
    by_page: list[_PageColumns] = []
    try:
        for number in pages:
            page = shared.doc[number]
            log = pdfpages.drawing_log(page)
            # One reading for the plain text and the words, with get_text()'s own defaults.
            plain = page.get_textpage(flags=pymupdf.TEXTFLAGS_TEXT)
            text = page.get_text("text", textpage=plain)
            found, carried_out = _page_columns(page, text, columns)
            by_page.append(_PageColumns(number, columns, carried_out, found))
            columns = carried_out
            if pdfpages.covering_images(page, log):
                # Text under an opaque image: no reader sees it, every extractor does.
                scanner.findings.append(Finding("texto_oculto", number + 1))
            kept = shared.kept_words.get(number)
            if kept and kept - Counter(w[4] for w in page.get_text("words", textpage=plain)):
                # A word outside every area went missing: ordinary text lost with no box.
                scanner.findings.append(Finding("texto_perdido", number + 1))
            if number not in shared.required and not ocr.untrusted_reasons(
                    page, order=False, log=log, text=text):
                continue
            if not ocr.tessdata_path():
                scanner.findings.append(Finding("sin_ocr", number + 1))
                continue
            scanner.stats.pages_ocr += 1
            scanner.text(ocr.ocr_text(page), number + 1)
        texts = poppler.pages()
    finally:
        poppler.close()
    if texts is not None:
        scanner.stats.extractor = "pdftotext (poppler)"
    else:
        texts = _pypdf_pages(shared.pdf, pages)
    if texts is not None:
        for number, text in zip(pages, texts):
            if text is None:
                scanner.findings.append(Finding("ilegible", number + 1))
                continue
            scanner.stats.pages_checked += 1
            scanner.text(text, number + 1)
    return _CheckedRange(scanner.findings, scanner.stats, by_page, texts is not None)


def _join(shared: _Pages, parts: list[_CheckedRange]) -> None:
    """The ranges' findings and counts into the gate's scanner, as if checked in one pass.

    A range started with no open table columns; where the page before it
    ended inside a titled table, its first pages are checked again here with
    those columns, until a page ends with the columns the range found alone.
    """
    scanner = shared.scanner
    carried: list = []
    for part in parts:
        scanner.findings.extend(part.findings)
        scanner.stats.add(part.stats)
        if not part.readable:
            scanner.findings.append(Finding("ilegible", None))
        settled = False
        for page in part.columns:
            if not settled and carried != page.carried_in:
                doc_page = shared.doc[page.number]
                found, carried = _page_columns(doc_page, doc_page.get_text("text"), carried)
                scanner.findings.extend(found)
                continue
            settled = True
            scanner.findings.extend(page.findings)
            carried = page.carried_out


def verify_detailed(
    pdf_bytes: bytes,
    terms: Iterable[str | Term] = (),
    allowed_fingerprints: Iterable[str] = frozenset(),
    *,
    removed: Iterable[tuple[str, str]] = (),
    ocr_pages: Iterable[int] = (),
    kept_words: dict[int, Counter] | None = None,
) -> tuple[list[Finding], Stats]:
    """verify(), plus the counts of what was checked.

    The page checks of a long output run in page ranges on several cores
    (parallel.py); the file-wide ones (structure, every object, the raw
    bytes) here.
    """
    terms = as_terms(terms)
    stats = Stats(terms_checked=len(terms))
    scanner = _Scanner(terms, frozenset(allowed_fingerprints), stats, list(removed))
    with paused_gc():
        try:
            doc = pymupdf.open(stream=pdf_bytes, filetype="pdf")
        except Exception:  # noqa: BLE001 - an output MuPDF cannot open fails the gate
            doc = None
            scanner.findings.append(Finding("ilegible", None))
        if doc is not None:
            try:
                shared = _Pages(pdf_bytes, doc, scanner, set(ocr_pages), kept_words or {})
                try:
                    _join(shared, parallel.run(_check_pages, shared,
                                               parallel.page_ranges(doc.page_count)))
                except parallel.PagesTookTooLong:
                    raise  # the job fails, saying so; not a finding in the file
                except Exception:  # noqa: BLE001 - a page that cannot be read or rendered fails
                    scanner.findings.append(Finding("ilegible", None))
            finally:
                doc.close()
        try:
            pdf = pikepdf.open(io.BytesIO(pdf_bytes))
        except pikepdf.PdfError:
            scanner.findings.append(Finding("ilegible", None))
            pdf = None
        if pdf is not None:
            with pdf:
                _structure(pdf, scanner)
                _walk(pdf, scanner)
        if scanner.long_terms:
            scanner.data(_data_variants(pdf_bytes), None, binary=True)
    findings = sorted(set(scanner.findings), key=lambda f: (f.page or 0, f.category))
    stats.findings = len(findings)
    return findings, stats


def verify(
    pdf_bytes: bytes,
    terms: Iterable[str | Term] = (),
    allowed_fingerprints: Iterable[str] = frozenset(),
    **kwargs,
) -> list[Finding]:
    """Check a finished PDF; returns (category, page) findings, empty if it may be published.

    Looks for every term (and the variants of names), every automatically
    detectable item (cédulas, NIT, phones, e-mails, addresses, plates, names)
    and every value the remover took out (`removed`: (category, text) pairs,
    kept in memory only) with readers independent of the writer, and for
    structures a public version must not have (annotations, attachments,
    forms, scripts, metadata beyond the neutral title, image metadata). Items
    whose fingerprint is in `allowed_fingerprints` (false positives a
    reviewer dismissed) are accepted. Pages are 1-based; None means outside
    the pages.
    """
    return verify_detailed(pdf_bytes, terms, allowed_fingerprints, **kwargs)[0]
