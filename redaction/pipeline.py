"""Public versions of documents (Ley 1712 de 2014, art. 21): find, remove, verify.

The flow the `redact` command runs, and the admin runs with a reviewer in
the middle:

    pdf = to_pdf(upload)                         # PDF as is, DOCX rendered
    proposals = find_redactions(pdf, terms)      # what should go, with fingerprints
    previews = render_previews(pdf, proposals)   # the reviewer looks, edits the list
    result = apply_redactions(pdf, areas, terms, allowed_fingerprints)
    result.pdf, result.report                    # only if the verification gate passed

Removal is real (text, image pixels and vector art under each area are
deleted, not covered) and the output is a new file holding only page content.
Every output passes the same gate (verify.verify) before anyone gets it.

Coordinates: points, origin at the top-left of the unrotated page (PyMuPDF's
system); pages are 0-based in the API and 1-based in reports and messages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pymupdf

from . import ocr, parallel
from . import pages as pdfpages
from .columns import column_values
from .detect import scan
from .errors import UnreadableInput, VerificationFailed
from .grounds import Category, DEFAULT_GROUND, LegalGround
from .names import find_names
from .office import Conversion, office_to_pdf, sniff_office
from .text import (
    MappedText, Term, TermMatcher, as_terms, fingerprint, joined_windows, normalize,
)
from .verify import verify, verify_detailed

__all__ = [
    "Area",
    "Proposal",
    "Result",
    "UnreadableInput",
    "VerificationFailed",
    "apply_redactions",
    "find_redactions",
    "render_previews",
    "convert",
    "to_pdf",
    "verify",
]

Rect = tuple[float, float, float, float]


class Area(NamedTuple):
    """A region to withhold: 0-based page, rect (x0, y0, x1, y1), category and ground codes."""

    page: int
    rect: Rect
    category: str = Category.AREA
    legal_ground: str = DEFAULT_GROUND[Category.AREA]


@dataclass(frozen=True)
class Proposal:
    """A redaction the finder suggests.

    `fingerprint` is the sha256 of the matched text's compact normal form
    (text.fingerprint): a reviewer can dismiss a false positive by it, and the
    gate then accepts that value, without the system ever storing the text.
    A value broken over two lines gives two proposals with one fingerprint.
    """

    page: int
    rect: Rect
    category: str
    legal_ground: str
    fingerprint: str
    reason: str = ""  # why it was proposed, for the reviewer (names: the cue or the list)
    confidence: float | None = None
    official: bool = False  # a public official named in their role: proposed, marked as such

    @property
    def legal_ground_label(self) -> str:
        return LegalGround(self.legal_ground).label

    def as_area(self) -> Area:
        return Area(self.page, self.rect, self.category, self.legal_ground)

    def as_dict(self) -> dict:
        """JSON-friendly form (page stays 0-based, as in the API)."""
        return {
            "page": self.page,
            "rect": list(self.rect),
            "category": str(self.category),
            "legal_ground": str(self.legal_ground),
            "legal_ground_label": self.legal_ground_label,
            "fingerprint": self.fingerprint,
            "reason": self.reason,
            "confidence": self.confidence,
            "official": self.official,
        }


@dataclass(frozen=True)
class Result:
    """A verified public version: the PDF bytes and the report (no removed text in it)."""

    pdf: bytes
    report: dict


# --- input ------------------------------------------------------------------------------


def convert(input_bytes: bytes) -> Conversion:
    """The input as PDF, with how it was converted and what was dropped on the way.

    A PDF is returned unchanged. DOCX, ODT and DOC are cleaned (tracked
    changes accepted, comments, hidden text, properties and image metadata
    dropped) and laid out by LibreOffice headless; without LibreOffice a DOCX
    falls back to a text-only rendering, and the notes say so. The type is
    decided by content (magic bytes), never by file name. Raises
    UnreadableInput, a ValueError with a Spanish message, for empty, corrupt,
    encrypted or unsupported input.
    """
    conversion, doc = _converted(input_bytes)
    if doc is not None:
        doc.close()
    return conversion


def _converted(input_bytes: bytes) -> tuple[Conversion, pymupdf.Document | None]:
    """convert(), and for a PDF the document it opened to check it, ready for the next stage."""
    if not input_bytes:
        raise UnreadableInput("El archivo está vacío.")
    if b"%PDF-" in input_bytes[:1024]:
        doc = pdfpages.open_document(input_bytes)  # raises if unreadable or encrypted
        return Conversion(input_bytes, "pdf", []), doc
    kind = sniff_office(input_bytes)
    if kind is not None:
        return office_to_pdf(input_bytes, kind), None
    if input_bytes.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInput(
            "Formato no admitido: archivo de Office 97-2003 que no es un documento de Word "
            "(o está cifrado). Guárdelo como PDF, DOCX u ODT."
        )
    if input_bytes.startswith(b"PK\x03\x04"):
        raise UnreadableInput(
            "Formato no admitido: el archivo comprimido no es un documento DOCX u ODT válido."
        )
    raise UnreadableInput(
        "Formato no admitido: solo se aceptan documentos PDF, DOCX, ODT y DOC."
    )


def to_pdf(input_bytes: bytes) -> bytes:
    """convert(), PDF bytes only."""
    return convert(input_bytes).pdf


# --- finding ---------------------------------------------------------------------------


class _Hit(NamedTuple):
    """A value found on a page: source span (inclusive) and what to tell the reviewer."""

    first: int
    last: int
    category: str
    legal_ground: str
    digest: str
    reason: str = ""
    confidence: float | None = None
    official: bool = False


def _scan_view(source: str, index: list[int] | None, terms: TermMatcher) -> list[_Hit]:
    """Detectors and terms over one reading of a page; spans given in page-source indices."""
    mapped = MappedText(source)
    hits = []
    for match in scan(mapped.text, terms):
        first, last = mapped.source_span(match.start, match.end)
        if index is not None:
            first, last = index[first], index[last]
        ground = match.legal_ground or DEFAULT_GROUND[match.category]
        digest = fingerprint(mapped.text[match.start : match.end])
        hits.append(_Hit(first, last, str(match.category), str(ground), digest, match.reason))
    return hits


def _page_hits(
    content: pdfpages.PageText, terms: TermMatcher, columns: list | None = None
) -> list[_Hit]:
    """Everything to withhold in one reading of a page (its text layer, or what OCR read).

    Three readings of the same text: as laid out; with the line breaks inside
    a block removed and letter-spaced runs closed up, which finds values
    wrapped in a table cell or spaced out; and the names finder on the
    original text, capitals and all, since case is what tells a name apart.
    """
    hits = _scan_view(content.text, None, terms)
    spans = [(h.first, h.last) for h in hits]
    for joined, index in joined_windows(content.text, content.joints):
        for hit in _scan_view(joined, index, terms):
            if not any(a <= hit.first and hit.last <= b for a, b in spans):
                hits.append(hit)
    cells, still_open = column_values(content, columns if columns is not None else [])
    if columns is not None:
        columns[:] = still_open  # the table goes on over the next page
    for first, last, category, reason in cells:
        if not any(a <= first and last <= b for a, b in spans):
            hits.append(_Hit(first, last, category, str(DEFAULT_GROUND[category]),
                             fingerprint(content.text[first : last + 1]), reason))
    taken = [(h.first, h.last) for h in hits]
    for name in find_names(content.text):
        # A listed term (with the reviewer's ground) or a detector already covers it all;
        # a term that covers only part ("Jorge Eliécer Vélez" of "… Vélez Chaverra") does not.
        if any(a <= name.start and name.end - 1 <= b for a, b in taken):
            continue
        value = content.text[name.start : name.end]
        hits.append(_Hit(name.start, name.end - 1, str(Category.NAME),
                         str(DEFAULT_GROUND[Category.NAME]), fingerprint(value),
                         name.reason, round(name.confidence, 2), name.official))
    return hits


def _page_proposals(page: pymupdf.Page, terms: TermMatcher, columns: list,
                    names: dict[str, None]) -> list[Proposal]:
    content = pdfpages.read_page(page)
    log = pdfpages.drawing_log(page)
    readings = [content]
    if ocr.untrusted_reasons(page, content, log=log):
        readings.append(ocr.ocr_reading(page))
    proposals: list[Proposal] = []
    seen: set[tuple] = set()
    for number, reading in enumerate(readings):
        for hit in _page_hits(reading, terms, columns if not number else None):
            # Names the names finder proposed (not bare column cells, which may be half a name).
            if hit.category == Category.NAME and hit.confidence is not None:
                names.setdefault(reading.text[hit.first : hit.last + 1], None)
            glyphs = reading.glyphs(hit.first, hit.last)
            for rect in pdfpages.boxes_for(glyphs):
                key = (pdfpages.rect_tuple(rect), hit.category)
                if key in seen:
                    continue
                seen.add(key)
                proposals.append(Proposal(
                    page.number, key[0], hit.category, hit.legal_ground, hit.digest,
                    reason=hit.reason, confidence=hit.confidence, official=hit.official,
                ))
    for rect, covered in pdfpages.covering_boxes(page, log):
        proposals.append(
            Proposal(page.number, pdfpages.rect_tuple(rect), str(Category.BOX),
                     str(DEFAULT_GROUND[Category.BOX]), fingerprint(covered),
                     reason="recuadro oscuro dibujado sobre texto que sigue en el archivo")
        )
    for rect, covered in pdfpages.covering_images(page, log):
        proposals.append(
            Proposal(page.number, pdfpages.rect_tuple(rect), str(Category.BOX),
                     str(DEFAULT_GROUND[Category.BOX]), fingerprint(covered),
                     reason="texto tapado por una imagen: no se ve, pero sigue en el archivo")
        )
    return proposals


def find_redactions(pdf_bytes: bytes, terms: Iterable[str | Term] = ()) -> list[Proposal]:
    """Everything that should be withheld from a PDF, as proposals in page order.

    Finds the reviewer's `terms` (strings or text.Term; case, accents and
    line breaks ignored, whole words; names also in their usual variants),
    people's names from context and name lists, Colombian personal data
    (cédulas and other ID numbers with their cue, NIT with a valid check
    digit, mobile and landline numbers, e-mails, addresses, plates after
    "placa") in all text an extractor can read, hidden text included, values
    wrapped across lines or letter-spaced, text OCR reads on scans and on pages
    whose text layer cannot be trusted, and dark boxes already drawn over live
    text. Raises UnreadableInput if the PDF cannot be read.

    Long documents are read in page ranges on several cores (parallel.py);
    the result is the same as reading them in one pass.
    """
    matcher = TermMatcher(as_terms(terms))
    with pdfpages.paused_gc():
        doc = pdfpages.open_document(pdf_bytes)
        try:
            return _find(doc, matcher)
        finally:
            doc.close()


def _find(doc: pymupdf.Document, matcher: TermMatcher) -> list[Proposal]:
    """find_redactions() on an open document, which it leaves as it found it."""
    ranges = parallel.page_ranges(doc.page_count)
    shared = _Shared(doc, matcher)
    found = _in_page_order(shared, parallel.run(_find_pages, shared, ranges))
    names: dict[str, None] = {}  # names found by context, in order of discovery
    for page in found:
        ocr.remember_reasons(doc, page.number, page.reasons)
        ocr.remember_reading(doc, page.number, page.reading)
        names.update(dict.fromkeys(page.names))
    by_page = [page.proposals for page in found]
    if names:
        shared.names = TermMatcher([Term(name) for name in names])
        for part in parallel.run(_other_mentions, shared, ranges):
            for number, more in part:
                _add_mentions(by_page[number], more)
    # Reading order, so preview numbers run down the page.
    return [p for proposals in by_page
            for p in sorted(proposals, key=lambda p: (round(p.rect[1]), p.rect[0]))]


@dataclass
class _Shared:
    """What every page range needs. Forked children inherit it, the open document included:
    each child works on its own copy of this process's memory."""

    doc: pymupdf.Document
    terms: TermMatcher
    names: TermMatcher | None = None


