"""Scoring the redaction pipeline on the evaluation set.

For every case, redact() runs on the input as the `redact` command runs it;
the OUTPUT is then read by tools that share nothing with the pipeline's
writer:

* "texto": poppler's `pdftotext -layout` (pdfminer.six when poppler is absent),
  page by page;
* "ocr": the `tesseract` command (Spanish) on each page rendered at 300 dpi,
  for pages holding an image (all pages with ocr_all=True);
* "objetos": every string and name of every PDF object (document info,
  annotations, image dictionaries...), decoded XMP metadata streams,
  attachments and the APP segments (EXIF, XMP, comments) of embedded JPEGs;
  font programs and image pixels are not read;
* "contenido": the string operands of each page's text operators, raw
  (text a text extractor might not report: clipped, outside the page...).

Scores, per truth category (build.CATEGORIES):

* recall: share of planted items fully removed (leak_reason() is None for
  every reading). Items of a document the gate refused are "not delivered":
  they count neither as removed nor as leaked, and are reported apart.
* precision: share of the pipeline's proposals that cover a planted item. The
  text under each proposal rect is read from the SOURCE PDF with PyMuPDF (the
  characters whose centre lies in the rect, in visual order; page.get_textbox
  is far slower); a proposal is correct when that text shares a token with a
  planted value (or key) of the same page (or of the document, for items
  without a page), or is a piece of one (letters and digits only: the half of
  an e-mail that wrapped in its cell). Where the source has no text under the rect (scans,
  pasted images) the page's OCR text page is used instead; a proposal over
  which neither finds anything is "unverifiable" and left out. Proposals are
  counted under the truth category their pipeline category stands for
  (termino -> nombre_listado, nombre -> nombre_no_listado).
* sentences kept: share of the case's ordinary sentences found verbatim in the
  output text (whitespace and end-of-line hyphenation normalised).
* seconds and pages per second of redact() itself, and gate refusals.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import pymupdf

from .build import CATEGORIES, Case, Item
from .cases import significant_digits

# --- targets --------------------------------------------------------------------------------------

RECALL_TARGETS = {c: 1.0 for c in CATEGORIES}
RECALL_TARGETS["nombre_no_listado"] = 0.95
PRECISION_TARGETS = {"nombre_no_listado": 0.80}
SENTENCES_TARGET = 1.0

# Pipeline category -> truth category it answers to (for precision rows).
PROPOSAL_CATEGORY = {
    "cedula": "cedula", "telefono": "telefono", "correo": "correo", "direccion": "direccion",
    "otro_documento": "otro_documento", "placa": "placa", "nit": "nit",
    "termino": "nombre_listado", "nombre": "nombre_no_listado",
}

OCR_DPI = 300

# --- normal forms ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, no whitespace (the strictest comparison form)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cc", "Cf"))
    return re.sub(r"\s+", "", kept.casefold())


def fold_words(text: str) -> str:
    """Lower case, no accents, whitespace kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text))


# Letter-spaced runs ("G Ó M E Z", "7 9 8 4") closed up, so their words count as words.
_SPACED = re.compile(r"(?<!\S)\S(?: {1,3}\S){2,}(?!\S)")
# Digits with the separators people (and pdftotext -layout) put between them, on one line.
_DIGIT_RUN = re.compile(r"\d(?:[ .,()\-]{0,2}\d)*")


def _close_up(text: str) -> str:
    return _SPACED.sub(lambda m: re.sub(r" +", "", m.group(0)), text)


@dataclass
class Reading:
    """One reader's text of one page (or of the whole file), in the forms the rules need."""

    source: str  # "texto", "ocr", "contenido", "objetos"
    page: int | None
    text: str
    exact_only: bool = False  # objects: no digit-window rule (coordinates, binary data)
    folded: str = field(init=False)
    words: set[str] = field(init=False)
    grams: set[str] = field(init=False)
    numbers: set[str] = field(init=False)

    def __post_init__(self):
        closed = _close_up(self.text)
        self.folded = fold(self.text)
        self.words = set(re.findall(r"\w+", fold_words(self.text + "\n" + closed)))
        self.numbers = {m.replace(" ", "") for m in re.findall(r"\d+", self.text)}
        self.grams = set()
        if not self.exact_only:
            for line in (self.text + "\n" + closed).splitlines():
                for run in _DIGIT_RUN.findall(line):
                    digits = re.sub(r"\D", "", run)
                    self.grams.update(digits[k : k + 4] for k in range(len(digits) - 3))


