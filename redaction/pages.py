"""PyMuPDF side of the pipeline: open, read glyphs, remove content, write a fresh file.

Coordinates are PyMuPDF's: points, origin at the top-left corner of the
unrotated page, y growing downwards. Text extraction, redaction annotations
and drawing all use that same system, so a rect found here can be removed and
labelled without conversion, whatever the page rotation.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import io
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

# pikepdf announces its logger bridge at INFO on import; it is noise in command output.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)

import pikepdf  # noqa: E402
import pymupdf  # noqa: E402

from .errors import UnreadableInput  # noqa: E402
from .imagemeta import clean_all_images  # noqa: E402

# Ligatures kept as one character (NFKD splits them later with a shared box);
# no MEDIABOX_CLIP: text placed off the page is hidden text, and must be seen.
TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
)

# Heights above the baseline, in units of the font size. The visible box spans
# descenders to accents; the band that decides text removal stays inside the
# x-height, because MuPDF removes every glyph whose font box merely touches a
# redaction rect, and font boxes of adjacent lines overlap in tight leading.
_BOX_LOW, _BOX_HIGH = -0.25, 0.95
_BAND_LOW, _BAND_HIGH = 0.1, 0.6
_CENTER = 0.3

# Redaction modes (see pipeline.apply_redactions for why these).
_IMAGES = pymupdf.PDF_REDACT_IMAGE_PIXELS
_GRAPHICS = pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while a stage allocates glyph tuples by the million.

    With Django loaded the collector rescans a large heap every few thousand
    allocations; on the benchmark that tripled the time of text extraction.
    Reference counting still frees everything that is not a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def open_document(pdf_bytes: bytes) -> pymupdf.Document:
    """Open PDF bytes for reading or redaction, with hidden structures neutralised.

    Raises UnreadableInput (Spanish message) for anything that is not a
    readable, unencrypted PDF with at least one page.
    """
    if not pdf_bytes:
        raise UnreadableInput("El archivo está vacío.")
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise UnreadableInput("El archivo no es un PDF.")
    shown = pymupdf.TOOLS.mupdf_display_errors()
    pymupdf.TOOLS.mupdf_display_errors(False)  # the user gets our message, not MuPDF's
    try:
        doc = pymupdf.open(stream=pdf_bytes, filetype="pdf")
    except Exception as exc:
        raise UnreadableInput("El PDF está dañado y no se puede leer.") from exc
    finally:
        pymupdf.TOOLS.mupdf_display_errors(shown)
    if doc.needs_pass:
        doc.close()
        raise UnreadableInput(
            "El PDF está cifrado con contraseña; entregue una copia sin contraseña."
        )
    # Identifies the content for caches of slow readings (OCR) between stages.
    doc.convive_key = hashlib.sha256(pdf_bytes).hexdigest()
    try:
        if doc.page_count == 0:
            raise UnreadableInput("El PDF no tiene páginas legibles (puede estar dañado).")
        _neutralise(doc)  # loads every page: a broken page tree fails here, not mid-redaction
    except UnreadableInput:
        doc.close()
        raise
    except Exception as exc:
        doc.close()
        raise UnreadableInput("El PDF está dañado y no se puede leer.") from exc
    return doc


def _neutralise(doc: pymupdf.Document) -> None:
    """Make hidden content plain page content, so finding and removal see what extractors see.

    Marked-content property lists carry text of their own (/ActualText, /Alt,
    /E) that MuPDF's redaction keeps even after removing the glyphs under it,
    and optional-content groups can hide whole layers from some readers while
    extractors still read them. Turning `BDC` into `BMC` (and `DP` into `MP`)
    and dropping /OC entries removes both without changing what is drawn.
    Annotations and the form are dropped too (see below).
    """
    catalog = doc.pdf_catalog()
    # Layers switched off were not visible in the original: their content is removed, not
    # revealed (dropping /OC alone would print a hidden note on the public version).
    hidden = _hidden_layers(doc)
    for key in ("OCProperties", "AcroForm"):
        if doc.xref_get_key(catalog, key)[0] != "null":
            doc.xref_set_key(catalog, key, "null")
    # Annotations (comments, links, form fields) never reach the public
    # version; dropping them before anything reads the pages keeps their
    # appearance text out of proposals and previews too. Done by xref, before
    # a page object is loaded with its annotation list.
    for number in range(doc.page_count):
        xref = doc.page_xref(number)
        if "Annots" in doc.xref_get_keys(xref):
            doc.xref_set_key(xref, "Annots", "null")
    # Content stream -> the names its resources give to /Properties and to XObjects.
    properties: dict[int, dict[str, int]] = {}
    xobjects: dict[int, dict[str, int]] = {}
    for page in doc:
        names = _resource_names(doc, page.xref, "Properties")
        drawn = _resource_names(doc, page.xref, "XObject")
        for x in page.get_contents():
            properties[x], xobjects[x] = names, drawn
    streams = set(properties)
    hidden_xobjects = set()  # images and forms drawn only in a layer that is off
    for xref in range(1, doc.xref_length()):
        keys = doc.xref_get_keys(xref)
        if "OC" in keys:
            if _ref(doc.xref_get_key(xref, "OC")) in hidden:
                hidden_xobjects.add(xref)
            doc.xref_set_key(xref, "OC", "null")
        if ("Subtype" in keys and doc.xref_get_key(xref, "Subtype")[1] == "/Form") or (
            "PatternType" in keys and doc.xref_get_key(xref, "PatternType")[1] == "1"
        ):
            streams.add(xref)
            properties.setdefault(xref, _resource_names(doc, xref, "Properties"))
            xobjects.setdefault(xref, _resource_names(doc, xref, "XObject"))
    scratch = None
    for xref in streams:
        if not doc.xref_is_stream(xref):
            continue
        data = doc.xref_stream(xref)
        off_drawn = {name for name, target in xobjects.get(xref, {}).items()
                     if target in hidden_xobjects}
        if not data or (b"BDC" not in data and b"DP" not in data and not off_drawn):
            continue
        off = {name for name, target in properties.get(xref, {}).items() if target in hidden}
        scratch = scratch or pikepdf.new()
        try:
            ops = pikepdf.parse_content_stream(pikepdf.Stream(scratch, data))
        except pikepdf.PdfError:
            continue  # unparseable streams are left to MuPDF, the gate still checks the result
        changed = False
        rewritten = []
        skipping = 0  # depth inside a marked-content sequence of a hidden layer
        for instruction in ops:
            op = str(instruction.operator)
            if skipping:
                changed = True
                if op in ("BDC", "BMC"):
                    skipping += 1
                elif op == "EMC":
                    skipping -= 1
                continue
            if (op == "BDC" and len(instruction.operands) == 2 and off
                    and str(instruction.operands[0]) == "/OC"
                    and str(instruction.operands[1]).lstrip("/") in off):
                skipping, changed = 1, True
                continue
            if (op == "Do" and len(instruction.operands) == 1
                    and str(instruction.operands[0]).lstrip("/") in off_drawn):
                changed = True  # an image or form of a hidden layer: not drawn, not revealed
                continue
            if op in ("BDC", "DP") and len(instruction.operands) == 2:
                tag = instruction.operands[0]
                rewritten.append(([tag], pikepdf.Operator("BMC" if op == "BDC" else "MP")))
                changed = True
            else:
                rewritten.append(instruction)
        if changed:
            doc.update_stream(xref, pikepdf.unparse_content_stream(rewritten))


_REF = re.compile(r"(\d+) 0 R")


def _ref(value: tuple[str, str]) -> int | None:
    """The object number of an xref_get_key() answer that is a reference."""
    match = _REF.fullmatch(value[1].strip()) if value[0] == "xref" else None
    return int(match.group(1)) if match else None


def _hidden_layers(doc: pymupdf.Document) -> set[int]:
    """Optional content groups off in the default view, and membership dicts of only those."""
    try:
        off = {xref for xref, info in doc.get_ocgs().items() if not info.get("on", True)}
    except Exception:  # noqa: BLE001 - a broken /OCProperties hides nothing we can name
        return set()
    if not off:
        return off
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "Type")[1] == "/OCMD":
            groups = {int(n) for n in _REF.findall(doc.xref_get_key(xref, "OCGs")[1])}
            if groups and groups <= off:  # the default policy, AnyOn: hidden when all are off
                off.add(xref)
    return off


def _resource_names(doc: pymupdf.Document, xref: int, group: str) -> dict[str, int]:
    """Names in a page's or form's /Resources/<group>, to the objects they name."""
    kind, value = doc.xref_get_key(xref, f"Resources/{group}")
    if kind == "xref":
        value = doc.xref_object(int(_REF.fullmatch(value.strip()).group(1)), compressed=True)
    elif kind != "dict":
        return {}
    return {name: int(number) for name, number in re.findall(r"/([^\s/<>\[\]()]+)\s*(\d+) 0 R",
                                                             value)}


# --- string boundaries at removal edges ---------------------------------------------
# MuPDF 1.28's redaction drops the advance of the first removed glyph when a
# removal starts inside a string: the rest of the line moves left by one
# character, partly under the box. A removal that starts (and ends) at a
# string boundary is positioned exactly, and `[(ab)(cd)] TJ` draws what
# `(abcd) Tj` draws, so strings are cut there before MuPDF removes anything.
# Only strings that hold a removal edge are touched; text extractors slow
# down a lot on one-glyph strings.


class _Unaligned(Exception):
    """Content glyphs and traced glyphs cannot be matched one to one."""


def _code_length(font_type: str, encoding: str) -> int | None:
    """Bytes per character code of a font, or None when codes vary in length."""
    if font_type != "Type0":
        return 1
    return 2 if encoding.startswith("Identity") else None


_SHOW_OPS = {"Tj", "TJ", "'", '"'}


class _Cutter:
    """Walks a page's content in drawing order, counting glyphs like the text trace does."""

    def __init__(self, page: pymupdf.Page, removed: list[bool]):
        self.doc = page.parent
        self.removed = removed
        self.index = 0
        self.fonts: dict[int, dict[str, int | None]] = {}
        for _xref, _ext, font_type, _base, name, encoding, *rest in page.get_fonts(full=True):
            owner = rest[0] if rest else 0
            self.fonts.setdefault(owner, {})[name] = _code_length(font_type, encoding or "")
        self.forms: dict[int, dict[str, int]] = {}
        for xref, name, invoker, _bbox in page.get_xobjects():
            if self.doc.xref_get_key(xref, "Subtype")[1] == "/Form":
                self.forms.setdefault(invoker, {})[name] = xref
        self.scratch = pikepdf.new()
        self.parsed: dict[int, list] = {}
        self.cuts: dict[int, dict[tuple[int, int], set[int]]] = {}
        self.depth = 0

    def ops(self, key: int, data: bytes) -> list:
        if key not in self.parsed:
            stream = pikepdf.Stream(self.scratch, data)
            self.parsed[key] = list(pikepdf.parse_content_stream(stream))
        return self.parsed[key]

    def walk(self, key: int, ops: list, owner: int) -> None:
        fonts = self.fonts.get(owner, {})
        forms = self.forms.get(owner, {})
        font: str | None = None
        stack: list[str | None] = []
        for i, instruction in enumerate(ops):
            operator = str(instruction.operator)
            operands = instruction.operands
            if operator == "q":
                stack.append(font)
            elif operator == "Q":
                font = stack.pop() if stack else font
            elif operator == "Tf" and operands:
                font = str(operands[0])[1:]
            elif operator == "Do" and operands:
                form = forms.get(str(operands[0])[1:])
                if form is not None and self.depth < 8:
                    self.depth += 1
                    self.walk(form, self.ops(form, self.doc.xref_stream(form) or b""), form)
                    self.depth -= 1
            elif operator in _SHOW_OPS and operands:
                if operator == "TJ":
                    items = [(j, v) for j, v in enumerate(operands[0])
                             if isinstance(v, pikepdf.String)]
                else:
                    items = [(-1, operands[-1])]
                size = fonts.get(font) if font else None
                for j, string in items:
                    data = bytes(string)
                    if not data:
                        continue
                    if size is None:
                        raise _Unaligned
                    count = -(-len(data) // size)
                    flags = self.removed[self.index : self.index + count]
                    self.index += count
                    edges = {k * size for k in range(1, len(flags)) if flags[k] != flags[k - 1]}
                    if edges:
                        self.cuts.setdefault(key, {}).setdefault((i, j), set()).update(edges)

    def rewrite(self, key: int) -> bytes:
        out = []
        cuts = self.cuts[key]
        for i, instruction in enumerate(self.parsed[key]):
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            if operator == "TJ" and any((i, j) in cuts for j in range(len(operands[0]))):
                items = []
                for j, item in enumerate(operands[0]):
                    items.extend(_cut(item, cuts[(i, j)]) if (i, j) in cuts else [item])
                out.append(([pikepdf.Array(items)], pikepdf.Operator("TJ")))
            elif operator in ("Tj", "'", '"') and (i, -1) in cuts:
                if operator == '"':
                    out.append(([operands[0]], pikepdf.Operator("Tw")))
                    out.append(([operands[1]], pikepdf.Operator("Tc")))
                if operator != "Tj":
                    out.append(([], pikepdf.Operator("T*")))
                pieces = _cut(operands[-1], cuts[(i, -1)])
                out.append(([pikepdf.Array(pieces)], pikepdf.Operator("TJ")))
            else:
                out.append(instruction)
        return pikepdf.unparse_content_stream(out)


def _cut(string, edges: set[int]) -> list:
    data = bytes(string)
    bounds = [0, *sorted(edges), len(data)]
    return [pikepdf.String(data[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def cut_at_removal_edges(page: pymupdf.Page, removed: list[bool]) -> bool:
    """Cut strings where removed glyphs begin and end; False if glyphs could not be matched.

    `removed` has one flag per glyph of page.get_texttrace(), in trace order.
    """
    if not any(removed):
        return True
    doc = page.parent
    contents = page.get_contents()
    if not contents:
        return True
    cutter = _Cutter(page, removed)
    page_key = contents[0]
    try:
        data = b"\n".join(doc.xref_stream(x) or b"" for x in contents)
        cutter.walk(page_key, cutter.ops(page_key, data), 0)
    except (_Unaligned, pikepdf.PdfError):
        return False
    if cutter.index != len(removed):
        return False
    for key in cutter.cuts:
        doc.update_stream(key, cutter.rewrite(key))
        if key == page_key:
            for extra in contents[1:]:  # the page's content now lives in its first stream
                doc.update_stream(extra, b"")
    return True


# --- glyph geometry -----------------------------------------------------------
# Plain float tuples throughout: pymupdf.Rect/Point arithmetic goes through
# SWIG wrappers and costs ~10 µs per operation, which at a few thousand glyphs
# per page was most of the running time.

Box = tuple[float, float, float, float]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _inside(x: float, y: float, r: Box) -> bool:
    return r[0] <= x <= r[2] and r[1] <= y <= r[3]


@dataclass(slots=True)
class Glyph:
    """One extracted character: where it sits and how large it is."""

    origin: tuple[float, float]
    bbox: Box
    direction: tuple[float, float]
    size: float
    line: int

    def _rect(self, low: float, high: float, inset: float = 0.0) -> Box:
        dx, dy = self.direction
        x0, y0, x1, y1 = self.bbox
        if not (abs(dx) > 0.999 or abs(dy) > 0.999):
            # Slanted text: the axis-aligned box is all we have.
            if inset:
                w, h = (x1 - x0) * 0.2, (y1 - y0) * 0.2
                return (x0 + w, y0 + h, x1 - w, y1 - h)
            return (x0, y0, x1, y1)
        ox, oy = self.origin
        ux, uy = dy, -dx  # "up" for the glyph, in y-down page space
        if abs(dx) > 0.999:  # along x, forwards or backwards
            t0, t1 = sorted(((x0 - ox) * dx, (x1 - ox) * dx))
        else:
            t0, t1 = sorted(((y0 - oy) * dy, (y1 - oy) * dy))
        if inset:
            inset = min(inset, (t1 - t0) * 0.2)
            t0, t1 = t0 + inset, t1 - inset
        h0, h1 = low * self.size, high * self.size
        ax, bx = ox + t0 * dx, ox + t1 * dx
        ay, by = oy + t0 * dy, oy + t1 * dy
        xs = (ax + h0 * ux, ax + h1 * ux, bx + h0 * ux, bx + h1 * ux)
        ys = (ay + h0 * uy, ay + h1 * uy, by + h0 * uy, by + h1 * uy)
        return (min(xs), min(ys), max(xs), max(ys))

    def box(self) -> Box:
        """What the visible redaction box covers for this glyph."""
        return self._rect(_BOX_LOW, _BOX_HIGH)

    def band(self) -> Box:
        """Rect that removes this glyph and no glyph of a neighbouring line."""
        return self._rect(_BAND_LOW, _BAND_HIGH, inset=0.3)

    def center(self) -> tuple[float, float]:
        dx, dy = self.direction
        x0, y0, x1, y1 = self.bbox
        if not (abs(dx) > 0.999 or abs(dy) > 0.999):
            return ((x0 + x1) / 2, (y0 + y1) / 2)
        ox, oy = self.origin
        h = _CENTER * self.size
        if abs(dx) > 0.999:
            return ((x0 + x1) / 2, oy - h * dx)
        return (ox + h * dy, (y0 + y1) / 2)


class PageText:
    """A page's text in reading order, with the glyph behind every character.

    Lines are separated by "\\n" (no glyph), so a term broken over two lines
    is still one normalised string. `joints` holds the indices of the breaks
    that separate two lines of one block (a paragraph, a table cell): a value
    wrapped there ("80.112." / "334", an e-mail cut inside a narrow column) is
    one value, and the finder reads it once more with those breaks removed.
    Glyphs are built on demand: most characters of a page never match anything.
    """

    __slots__ = ("text", "_refs", "joints", "_centres", "_centre_ys")

    def __init__(self, text: str, refs: list, joints: tuple[int, ...] = ()):
        self.text = text
        self._refs = refs
        self.joints = joints
        self._centres = self._centre_ys = None

    def corrected(self, text: str, joints: Iterable[int] = ()) -> PageText:
        """The same glyphs under a corrected text of the same length, with more `joints`."""
        assert len(text) == len(self.text)
        return PageText(text, self._refs, tuple(sorted({*self.joints, *joints})))

    def followed_by(self, other: PageText) -> PageText:
        """This reading, then `other` (another reading of the same page) on lines of its own."""
        lines = 1 + max((ref[1][2] for ref in self._refs if ref is not None), default=-1)
        refs = [None if ref is None else (ref[0], (ref[1][0], ref[1][1], ref[1][2] + lines))
                for ref in other._refs]
        offset = len(self.text)
        return PageText(self.text + other.text, self._refs + refs,
                        self.joints + tuple(j + offset for j in other.joints))

    def glyphs(self, first: int, last: int) -> list[Glyph]:
        """Glyphs of source characters first..last (inclusive), separators skipped."""
        out = []
        for ref in self._refs[first : last + 1]:
            if ref is not None:
                ch, (size, direction, line) = ref
                out.append(Glyph(ch["origin"], ch["bbox"], direction, size, line))
        return out

    def _line_spans(self):
        """(first index, last index, first glyph ref, last glyph ref) of each non-empty line."""
        start = 0
        while (end := self.text.find("\n", start)) >= 0:
            if end > start:
                yield start, end - 1, self._refs[start], self._refs[end - 1]
            start = end + 1

    def line_rects(self):
        """The box around each line's glyphs."""
        for first, last, _head, _tail in self._line_spans():
            boxes = [g.box() for g in self.glyphs(first, last)]
            if boxes:
                yield (min(b[0] for b in boxes), min(b[1] for b in boxes),
                       max(b[2] for b in boxes), max(b[3] for b in boxes))

    def line_boxes(self):
        """(first index, last index, x0, x1, baseline y, font size) of each horizontal line."""
        for first, last, (head, (size, direction, _l)), (tail, _) in self._line_spans():
            if abs(direction[0]) > 0.999:
                x0, x1 = sorted((head["bbox"][0], tail["bbox"][2]))
                yield first, last, x0, x1, head["origin"][1], size

    def lines(self):
        """((origin, direction) of its first glyph, of its last glyph, glyph count) per line."""
        for first, last, (head, (_s, direction, _l)), (tail, _) in self._line_spans():
            yield (head["origin"], direction), (tail["origin"], direction), last - first + 1

    def text_under(self, rect: Box) -> str:
        """Characters whose glyph centre lies inside `rect`, in text order, lines spaced."""
        if self._centres is None:
            centres = []
            for i, ref in enumerate(self._refs):
                if ref is not None:
                    c, (size, direction, line) = ref
                    x, y = Glyph(c["origin"], c["bbox"], direction, size, line).center()
                    centres.append((y, x, i))
            centres.sort()
            self._centres = centres
            self._centre_ys = [c[0] for c in centres]
        low = bisect.bisect_left(self._centre_ys, rect[1])
        high = bisect.bisect_right(self._centre_ys, rect[3])
        inside = sorted(i for _y, x, i in self._centres[low:high] if rect[0] <= x <= rect[2])
        out: list[str] = []
        for k, i in enumerate(inside):
            if k and i != inside[k - 1] + 1:
                out.append(" ")
            out.append(self.text[i])
        return "".join(out).strip()


def read_page(page: pymupdf.Page, textpage: pymupdf.TextPage | None = None,
              keep_line=None) -> PageText:
    """The page's text; with `textpage` (an OCR text page), what OCR read instead; with
    `keep_line`, only the lines whose bbox it accepts."""
    if textpage is None:
        raw = page.get_text("rawdict", flags=TEXT_FLAGS, clip=pymupdf.INFINITE_RECT())
    else:
        raw = page.get_text("rawdict", textpage=textpage)
    texts: list[str] = []
    refs: list = []
    joints: list[int] = []
    line_no = 0
    position = 0
    previous = None
    for block in raw["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for line in block["lines"]:
            direction = tuple(line["dir"])
            chars = [c for span in line["spans"] for c in span["chars"]]
            if not chars or (keep_line is not None and not keep_line(line["bbox"])):
                continue
            shape = (chars[0]["origin"], chars[-1]["bbox"][2],
                     max(span["size"] for span in line["spans"]), direction, len(chars))
            if previous is not None and _continues(previous, shape):
                joints.append(position - 1)  # the "\n" just written
            for span in line["spans"]:
                chars = span["chars"]
                texts.append("".join([c["c"] for c in chars]))
                position += len(chars)
                refs.extend(zip(chars, repeat((span["size"], direction, line_no))))
            texts.append("\n")
            refs.append(None)
            position += 1
            line_no += 1
            previous = shape
    return PageText("".join(texts), refs, tuple(joints))


def _continues(previous: tuple, line: tuple) -> bool:
    """Whether `line` wraps on from `previous`: the next line down, in the same column.

    Decided by position, not by MuPDF's blocks: a whole table often comes as
    one block, and its rows must not be glued to each other. Horizontal text only.
    """
    (px, py), p_end, p_size, p_dir, p_count = previous
    (x, y), _end, size, direction, count = line
    if direction != p_dir or abs(direction[0]) < 0.999:
        return False
    height = max(size, p_size)
    if (count <= 2 and p_count <= 2 and abs(y - py) < 0.3 * height
            and 0 <= (x - p_end) * direction[0] <= 6 * height):
        # The next box on the same baseline: forms with one character per box.
        return True
    step = (y - py) * direction[0]
    if not 0.6 * height <= step <= 1.9 * height:
        return False
    left, right = sorted((px, p_end))
    return left - 3 <= x <= right


def boxes_for(glyphs: Iterable[Glyph]) -> list[Box]:
    """Visible boxes for a run of glyphs: one rect per line they sit on."""
    by_line: dict[int, Box] = {}
    for g in glyphs:
        r = g.box()
        by_line[g.line] = _union(by_line[g.line], r) if g.line in by_line else r
    return [r for r in by_line.values() if r[2] > r[0] and r[3] > r[1]]


# --- boxes already drawn over text ----------------------------------------------


def _luminance(color: Sequence[float] | None) -> float:
    if not color:
        return 0.0
    if len(color) == 1:
        return color[0]
    if len(color) == 4:  # CMYK
        c, m, y, k = color
        color = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    r, g, b = color[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _trace_color(span: dict) -> tuple[float, ...]:
    color = span.get("color") or ()
    if isinstance(color, int):  # packed sRGB
        return ((color >> 16 & 255) / 255, (color >> 8 & 255) / 255, (color & 255) / 255)
    return tuple(color)


def _filled_rects(drawing: dict) -> list[pymupdf.Rect]:
    """Rectangles a dark fill draws, or [] if the path is not made of rectangles."""
    items = drawing.get("items") or []
    rects = []
    if items and all(item[0] in ("re", "qu") for item in items):
        for item in items:
            if item[0] == "re":
                rects.append(pymupdf.Rect(item[1]))
            elif item[1].is_rectangular:
                rects.append(item[1].rect)
            else:
                return []
        return rects
    if items and all(item[0] == "l" for item in items) and 3 <= len(items) <= 4:
        bbox = pymupdf.Rect(drawing["rect"])
        corners = {(round(x, 1), round(y, 1))
                   for x in (bbox.x0, bbox.x1) for y in (bbox.y0, bbox.y1)}
        points = {(round(p.x, 1), round(p.y, 1)) for item in items for p in item[1:3]}
        if points <= corners:
            return [bbox]
    return []


def drawing_log(page: pymupdf.Page) -> list[tuple[str, tuple]]:
    """What the page draws, in order: (kind, bbox) per text, path and image operation.

    One light pass over the content (MuPDF's bbox device). The readers that
    cost more (image info, vector paths) are only asked on pages whose log
    shows something for them: most pages of an acta are text and nothing else.
    """
    return page.get_bboxlog()


def log_has_images(log: list[tuple[str, tuple]]) -> bool:
    return any("image" in kind or "imgmask" in kind for kind, _bbox in log)


def log_paths(log: list[tuple[str, tuple]], kinds: tuple[str, ...] = ("fill-path",
                                                                       "stroke-path")) -> int:
    """Path operations in the log: never fewer than the drawings MuPDF reports (a filled and
    stroked path is one drawing and two operations)."""
    return sum(1 for kind, _bbox in log if kind in kinds)


def covering_boxes(page: pymupdf.Page, log: list | None = None) -> list[tuple[Box, str]]:
    """Dark boxes that already hide live text: (box, covered text) pairs.

    Someone drew a black rectangle over these words to withhold them, but the
    words are still in the file. Only text drawn *before* the box counts (a
    white title on a dark banner is drawn after it), plus dark or invisible
    text drawn after it, which is just as unreadable.
    """
    if log is not None and not log_paths(log, ("fill-path",)):
        return []
    boxes: list[tuple[Box, int]] = []
    for d in page.get_drawings():
        if d.get("fill") is None or d.get("type") not in ("f", "fs"):
            continue
        if (d.get("fill_opacity") or 1.0) < 0.9 or _luminance(d["fill"]) > 0.2:
            continue
        for r in _filled_rects(d):
            if r.width >= 2 and r.height >= 2:
                boxes.append(((r.x0, r.y0, r.x1, r.y1), d.get("seqno", 0)))
    if not boxes:
        return []
    return [(boxes[i][0], text) for i, (text, _glyphs) in _covered(
        page, boxes, lambda span: _luminance(_trace_color(span)) <= 0.35
        or span.get("type") == 3).items()]


def covering_images(page: pymupdf.Page, log: list | None = None) -> list[tuple[Box, str]]:
    """Opaque images drawn over visible live text: (box of the covered glyphs, their text).

    A white patch pasted over a surname hides it from the reader, the reviewer
    and OCR, while every extractor still reads it. Invisible text (render
    mode 3, the text layer of a scan) is left to the other readings: a scan's
    text layer is often drawn under its own image on purpose.
    """
    if log is not None and not log_has_images(log):
        return []
    # Masked images may be transparent: what is under them can show through.
    opaque = [info["bbox"] for info in page.get_image_info() if not info.get("has-mask")]
    if not opaque:
        return []
    # The drawing order: an entry's index in the bbox log is the sequence number the text
    # trace gives each span (get_image_info's "number" is a block number, not this).
    images = []
    for seqno, (kind, bbox) in enumerate(log if log is not None else drawing_log(page)):
        x0, y0, x1, y1 = bbox
        if (kind == "fill-image" and x1 - x0 >= 2 and y1 - y0 >= 2
                and any(all(abs(a - b) < 1 for a, b in zip(bbox, known)) for known in opaque)):
            images.append(((x0, y0, x1, y1), seqno))
    if not images:
        return []
    found = []
    for i, (text, glyphs) in _covered(page, images, lambda span: False,
                                      visible_only=True).items():
        box = glyphs[0]
        for g in glyphs[1:]:
            box = _union(box, g)
        r = images[i][0]
        box = (max(box[0], r[0]), max(box[1], r[1]), min(box[2], r[2]), min(box[3], r[3]))
        if box[2] > box[0] and box[3] > box[1]:
            found.append((box, text))
    return found


def _covered(page: pymupdf.Page, covers: list[tuple[Box, int]], also_after,
             visible_only: bool = False) -> dict[int, tuple[str, list[Box]]]:
    """For each cover (box, drawing sequence number), the text of the glyphs centred under it.

    Counted: glyphs drawn before the cover, and glyphs drawn after it for which
    `also_after(span)` holds (dark text on a dark box is just as unreadable).
    """
    covered: dict[int, list] = {}
    for span in page.get_texttrace():
        if visible_only and span.get("type") == 3:
            continue
        sx0, sy0, sx1, sy1 = span["bbox"]
        after_too = also_after(span)
        near = [(i, r) for i, (r, seqno) in enumerate(covers)
                if (span["seqno"] < seqno or after_too)
                and r[0] <= sx1 and sx0 <= r[2] and r[1] <= sy1 and sy0 <= r[3]]
        if not near:
            continue
        direction = tuple(span["dir"])
        for ch in span["chars"]:
            glyph = Glyph(ch[2], ch[3], direction, span["size"], 0)
            x, y = glyph.center()
            for i, r in near:
                if _inside(x, y, r):
                    chars, glyphs = covered.setdefault(i, ([], []))
                    chars.append(chr(ch[0]))
                    glyphs.append(glyph.box())
    return {i: ("".join(chars), glyphs) for i, (chars, glyphs) in covered.items()
            if "".join(chars).strip()}


# --- removal ------------------------------------------------------------------------


def remove_areas(page: pymupdf.Page, rects: Sequence[Box]) -> list[str]:
    """Remove text, image pixels and vector art under `rects`, for real; return the text removed.

    The result has one string per rect: the characters whose glyphs were
    deleted inside it, in drawing order (words spaced where glyphs were not
    consecutive). The gate looks for them again in the output.

    Two passes, because MuPDF applies one text rule per call and removes any
    glyph whose font box touches a redaction rect, which would eat the lines
    above and below. Pass 1 removes exactly the glyphs whose centre lies in an
    area, using thin bands inside each glyph; pass 2 applies the full areas to
    images and vector graphics only.
    """
    if not rects:
        return []
    rects = [tuple(r) for r in rects]
    bands: list[Box] = []
    removed: list[bool] = []
    texts: list[list[str]] = [[] for _ in rects]
    last_hit: list[int] = [-2] * len(rects)
    for span in page.get_texttrace():
        chars = span["chars"]
        sx0, sy0, sx1, sy1 = span["bbox"]
        # Spans nowhere near an area are the common case: skip their glyphs.
        near = [(k, r) for k, r in enumerate(rects)
                if r[0] <= sx1 and sx0 <= r[2] and r[1] <= sy1 and sy0 <= r[3]]
        if not near:
            removed.extend([False] * len(chars))
            continue
        direction = tuple(span["dir"])
        run: Box | None = None
        previous = None
        for ch in chars:
            g = Glyph(ch[2], ch[3], direction, span["size"], 0)
            x, y = g.center()
            # A trace span is one font and size, not one line: a run of removed glyphs
            # must not continue onto the next line, or its band covers both lines whole.
            if run is not None and previous is not None and (
                    abs(ch[2][1] - previous[1]) > span["size"] * 0.3
                    or abs(ch[2][0] - previous[0]) > span["size"] * 3):
                bands.append(run)
                run = None
            previous = ch[2]
            hit = False
            for k, r in near:
                if _inside(x, y, r):
                    hit = True
                    if last_hit[k] != len(removed) - 1 and texts[k]:
                        texts[k].append(" ")
                    texts[k].append(chr(ch[0]) if ch[0] >= 0 else "")
                    last_hit[k] = len(removed)
            removed.append(hit)
            if hit:
                band = g.band()
                if not (band[2] > band[0] and band[3] > band[1]):
                    band = (x - 0.05, y - 0.05, x + 0.05, y + 0.05)
                run = band if run is None else _union(run, band)
            elif run is not None:
                bands.append(run)
                run = None
        if run is not None:
            bands.append(run)
    if bands:
        cut_at_removal_edges(page, removed)
        for band in bands:
            page.add_redact_annot(band, fill=False, cross_out=False)
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_NONE,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
    if _draws_more_than_text_under(page, rects):
        for r in rects:
            page.add_redact_annot(r, fill=False, cross_out=False)
        page.apply_redactions(images=_IMAGES, graphics=_GRAPHICS,
                              text=pymupdf.PDF_REDACT_TEXT_NONE)
    return ["".join(chars).strip() for chars in texts]


_TEXT_KINDS = frozenset({"fill-text", "stroke-text", "ignore-text"})


def _draws_more_than_text_under(page: pymupdf.Page, rects: Sequence[Box]) -> bool:
    """Whether an image, path or shading reaches into one of `rects` (pass 2 has work there)."""
    for kind, (x0, y0, x1, y1) in drawing_log(page):
        if kind in _TEXT_KINDS:
            continue
        if any(r[0] <= x1 and x0 <= r[2] and r[1] <= y1 and y0 <= r[3] for r in rects):
            return True
    return False


# --- output ---------------------------------------------------------------------------

_LABEL_FONT = "helv"  # base-14: nothing embedded, nothing downloaded
PUBLIC_TITLE = "Versión pública"

# Keys that carry text, actions or links to the outside, wherever they appear.
_DROP_KEYS = (
    "Metadata", "PieceInfo", "OC", "Thumb", "AA", "A", "JS", "AF", "Annots", "StructParent",
    "StructParents", "LastModified", "OPI", "Alt", "ActualText", "SpiderInfo", "URI", "Ref",
    "Threads", "Names", "Outlines", "OpenAction", "AcroForm", "PageLabels", "OCProperties",
    "Info", "Lang", "Collection", "Perms", "Legal", "Dests", "StructTreeRoot", "MarkInfo",
)


def draw_label_box(shape: pymupdf.Shape, rect: Box, label: str) -> None:
    """An opaque black box with the legal ground in white, shrunk to fit, reading upright
    as the page is shown: a scan stored turned (/Rotate 90, 180, 270) gets its labels turned
    with it, or a reviewer would read them sideways or upside down."""
    rect = pymupdf.Rect(rect)
    shape.draw_rect(rect)
    shape.finish(color=None, fill=(0, 0, 0), width=0)
    page = shape.page
    turned = page.rotation % 360
    shown = rect * page.rotation_matrix if turned else rect  # as the reader sees it
    shown.normalize()
    vertical = shown.height > shown.width * 2
    length = pymupdf.get_text_length(label, fontname=_LABEL_FONT, fontsize=1)
    along, across = (shown.height, shown.width) if vertical else (shown.width, shown.height)
    size = max(1.0, min(across * 0.75, along * 0.92 / length, 9.0))
    text_len, cap = length * size, size * 0.72
    if vertical:
        point = pymupdf.Point(shown.x0 + (shown.width + cap) / 2,
                              shown.y1 - (shown.height - text_len) / 2)
    else:
        point = pymupdf.Point(shown.x0 + (shown.width - text_len) / 2,
                              shown.y0 + (shown.height + cap) / 2)
    if turned:
        point = point * page.derotation_matrix
    shape.insert_text(point, label, fontname=_LABEL_FONT, fontsize=size, color=(1, 1, 1),
                      rotate=(turned + (90 if vertical else 0)) % 360)


def finish_pages(src: pymupdf.Document, pages: range,
                 labels: dict[int, list[tuple[Box, str]]]) -> None:
    """Tidy the pages of `pages` that had nothing removed, then draw the labelled boxes."""
    for number in pages:
        if not labels.get(number):
            # Redacted pages were already rewritten by MuPDF's filter; this
            # drops unused resources (e.g. a form XObject never drawn) elsewhere.
            src[number].clean_contents(sanitize=True)
    for number in pages:
        boxes = labels.get(number)
        if not boxes:
            continue
        page = src[number]
        shape = page.new_shape()
        for rect, label in boxes:
            draw_label_box(shape, rect, label)
        shape.commit(overlay=True)


def pages_pdf(src: pymupdf.Document, pages: range) -> bytes:
    """`pages` of `src` as a PDF of their own (a child process hands its range back so)."""
    part = pymupdf.open()
    part.insert_pdf(src, from_page=pages.start, to_page=pages.stop - 1,
                    links=False, annots=False, widgets=False)
    data = part.tobytes()
    part.close()
    return data


def assemble(pieces: Sequence[tuple[pymupdf.Document | bytes, range]]) -> bytes:
    """A new document of the pieces' pages, in order, saved clean.

    Each piece is an open document and the range of its pages to take, or
    the bytes of a PDF holding just that range. The new document has no
    earlier revisions, no catalog entries beyond the page tree, no
    annotations, attachments, forms, scripts, outlines, page labels or XMP,
    and only a neutral title in its Info dictionary.
    """
    out = pymupdf.open()
    for source, pages in pieces:
        opened = isinstance(source, bytes)
        doc = pymupdf.open(stream=source, filetype="pdf") if opened else source
        first = 0 if opened else pages.start
        out.insert_pdf(doc, from_page=first, to_page=first + len(pages) - 1,
                       links=False, annots=False, widgets=False)
        if opened:
            doc.close()
    for xref in range(1, out.xref_length()):
        keys = out.xref_get_keys(xref)
        for key in _DROP_KEYS:
            if key in keys:
                out.xref_set_key(xref, key, "null")
    # Rebuilt rather than edited: a deleted key would stay behind as "/Info null".
    catalog = out.pdf_catalog()
    pages_ref = out.xref_get_key(catalog, "Pages")[1]
    out.update_object(catalog, f"<</Type/Catalog/Pages {pages_ref}>>")
    out.set_metadata({})
    out.set_metadata({"title": PUBLIC_TITLE})
    out.del_xml_metadata()
    try:
        # Glyphs only the removed text used should not linger in embedded fonts.
        out.subset_fonts()
    except Exception:  # noqa: BLE001 - subsetting is an optimisation; the gate still checks
        pass
    buffer = io.BytesIO()
    out.save(buffer, garbage=4, deflate=True, deflate_images=True, deflate_fonts=True)
    has_images = any(page.get_images(full=False) for page in out)
    out.close()
    if not has_images:
        return buffer.getvalue()
    # Image dictionaries and JPEG data still carry what the camera or editor wrote.
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        clean_all_images(pdf)
        cleaned = io.BytesIO()
        pdf.save(cleaned, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return cleaned.getvalue()


def rect_tuple(rect: pymupdf.Rect | Sequence[float]) -> tuple[float, float, float, float]:
    r = pymupdf.Rect(rect)
    return tuple(round(v, 2) if math.isfinite(v) else 0.0 for v in (r.x0, r.y0, r.x1, r.y1))