@dataclass
class _FoundPage:
    """The finder's result for one page, and what the next page and later stages need."""

    number: int
    proposals: list[Proposal]
    names: list[str]
    reasons: list[str]  # why its text layer cannot be trusted (kept for the remover)
    reading: pdfpages.PageText | None  # what OCR read, if it was read (kept likewise)
    carried_in: list  # titled table columns open at the top of the page
    carried_out: list  # and at its bottom


def _find_pages(shared: _Shared, pages: range, carried: list | None = None) -> list[_FoundPage]:
    """The finder over a range of pages, with the columns open at its top (none: a fresh start)."""
    columns = list(carried or [])
    found = []
    for number in pages:
        page = shared.doc[number]
        before = list(columns)
        names: dict[str, None] = {}
        proposals = _page_proposals(page, shared.terms, columns, names)
        reasons = ocr.untrusted_reasons(page)
        found.append(_FoundPage(number, proposals, list(names), reasons,
                                ocr.kept_reading(page) if reasons else None,
                                before, list(columns)))
    return found


def _in_page_order(shared: _Shared, parts: list[list[_FoundPage]]) -> list[_FoundPage]:
    """The ranges' pages joined, as if read in one pass.

    A range started with no open table columns. Where the page before it
    ended inside a titled table, its first pages are read again here with
    those columns, until a page ends with the columns the range had found
    on its own: from there on its reading is the one-pass reading.
    """
    pages: list[_FoundPage] = []
    for part in parts:
        carried = pages[-1].carried_out if pages else []
        for index, page in enumerate(part):
            if carried == page.carried_in:
                pages.extend(part[index:])
                break
            again = _find_pages(shared, range(page.number, page.number + 1), carried)[0]
            pages.append(again)
            carried = again.carried_out
    return pages