# --- the leak rules (all of them, here) -----------------------------------------------------------

_DIGIT_CATEGORIES = {"cedula", "telefono", "otro_documento", "nit"}
_NAME_CATEGORIES = {"nombre_listado", "nombre_no_listado"}


def leak_reason(item: Item, reading: Reading) -> str | None:
    """Why `item` counts as still present in `reading`, or None if it is gone.

    The rules, for every reader:

    * whole value: the item's compact form (case, accents and whitespace ignored)
      appears; for identifiers and phones also its digits alone as a number;
    * identifiers and phones (cedula, telefono, otro_documento, nit): any 4
      consecutive digits of the value appear in a run of digits of one line of
      the output, separators (space . , - parentheses) stripped; a phone's +57
      country code is not part of the value. Not applied to the raw readers
      ("objetos", "contenido"), where such windows occur by chance;
    * e-mails: the whole address, or its local part when it has 4 characters or
      more, or any 8 consecutive characters of the local part that are not all
      letters (a cell that wrapped and lost only one half still leaks the other;
      "fernanda" alone is the name's leak, not the address's);
    * names (listed or not): any of the person's surnames of 4 letters or more
      that the occurrence prints (Item.keys) appears as a whole word, also in
      letter-spaced text closed up. An e-mail made of the name leaks the name too;
    * addresses and everything else: the compact form of the value or of any of
      its keys (the house number "68D-35", "Oficina 1101", "Villa Luz") appears.
    Placas compare letters and digits only ("ABC-123" = "ABC123").
    """
    value = item.value
    compact = fold(value)
    if item.category in _NAME_CATEGORIES:
        for key in item.keys:
            if fold(key) in reading.words:
                return f"apellido «{key}»"
        if not item.keys and compact in reading.folded:
            return "nombre completo"
        return None
    if compact and compact in reading.folded:
        return "valor completo"
    if item.category in _DIGIT_CATEGORIES:
        digits = significant_digits(value)
        if digits in reading.numbers:
            return "número completo"
        if not reading.exact_only:
            for k in range(len(digits) - 3):
                if digits[k : k + 4] in reading.grams:
                    return f"dígitos «{digits[k : k + 4]}»"
        return None
    if item.category == "correo":
        local = fold(value.split("@")[0])
        if len(local) >= 4 and local in reading.folded:
            return "parte local"
        for k in range(len(local) - 7):
            window = local[k : k + 8]
            # A window of letters only is a name ("fernanda"): that is the name's leak.
            if not window.isalpha() and window in reading.folded:
                return f"fragmento «{window}»"
        return None
    if item.category == "placa":
        if alnum(value) in alnum(reading.text):
            return "placa"
        return None
    for key in item.keys:
        if fold(key) in reading.folded:
            return f"fragmento «{key}»"
    return None


# --- readers of the output ------------------------------------------------------------------------


def text_pages(pdf: bytes) -> tuple[str, list[str]]:
    """(reader name, one text per page): pdftotext -layout, or pdfminer without poppler."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-q", "-", "-"],
                              input=pdf, capture_output=True, timeout=300, check=False)
        if done.returncode == 0:
            pages = done.stdout.decode("utf-8", "replace").split("\f")
            if pages and not pages[-1].strip():
                pages.pop()
            return "pdftotext", pages
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    count = sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))
    return "pdfminer", [extract_text(io.BytesIO(pdf), page_numbers=[n]) for n in range(count)]


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                          check=False)
    return "spa" in done.stdout.split()


def ocr_page(page: pymupdf.Page, dpi: int = OCR_DPI) -> str:
    """The tesseract command's reading of a page rendered at `dpi` (PNG on stdin)."""
    png = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, annots=False).tobytes("png")
    done = subprocess.run(["tesseract", "-", "-", "-l", "spa"], input=png, capture_output=True,
                          timeout=300, check=False)
    return done.stdout.decode("utf-8", "replace")