def _other_mentions(shared: _Shared, pages: range) -> list[tuple[int, list[Proposal]]]:
    """The names found by context, wherever else they appear, in any of their variants.

    "El señor Wilmer Asprilla Mosquera" is found by its cue; two paragraphs
    later "ASPRILLA MOSQUERA, Wilmer" or a plain "Wilmer Asprilla" has none.
    Returns (page number, more proposals) for the pages in `pages` that have some.
    """
    matcher = shared.names
    out = []
    for number in pages:
        page = shared.doc[number]
        untrusted = ocr.untrusted_reasons(page)
        if not untrusted and not any(matcher.finditer(
                normalize(page.get_text("text", flags=pdfpages.TEXT_FLAGS)))):
            continue  # the plain text is enough to know the page has no other mention
        readings = [pdfpages.read_page(page)]
        if untrusted:
            readings.append(ocr.ocr_reading(page))
        out.append((number, _mentions_in(page, matcher, readings)))
    return out


def _add_mentions(found: list[Proposal], more: list[Proposal]) -> None:
    """A page's other mentions, except where a proposal already covers the box."""
    seen = {(p.rect, p.category) for p in found}
    for proposal in more:
        key = (proposal.rect, proposal.category)
        if key in seen or any(_covers(p.rect, proposal.rect) for p in found):
            continue
        seen.add(key)
        found.append(proposal)


def _mentions_in(page: pymupdf.Page, matcher: TermMatcher,
                 readings: list[pdfpages.PageText]) -> list[Proposal]:
    """Proposals for the matcher's names in a page's readings, one per box."""
    found: list[Proposal] = []
    seen: set[tuple] = set()
    for reading in readings:
        mapped = MappedText(reading.text)
        for start, end, _term, _variant in matcher.finditer(mapped.text):
            first, last = mapped.source_span(start, end)
            digest = fingerprint(mapped.text[start:end])
            for rect in pdfpages.boxes_for(reading.glyphs(first, last)):
                key = (pdfpages.rect_tuple(rect), str(Category.NAME))
                if key in seen:
                    continue
                seen.add(key)
                found.append(Proposal(
                    page.number, key[0], str(Category.NAME),
                    str(DEFAULT_GROUND[Category.NAME]), digest,
                    reason="otra mención de un nombre detectado en el documento",
                ))
    return found


def _covers(outer: Rect, inner: Rect) -> bool:
    return (outer[0] <= inner[0] + 1 and outer[1] <= inner[1] + 1
            and inner[2] <= outer[2] + 1 and inner[3] <= outer[3] + 1)


# --- applying -------------------------------------------------------------------------


def _as_area(item) -> Area:
    if isinstance(item, Proposal):
        return item.as_area()
    page, rect, category, ground = item
    if category not in Category.values:
        raise ValueError(f"Categoría desconocida: «{category}».")
    if ground not in LegalGround.values:
        raise ValueError(f"Fundamento legal desconocido: «{ground}».")
    category, ground = Category(category).value, LegalGround(ground).value
    r = pymupdf.Rect(rect)
    if r.is_empty or r.is_infinite:
        raise ValueError(f"Área vacía o inválida en la página {int(page) + 1}.")
    return Area(int(page), pdfpages.rect_tuple(r), category, ground)