def _jpeg_segments(data: bytes) -> list[bytes]:
    """APPn and COM segments of a JPEG (where EXIF, XMP and comments live)."""
    out = []
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xDA:  # start of scan: pixels follow
            break
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            out.append(data[pos + 4 : pos + 2 + length])
        pos += 2 + length
    return out


def _decodings(data: bytes) -> list[str]:
    out = [data.decode("utf-8", "replace"), data.decode("latin-1")]
    for offset in (0, 1):
        chunk = data[offset:]
        out.append(chunk[: len(chunk) // 2 * 2].decode("utf-16-le", "replace"))
        out.append(chunk[: len(chunk) // 2 * 2].decode("utf-16-be", "replace"))
    return out


def object_text(pdf: bytes) -> tuple[str, list[str]]:
    """What the file holds besides the drawn text, and the text operands of each page.

    Returns (document, pages): the strings and names of every object, XMP
    metadata, attachments and the APP segments of JPEGs; and, per page, the
    string operands of its content stream's text operators.
    """
    import pikepdf

    texts: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        def visit(obj, depth=0):
            if isinstance(obj, pikepdf.String):
                texts.append(str(obj))
                texts.extend(_decodings(bytes(obj)))
            elif isinstance(obj, pikepdf.Name):
                texts.append(str(obj))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                if depth and obj.is_indirect:
                    return
                mapping = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
                for key, value in mapping.items():
                    texts.append(key)
                    visit(value, depth + 1)
            elif isinstance(obj, pikepdf.Array):
                if depth and obj.is_indirect:
                    return
                for value in obj:
                    visit(value, depth + 1)

        for obj in doc.objects:
            if obj is None:
                continue
            visit(obj)
            if not isinstance(obj, pikepdf.Stream):
                continue
            kind = obj.stream_dict.get("/Type")
            subtype = obj.stream_dict.get("/Subtype")
            filters = obj.stream_dict.get("/Filter")
            filters = [str(f) for f in (filters if isinstance(filters, pikepdf.Array)
                                        else [filters] if filters is not None else [])]
            try:
                if subtype == pikepdf.Name.Image:
                    if "/DCTDecode" in filters:
                        raw = obj.read_bytes(decode_level=pikepdf.StreamDecodeLevel.generalized)
                        for segment in _jpeg_segments(raw):
                            texts.extend(_decodings(segment))
                elif kind in (pikepdf.Name.Metadata, pikepdf.Name.EmbeddedFile):
                    texts.extend(_decodings(obj.read_bytes()))
            except pikepdf.PdfError:
                texts.extend(_decodings(obj.read_raw_bytes()))
        pages: list[str] = []
        for page in doc.pages:
            strings: list[str] = []
            pages.append("")
            try:
                operations = pikepdf.parse_content_stream(page)
            except (pikepdf.PdfError, TypeError):
                continue
            for operands, operator in operations:
                if str(operator) not in ("Tj", "TJ", "'", '"'):
                    continue
                for operand in operands:
                    items = operand if isinstance(operand, pikepdf.Array) else [operand]
                    for piece in items:
                        if isinstance(piece, pikepdf.String):
                            strings.append(bytes(piece).decode("latin-1"))
            pages[-1] = " ".join(strings)
    return "\n".join(texts), pages


@dataclass
class OutputReadings:
    reader: str
    pages: list[list[Reading]]  # per page: text (+ OCR) (+ content-stream strings)
    whole: list[Reading]  # document-level readings: all pages together, and the objects
    objects: Reading  # the file's objects, content streams aside
    ocr_pages: list[int]


def read_output(pdf: bytes, *, ocr: bool = True, ocr_all: bool = False) -> OutputReadings:
    reader, texts = text_pages(pdf)
    pages: list[list[Reading]] = [[Reading("texto", n, t)] for n, t in enumerate(texts)]
    ocr_done = []
    if ocr and tesseract_available():
        doc = pymupdf.open(stream=pdf, filetype="pdf")
        try:
            for page in doc:
                if ocr_all or page.get_images(full=True):
                    while len(pages) <= page.number:
                        pages.append([])
                    pages[page.number].append(Reading("ocr", page.number, ocr_page(page)))
                    ocr_done.append(page.number)
        finally:
            doc.close()
    document, contents = object_text(pdf)
    objects = Reading("objetos", None, document, exact_only=True)
    for number, strings in enumerate(contents):
        if strings.strip() and number < len(pages):
            pages[number].append(Reading("contenido", number, strings, exact_only=True))
    whole = []
    for source in ("texto", "ocr", "contenido"):
        joined = "\n".join(r.text for page in pages for r in page if r.source == source)
        if joined.strip():
            whole.append(Reading(source, None, joined, exact_only=source == "contenido"))
    return OutputReadings(reader, pages, whole + [objects], objects, ocr_done)


def item_leak(item: Item, out: OutputReadings) -> tuple[str, str] | None:
    """(reader, reason) of the first reading where `item` is still present, or None."""
    if item.where == "meta":
        readings = [out.objects]
    elif item.page is not None and item.page < len(out.pages):
        readings = out.pages[item.page] + [out.objects]
    else:
        readings = out.whole
    for reading in readings:
        reason = leak_reason(item, reading)
        if reason:
            where = reading.source
            if reading.page is not None:
                where += f" p.{reading.page + 1}"
            return where, reason
    return None


# --- sentences ------------------------------------------------------------------------------------


def sentence_form(text: str) -> str:
    """Whitespace collapsed, soft hyphens dropped, words hyphenated at a line end joined."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def _box_labels() -> list[str]:
    """The labels the pipeline prints in its boxes ("Ley 1581/2012"), longest first."""
    try:
        from redaction.grounds import LegalGround
    except Exception:  # noqa: BLE001
        return []
    return sorted({str(label) for _code, label in LegalGround.choices}, key=len, reverse=True)


def sentences_kept(sentences: list[str], out: OutputReadings) -> list[bool]:
    """Which sentences the output text still holds verbatim.

    Box labels are taken out first: pdftotext -layout puts the label of a box
    that sits between two lines (an address wrapped to the next line) on a line
    of its own, in the middle of the sentence that follows; the sentence
    itself is intact on the page.
    """
    text = "\n".join(r.text for page in out.pages for r in page if r.source == "texto")
    for label in _box_labels():
        text = text.replace(label, " ")
    text = sentence_form(text)
    return [sentence_form(s) in text for s in sentences]


# --- precision ------------------------------------------------------------------------------------

# Tokens too common to tell a planted value from ordinary text.
_GENERIC = frozenset(
    "de del la las los el y e en con calle carrera cra kr cl av avenida diagonal transversal "
    "bis sur este norte oeste apto oficina vereda finca km via com es co gmail hotmail yahoo "
    "outlook cc no nit".split()
)


def tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[0-9a-z]+", fold_words(text))
            if len(t) >= 2 and t not in _GENERIC}


def _truth_forms(case: Case) -> dict[int | None, tuple[set[str], list[str]]]:
    """Per page (None: anywhere): the planted values' tokens and their letters-and-digits forms."""
    by_page: dict[int | None, tuple[set[str], list[str]]] = defaultdict(lambda: (set(), []))
    for item in case.truth:
        if item.where == "meta":
            continue
        found, compact = by_page[item.page]
        for text in (item.value, *item.keys):
            found |= tokens(text)
            compact.append(alnum(text))
    return by_page


def _covers_truth(text: str, truth: list[tuple[set[str], list[str]]]) -> bool | None:
    """Whether `text` (under a proposal) is part of a planted value; None if it says nothing.

    True when it shares a token with a planted value, or when its letters and
    digits are a piece of one (a value wrapped in a cell: "ahoo.es" of
    "...@y" / "ahoo.es").
    """
    found = tokens(text)
    compact = alnum(text)
    piece = len(compact) >= 3 and compact not in _GENERIC
    if not found and not piece:
        return None
    for truth_tokens, truth_compact in truth:
        if found & truth_tokens:
            return True
        if piece and any(compact in value for value in truth_compact):
            return True
    return False


def _chars(page: pymupdf.Page, textpage: pymupdf.TextPage | None = None) -> list[tuple]:
    """(x0, x1, centre x, centre y, character) of every character of a page."""
    raw = page.get_text("rawdict", textpage=textpage) if textpage else page.get_text("rawdict")
    out = []
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    out.append((x0, x1, (x0 + x1) / 2, (y0 + y1) / 2, ch["c"]))
    return out


def _text_under(chars: list[tuple], rect: pymupdf.Rect) -> str:
    """Characters whose centre lies in `rect`, in visual order (rows, then left to right).

    Visual order, not the order of the content stream: a line whose glyphs
    are stored right to left still reads left to right here.
    """
    inside = [c for c in chars if rect.x0 <= c[2] <= rect.x1 and rect.y0 <= c[3] <= rect.y1]
    inside.sort(key=lambda c: (round(c[3] / 3), c[2]))
    out = []
    previous = None
    for x0, x1, _cx, cy, ch in inside:
        if previous is not None:
            row_changed = round(cy / 3) != round(previous[1] / 3)
            if row_changed or x0 - previous[0] > 1.5:
                out.append(" ")
        out.append(ch)
        previous = (x1, cy)
    return "".join(out)


def judge_proposals(case: Case, source_pdf: bytes, proposals) -> list[dict]:
    """For each proposal: category, truth category, page, and verdict (True/False/None)."""
    truth = _truth_forms(case)
    doc = pymupdf.open(stream=source_pdf, filetype="pdf")
    text_chars: dict[int, list[tuple]] = {}
    ocr_chars: dict[int, list[tuple]] = {}
    judged = []
    try:
        for proposal in proposals:
            number = proposal.page
            if number not in text_chars:
                text_chars[number] = _chars(doc[number])
            rect = pymupdf.Rect(proposal.rect)
            text = _text_under(text_chars[number], rect)
            via = "texto"
            if not text.strip() and doc[number].get_images(full=True):
                if number not in ocr_chars:
                    page = doc[number]
                    try:
                        textpage = page.get_textpage_ocr(language="spa", dpi=OCR_DPI, full=True,
                                                         tessdata=pymupdf.get_tessdata())
                        ocr_chars[number] = _chars(page, textpage)
                    except Exception:  # noqa: BLE001 - no OCR: unverifiable
                        ocr_chars[number] = []
                text = _text_under(ocr_chars[number], rect)
                via = "ocr"
            pools = [truth[key] for key in (number, None) if key in truth]
            judged.append({
                "page": number, "category": str(proposal.category),
                "truth_category": PROPOSAL_CATEGORY.get(str(proposal.category),
                                                        str(proposal.category)),
                "correct": _covers_truth(text, pools), "via": via,
                "text": text.strip()[:80],
            })
    finally:
        doc.close()
    return judged


# --- running a case -------------------------------------------------------------------------------


@dataclass
class CaseResult:
    name: str
    kind: str
    pages: int
    seconds: float
    delivered: bool
    refusal: list[tuple[str, int | None]] | None = None  # gate findings when refused
    error: str | None = None
    leaks: list[dict] = field(default_factory=list)  # one per planted item
    proposals: list[dict] = field(default_factory=list)
    sentences: list[bool] = field(default_factory=list)
    sentence_texts: list[str] = field(default_factory=list)
    reader: str = ""
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def run_case(case: Case, *, ocr: bool = True, ocr_all: bool = False) -> CaseResult:
    from redaction.errors import VerificationFailed
    from redaction.pipeline import find_redactions, redact, to_pdf

    try:
        source_pdf = to_pdf(case.data)
        with pymupdf.open(stream=source_pdf, filetype="pdf") as doc:
            pages = doc.page_count
    except Exception as exc:  # noqa: BLE001 - an unreadable input is a result too
        res = CaseResult(case.name, case.kind, 0, 0.0, False,
                         error=f"{type(exc).__name__}: {exc}")
        res.leaks = [{"category": i.category, "value": i.value, "page": i.page,
                      "where": i.where, "status": "no_entregado"} for i in case.truth]
        return res
    start = time.perf_counter()
    refusal = error = None
    result = proposals = None
    try:
        result, proposals = redact(case.data, case.terms)
    except VerificationFailed as exc:
        refusal = [(f.category, f.page) for f in exc.findings]
    except Exception as exc:  # noqa: BLE001 - a crash is a result too
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    if proposals is None:
        try:
            proposals = find_redactions(source_pdf, case.terms)
        except Exception:  # noqa: BLE001
            proposals = []
    res = CaseResult(case.name, case.kind, pages, seconds, result is not None, refusal, error)
    res.sentence_texts = list(case.sentences)
    res.proposals = judge_proposals(case, source_pdf, proposals)
    if result is None:
        res.leaks = [{"category": i.category, "value": i.value, "page": i.page,
                      "where": i.where, "status": "no_entregado"} for i in case.truth]
        return res
    out = read_output(result.pdf, ocr=ocr, ocr_all=ocr_all)
    res.reader, res.ocr_pages = out.reader, out.ocr_pages
    for item in case.truth:
        leak = item_leak(item, out)
        res.leaks.append({
            "category": item.category, "value": item.value, "page": item.page,
            "where": item.where, "status": "filtrado" if leak else "eliminado",
            "reader": leak[0] if leak else None, "reason": leak[1] if leak else None,
        })
    res.sentences = sentences_kept(case.sentences, out)
    return res


# --- aggregation and report -----------------------------------------------------------------------


@dataclass
class CategoryScore:
    category: str
    planted: int = 0
    removed: int = 0
    leaked: int = 0
    not_delivered: int = 0
    proposals: int = 0
    correct: int = 0
    unverifiable: int = 0

    @property
    def delivered(self) -> int:
        return self.removed + self.leaked

    @property
    def recall(self) -> float | None:
        return self.removed / self.delivered if self.delivered else None

    @property
    def precision(self) -> float | None:
        judged = self.proposals - self.unverifiable
        return self.correct / judged if judged else None

    def misses(self) -> list[str]:
        out = []
        target = RECALL_TARGETS.get(self.category)
        if target is not None and self.recall is not None and self.recall < target:
            out.append(f"recall {self.category} {self.recall:.1%} < {target:.0%}")
        target = PRECISION_TARGETS.get(self.category)
        if target is not None and self.precision is not None and self.precision < target:
            out.append(f"precision {self.category} {self.precision:.1%} < {target:.0%}")
        return out


@dataclass
class Summary:
    categories: dict[str, CategoryScore]
    sentences_total: int
    sentences_kept: int
    refusals: list[str]
    errors: list[str]
    seconds: float
    pages: int

    @property
    def sentences_share(self) -> float | None:
        return self.sentences_kept / self.sentences_total if self.sentences_total else None

    def misses(self) -> list[str]:
        """Targets missed. A refused or failed document counts: its items were not measured."""
        out = [m for score in self.categories.values() for m in score.misses()]
        share = self.sentences_share
        if share is not None and share < SENTENCES_TARGET:
            out.append(f"sentences kept {share:.1%} < {SENTENCES_TARGET:.0%}")
        if self.refusals or self.errors:
            out.append(f"{len(self.refusals)} gate refusals and {len(self.errors)} errors > 0")
        return out


def summarize(results: list[CaseResult]) -> Summary:
    scores = {c: CategoryScore(c) for c in CATEGORIES}
    extra: dict[str, CategoryScore] = {}
    for res in results:
        for leak in res.leaks:
            score = scores.setdefault(leak["category"], CategoryScore(leak["category"]))
            score.planted += 1
            if leak["status"] == "no_entregado":
                score.not_delivered += 1
            elif leak["status"] == "filtrado":
                score.leaked += 1
            else:
                score.removed += 1
        for prop in res.proposals:
            key = prop["truth_category"]
            score = scores.get(key) or extra.setdefault(key, CategoryScore(key))
            score.proposals += 1
            if prop["correct"] is None:
                score.unverifiable += 1
            elif prop["correct"]:
                score.correct += 1
    delivered = [r for r in results if r.delivered]
    return Summary(
        {**scores, **extra},
        sum(len(r.sentences) for r in delivered),
        sum(sum(r.sentences) for r in delivered),
        [f"{r.name}: {', '.join(sorted({f'{c} p.{p}' for c, p in r.refusal}))}"
         for r in results if r.refusal is not None],
        [f"{r.name}: {r.error}" for r in results if r.error],
        sum(r.seconds for r in results),
        sum(r.pages for r in results),
    )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def markdown(results: list[CaseResult], summary: Summary, notes: list[str] = ()) -> str:
    lines = ["### Per category", "",
             ("| category | planted | not delivered | removed | leaked | recall | target "
              "| proposals | correct | unverif. | precision | target |"),
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, s in summary.categories.items():
        if not s.planted and not s.proposals:
            continue
        rt = RECALL_TARGETS.get(name)
        pt = PRECISION_TARGETS.get(name)
        mark = " ✗" if s.misses() else ""
        lines.append(
            f"| {name}{mark} | {s.planted} | {s.not_delivered} | {s.removed} | {s.leaked} "
            f"| {_pct(s.recall)} | {'' if rt is None else f'{rt:.0%}'} | {s.proposals} "
            f"| {s.correct} | {s.unverifiable} | {_pct(s.precision)} "
            f"| {'' if pt is None else f'≥{pt:.0%}'} |"
        )
    tot = CategoryScore("total")
    for s in summary.categories.values():
        for attr in ("planted", "removed", "leaked", "not_delivered", "proposals", "correct",
                     "unverifiable"):
            setattr(tot, attr, getattr(tot, attr) + getattr(s, attr))
    lines.append(f"| **total** | {tot.planted} | {tot.not_delivered} | {tot.removed} "
                 f"| {tot.leaked} | {_pct(tot.recall)} | | {tot.proposals} | {tot.correct} "
                 f"| {tot.unverifiable} | {_pct(tot.precision)} | |")
    lines += ["", "### Per case", "",
              ("| case | kind | pages | seconds | pages/s | items | leaked | sentences kept "
               "| proposals | gate |"), "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        leaked = sum(1 for x in r.leaks if x["status"] == "filtrado")
        gate = ("refused" if r.refusal is not None else "error" if r.error else "passed")
        kept = f"{sum(r.sentences)}/{len(r.sentences)}" if r.delivered else "n/a"
        lines.append(f"| {r.name} | {r.kind} | {r.pages} | {r.seconds:.1f} "
                     f"| {r.pages_per_second:.1f} | {len(r.leaks)} | {leaked} | {kept} "
                     f"| {len(r.proposals)} | {gate} |")
    speed = summary.pages / summary.seconds if summary.seconds else 0.0
    lines += [
        "",
        (f"Sentences kept: {summary.sentences_kept}/{summary.sentences_total} "
         f"({_pct(summary.sentences_share)}; target 100%). redact() time: "
         f"{summary.seconds:.1f} s for {summary.pages} pages ({speed:.1f} pages/s)."),
        f"Gate refusals: {len(summary.refusals)}" + "".join(f"\n- {x}" for x in summary.refusals),
    ]
    if summary.errors:
        lines.append("Errors:" + "".join(f"\n- {x}" for x in summary.errors))
    misses = summary.misses()
    lines.append("Targets missed: " + ("none" if not misses else "; ".join(misses)))
    for note in notes:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def details(results: list[CaseResult], limit: int = 60) -> str:
    """Leaked items and wrong proposals, for whoever fixes the pipeline (the data are fake)."""
    lines = ["### Leaked items", ""]
    count = 0
    for r in results:
        for x in r.leaks:
            if x["status"] == "filtrado" and count < limit:
                page = "meta" if x.get("where") == "meta" else (
                    "doc" if x["page"] is None else f"p.{x['page'] + 1}")
                lines.append(f"- {r.name} {page} {x['category']}: «{x['value']}» "
                             f"({x['reader']}: {x['reason']})")
                count += 1
    lines += ["", "### Proposals not over a planted item", ""]
    count = 0
    for r in results:
        for p in r.proposals:
            if p["correct"] is False and count < limit:
                lines.append(f"- {r.name} p.{p['page'] + 1} {p['category']}: «{p['text']}»")
                count += 1
    missing = [(r.name, s) for r in results if r.delivered
               for s, kept in zip(r.sentence_texts, r.sentences) if not kept]
    lines += ["", "### Sentences not found verbatim", ""]
    lines += [f"- {name}: «{s}»" for name, s in missing[:limit]]
    return "\n".join(lines)


def evaluate(cases: list[Case], *, ocr: bool = True, ocr_all: bool = False,
             progress=None) -> tuple[list[CaseResult], Summary]:
    results = []
    for case in cases:
        if progress:
            progress(case)
        results.append(run_case(case, ocr=ocr, ocr_all=ocr_all))
    return results, summarize(results)