def _report(doc_pages: int, areas: Sequence[Area], stats: dict) -> dict:
    return {
        "source_pages": doc_pages,
        "coordinates": {"units": "pt", "origin": "top-left",
                        "page_box": "unrotated page, as PyMuPDF reports it"},
        "redactions": [
            {
                "page": a.page + 1,
                "rect": list(a.rect),
                "category": a.category,
                "legal_ground": a.legal_ground,
                "legal_ground_label": LegalGround(a.legal_ground).label,
            }
            for a in areas
        ],
        "verification": stats,
    }


def apply_redactions(
    pdf_bytes: bytes,
    areas: Iterable[Area | Proposal | tuple],
    terms: Iterable[str | Term] = (),
    allowed_fingerprints: Iterable[str] = frozenset(),
) -> Result:
    """Remove `areas` for real, write a fresh PDF and pass it through the verification gate.

    `areas`: (page, rect, category, legal_ground) tuples, Area or Proposal
    objects, as the reviewer left them (manual areas included). Under each
    area, glyphs whose centre lies inside are deleted from the content
    streams, image pixels are blanked (PDF_REDACT_IMAGE_PIXELS) and vector
    paths entirely inside are deleted (PDF_REDACT_LINE_ART_REMOVE_IF_COVERED:
    "touched" would also delete table rules, underlines and page backgrounds
    that merely cross a box, withholding more than art. 21 allows; what is left
    of such paths under a box is shape, not data). Each area then gets an
    opaque box labelled with its legal ground. Every image is written again
    without metadata.

    The output must then pass verify(): `terms` are searched again, every
    detector runs again, and the values read under the personal-data areas of
    the original (in memory only) must not be read anywhere in the output;
    pages whose text could not be trusted are OCR-read. Only values whose
    fingerprint is in `allowed_fingerprints` are accepted. Raises
    VerificationFailed (with findings (category, page), never content) if
    anything is left, UnreadableInput if the PDF cannot be read.
    """
    areas = [_as_area(item) for item in areas]
    with pdfpages.paused_gc():
        doc = pdfpages.open_document(pdf_bytes)
        try:
            return _apply(doc, areas, as_terms(terms), frozenset(allowed_fingerprints))
        finally:
            doc.close()


def _apply(doc: pymupdf.Document, areas: list[Area], terms: list[Term],
           allowed: frozenset[str]) -> Result:
    """apply_redactions() on an open document, whose pages it changes."""
    output, page_count, untrusted, removed, kept_words = _remove_and_write(doc, areas, allowed)
    findings, stats = verify_detailed(
        output, terms, allowed, removed=removed, ocr_pages=untrusted.keys(),
        kept_words=kept_words,
    )
    report = _report(page_count, areas, {"passed": not findings, **stats.as_dict()})
    report["pages_without_text"] = sorted(
        n + 1 for n, reasons in untrusted.items() if "solo_imagen" in reasons
    )
    report["pages_read_with_ocr"] = [
        {"page": n + 1, "reasons": reasons, "motivos": [ocr.REASONS[r] for r in reasons]}
        for n, reasons in sorted(untrusted.items())
    ]
    if findings:
        report["verification"]["failures"] = [
            {"category": f.category, "page": f.page} for f in findings
        ]
        raise VerificationFailed(findings, report)
    return Result(output, report)


# Areas whose text must not be read again in the output. Manual areas and earlier
# boxes are not: what they cover may legitimately appear elsewhere on the page.
_VALUE_CATEGORIES = frozenset(Category.values) - {Category.AREA, Category.BOX}


def _remove_and_write(
    doc: pymupdf.Document, areas: list[Area], allowed: frozenset[str]
) -> tuple[bytes, int, dict[int, list[str]], list[tuple[str, str]], dict[int, Counter]]:
    """The output, page count, untrusted pages, removed values and each page's kept words."""
    page_count = doc.page_count
    by_page: dict[int, list[Area]] = defaultdict(list)
    for area in areas:
        if not 0 <= area.page < page_count:
            raise ValueError(f"La página {area.page + 1} no existe en el documento.")
        by_page[area.page].append(area)
    ranges = parallel.page_ranges(page_count)
    parts = parallel.run(_remove_pages, _Removal(doc, by_page, allowed), ranges)
    untrusted: dict[int, list[str]] = {}
    removed: list[tuple[str, str]] = []
    kept_words: dict[int, Counter] = {}
    for part in parts:
        untrusted.update(part.untrusted)
        removed.extend(part.removed)
        kept_words.update(part.kept_words)
    pieces = [(part.pdf, r) if part.pdf is not None else (doc, r)
              for part, r in zip(parts, ranges)]
    return pdfpages.assemble(pieces), page_count, untrusted, removed, kept_words


@dataclass
class _Removal:
    """What every page range of the remover needs (inherited by forked children)."""

    doc: pymupdf.Document
    areas: dict[int, list[Area]]
    allowed: frozenset[str]


@dataclass
class _RemovedRange:
    untrusted: dict[int, list[str]]
    removed: list[tuple[str, str]]
    kept_words: dict[int, Counter]
    pdf: bytes | None  # the range's pages, written by a child; None: still in `doc` here


def _remove_pages(shared: _Removal, pages: range) -> _RemovedRange:
    doc = shared.doc
    result = _RemovedRange({}, [], {}, None)
    labels = {}
    for number in pages:
        page = doc[number]
        reasons = ocr.untrusted_reasons(page)  # kept from the finder for the same file
        if reasons:
            result.untrusted[number] = reasons
        page_areas = shared.areas.get(number)
        if not page_areas:
            continue
        rects = [a.rect for a in page_areas]
        result.kept_words[number] = _words_outside(page, rects)
        values = [[text] for text in _remove_page_content(page, rects) or [""] * len(rects)]
        if reasons:  # what OCR read under each area, for scans
            reading = ocr.ocr_reading(page)
            for area, found in zip(page_areas, values):
                found.append(reading.text_under(area.rect))
        for area, found in zip(page_areas, values):
            if area.category in _VALUE_CATEGORIES:
                result.removed.extend((area.category, value) for value in found
                                      if value and fingerprint(value) not in shared.allowed)
        labels[number] = [(a.rect, LegalGround(a.legal_ground).label) for a in page_areas]
    pdfpages.finish_pages(doc, pages, labels)
    if parallel.in_child():
        result.pdf = pdfpages.pages_pdf(doc, pages)
    return result


def _words_outside(page: pymupdf.Page, rects: list[Rect]) -> Counter:
    """The page's words that no area touches: all of them must still be there afterwards."""
    # Plain comparisons: a pymupdf.Rect per word and area cost more than the removal itself.
    areas = [(r[0] - 1, r[1] - 1, r[2] + 1, r[3] + 1) for r in rects]
    return Counter(
        w[4] for w in page.get_text("words")  # as the gate reads the output's words
        if not any(w[0] < a[2] and a[0] < w[2] and w[1] < a[3] and a[1] < w[3] for a in areas))


def _remove_page_content(page: pymupdf.Page, rects: list[Rect]) -> list[str]:
    # Indirection kept on purpose: tests replace it to prove the gate catches a remover that fails.
    return pdfpages.remove_areas(page, rects)


# --- previews ----------------------------------------------------------------------------


def render_previews(
    pdf_bytes: bytes,
    items: Iterable[Area | Proposal | tuple],
    zoom: float = 1.5,
    pages: Iterable[int] | None = None,
) -> list[bytes]:
    """One PNG per page with the proposed areas outlined and numbered, for the reviewer.

    Numbers follow the order of `items` (1-based), so the review form can
    refer to "área 7". Nothing is removed: the preview shows what is there.
    `pages` (0-based) limits the rendering, so the admin draws one page per request.
    """
    wanted = None if pages is None else set(pages)
    areas = [_as_area(item) for item in items]
    doc = pdfpages.open_document(pdf_bytes)
    try:
        by_page: dict[int, list[tuple[int, Area]]] = defaultdict(list)
        for number, area in enumerate(areas, start=1):
            by_page[area.page].append((number, area))
        images = []
        matrix = pymupdf.Matrix(zoom, zoom)
        for page in doc:
            if wanted is not None and page.number not in wanted:
                continue
            marked = by_page.get(page.number)
            if marked:
                shape = page.new_shape()
                for number, area in marked:
                    r = pymupdf.Rect(area.rect)
                    shape.draw_rect(r)
                    shape.finish(color=(0.85, 0.1, 0.1), fill=(1, 0.85, 0.2), width=1.2,
                                 fill_opacity=0.35, stroke_opacity=0.9)
                    tag = pymupdf.Point(r.x0, max(r.y0 - 1.5, 7))
                    shape.insert_text(tag, str(number), fontname="hebo", fontsize=7,
                                      color=(0.85, 0.1, 0.1))
                shape.commit(overlay=True)
            images.append(page.get_pixmap(matrix=matrix, annots=False).tobytes("png"))
        return images
    finally:
        doc.close()


def redact(
    input_bytes: bytes, terms: Iterable[str | Term] = ()
) -> tuple[Result, list[Proposal]]:
    """The whole unattended pipeline, as the `redact` command runs it: every proposal applied."""
    conversion, doc = _converted(input_bytes)
    terms = as_terms(terms)
    try:
        with pdfpages.paused_gc():
            # One opening for every stage: the finder leaves the document as it found it.
            if doc is None:  # converted from an office format
                doc = pdfpages.open_document(conversion.pdf)
            proposals = _find(doc, TermMatcher(terms))
            result = _apply(doc, [p.as_area() for p in proposals], terms, frozenset())
    except VerificationFailed as exc:
        if exc.report is not None:
            exc.report["source"] = conversion.as_report()
        raise
    finally:
        if doc is not None:
            doc.close()
    result.report["source"] = conversion.as_report()
    return result, proposals
