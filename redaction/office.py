"""Word processor documents (DOCX, ODT, DOC) to PDF with their real layout, cleaned first.

A document a reviewer uploads is converted with LibreOffice (headless, a
private throw-away profile per run, no network when the system allows a
private network namespace) so tables, images and page layout survive into
the public version. Before LibreOffice sees the file, everything a reader of
the printed document would not see is taken out of the package itself, so it
can never reach the PDF whatever LibreOffice's options:

* tracked changes are accepted: insertions and moves are kept as ordinary
  text, deletions and moved-away text are dropped with their content, and
  formatting-change records (which carry authors and dates) are removed;
* comments (and their authors) are removed: anchors, references and the
  comment parts themselves;
* hidden text (Word's "oculto", direct or through a style; ODF's
  text:display="none", hidden-text fields and hidden sections) is removed;
* document properties (author, title, last editor, custom properties), the
  thumbnail, custom XML data, macros and links to external files are removed;
* JPEG and PNG images lose their metadata segments (EXIF, XMP, IPTC,
  comments, text chunks; see strip_jpeg_metadata, strip_png_metadata).

A .doc (Word 97-2003) is first converted to DOCX by LibreOffice and then
cleaned as a DOCX. Without LibreOffice (not installed, or REDACTION_OFFICE=off)
a DOCX still goes through the cleaning and the text-only renderer of
redaction.docx; ODT and DOC need LibreOffice.

The caller gets a Conversion: the PDF, the engine used and Spanish notes
saying what was dropped, for the report. No Django here.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from .archives import ArchiveTooLarge, check_zip
from .imagemeta import PNG_SIGNATURE, strip_jpeg_metadata, strip_png_metadata
from .errors import UnreadableInput

__all__ = [
    "Conversion",
    "office_to_pdf",
    "sanitize_docx",
    "sanitize_odt",
    "sniff_office",
    "strip_jpeg_metadata",
    "strip_png_metadata",
]

TIMEOUT_SECONDS = 120

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"

_ODT_MIME = "application/vnd.oasis.opendocument.text"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


@dataclass
class Conversion:
    """A converted document: PDF bytes, engine ("pdf", "libreoffice" or "texto"), Spanish notes."""

    pdf: bytes
    engine: str
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def as_report(self) -> dict:
        """For the JSON report: how the input became a PDF and what was dropped (counts only)."""
        return {"engine": self.engine, "notes": list(self.notes), "dropped": dict(self.counts)}


# --- format detection ------------------------------------------------------------------------


def sniff_office(data: bytes) -> str | None:
    """"docx", "odt" or "doc" by content (never by name), or None for anything else."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names:
                    with archive.open("mimetype") as handle:
                        mime = handle.read(200).strip()
                    if mime == _ODT_MIME.encode():
                        return "odt"
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError,
                NotImplementedError, EOFError):
            return None
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and _ole_has_stream(data,
                                                                                 "WordDocument"):
        return "doc"
    return None


def _ole_has_stream(data: bytes, name: str) -> bool:
    """Whether an OLE compound file names a stream `name` (heuristic, bounded work).

    Excel, PowerPoint and encrypted OOXML files share the OLE magic; a Word
    document has a "WordDocument" stream. The directory usually sits in the
    first 64 KB; otherwise its sector chain is followed through the FAT.
    """
    needle = name.encode("utf-16-le")
    if needle in data[:65536]:
        return True
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if not 7 <= shift <= 16:
            return False
        size = 1 << shift
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        fat_sectors = struct.unpack_from("<109I", data, 0x4C)
        fat: list[int] = []
        for sector in fat_sectors:
            if sector >= 0xFFFFFFFA:
                break
            start = (sector + 1) * size
            chunk = data[start : start + size]
            fat.extend(struct.unpack(f"<{len(chunk) // 4}I", chunk[: len(chunk) // 4 * 4]))
        sector, seen = first_dir, 0
        while sector < 0xFFFFFFFA and seen < 4096:
            start = (sector + 1) * size
            if needle in data[start : start + size]:
                return True
            if sector >= len(fat):
                return False
            sector, seen = fat[sector], seen + 1
    except struct.error:
        return False
    return False


def _counted_clean_image(data: bytes, counts: dict[str, int]) -> bytes:
    cleaned = _clean_image(data)
    if cleaned != data:
        counts["images_cleaned"] += 1
    return cleaned


def _clean_image(data: bytes) -> bytes:
    try:
        if data.startswith(b"\xff\xd8"):
            return strip_jpeg_metadata(data)
        if data.startswith(PNG_SIGNATURE):
            return strip_png_metadata(data)
    except ValueError:
        return b""  # a broken image is dropped rather than published with its metadata
    return data


# --- XML helpers ------------------------------------------------------------------------------


def _parse(data: bytes, what: str):
    # No DTDs, no entities, no network: the document is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableInput(f"El documento {what} está dañado y no se puede leer.") from exc
    if root is None:
        raise UnreadableInput(f"El documento {what} está dañado y no se puede leer.")
    return root


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(el) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _remove(el) -> None:
    parent = el.getparent()
    if parent is not None:
        _keep_tail(el)
        parent.remove(el)


def _keep_tail(el) -> None:
    """Move el.tail onto its previous sibling or parent (ODF keeps text in tails)."""
    if not el.tail:
        return
    previous = el.getprevious()
    parent = el.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + el.tail
    elif parent is not None:
        parent.text = (parent.text or "") + el.tail
    el.tail = None


def _unwrap(el) -> None:
    """Replace el by its children (and text), in place."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    if el.text:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.text
        else:
            parent.text = (parent.text or "") + el.text
    children = list(el)
    tail = el.tail
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    el.tail = None
    parent.remove(el)
    if tail:
        if children:
            last = children[-1]
            last.tail = (last.tail or "") + tail
        else:
            previous = parent[index - 1] if index > 0 else None
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _attached(el, root) -> bool:
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


# --- DOCX -----------------------------------------------------------------------------------------

_CHANGE_RECORDS = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                   "tcPrChange", "tblGridChange", "numberingChange"}
_RANGE_MARKERS = {"moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
                  "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
                  "customXmlDelRangeEnd", "customXmlMoveFromRangeStart",
                  "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
                  "customXmlMoveToRangeEnd", "commentRangeStart", "commentRangeEnd",
                  "cellMerge", "cellIns"}
_PART_RE = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_DROPPED_REL_SUFFIXES = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible",
                         "/people", "/customXml", "/core-properties", "/extended-properties",
                         "/custom-properties", "/thumbnail", "/vbaProject", "/attachedTemplate",
                         "/glossaryDocument")
_DROPPED_MEMBER_RE = re.compile(
    r"(docProps/.*|customXml/.*|word/(comments\w*|people)\.xml|word/_rels/(comments\w*|people)"
    r"\.xml\.rels|word/vba\w*\.(bin|xml)|word/_rels/vba\w*\.bin\.rels|word/glossary/.*)",
    re.IGNORECASE)
_TEXT_PART_TYPES = ("main+xml", ".header+xml", ".footer+xml", ".footnotes+xml",
                    ".endnotes+xml")
_FALSE = ("false", "0", "off")


def _on(el) -> bool:
    value = el.get(f"{{{_W}}}val")
    return value is None or value.strip().lower() not in _FALSE


def _vanish_of(rpr) -> bool | None:
    """True/False if run properties set (spec)vanish, None if they say nothing."""
    if rpr is None:
        return None
    found = None
    for name in ("vanish", "specVanish"):
        el = rpr.find(f"{{{_W}}}{name}")
        if el is not None:
            if _on(el):
                return True
            found = False
    return found


class _HiddenStyles:
    """Which styles hide text, following basedOn chains, from word/styles.xml."""

    def __init__(self, styles_xml: bytes | None):
        self.direct: dict[str, bool | None] = {}
        self.based_on: dict[str, str] = {}
        self.default_paragraph: str | None = None
        self.default: bool | None = None
        if not styles_xml:
            return
        root = _parse(styles_xml, "DOCX")
        rpr_default = root.find(f"{{{_W}}}docDefaults/{{{_W}}}rPrDefault/{{{_W}}}rPr")
        self.default = _vanish_of(rpr_default)
        for style in root.iter(f"{{{_W}}}style"):
            sid = style.get(f"{{{_W}}}styleId")
            if not sid:
                continue
            self.direct[sid] = _vanish_of(style.find(f"{{{_W}}}rPr"))
            based = style.find(f"{{{_W}}}basedOn")
            if based is not None and based.get(f"{{{_W}}}val"):
                self.based_on[sid] = based.get(f"{{{_W}}}val")
            if style.get(f"{{{_W}}}type") == "paragraph" and _on_attr(style, "default"):
                self.default_paragraph = sid

    def of(self, sid: str | None) -> bool | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            value = self.direct.get(sid)
            if value is not None:
                return value
            sid = self.based_on.get(sid)
        return None


def _on_attr(el, name: str) -> bool:
    value = el.get(f"{{{_W}}}{name}")
    return value is not None and value.strip().lower() in ("1", "true", "on")


def _style_id(props, name: str) -> str | None:
    if props is None:
        return None
    el = props.find(f"{{{_W}}}{name}")
    return el.get(f"{{{_W}}}val") if el is not None else None


def _accept_changes(root, counts: dict[str, int]) -> None:
    w = f"{{{_W}}}"
    # Deletions first: their content goes, including any insertion nested inside.
    for el in list(root.iter(f"{w}del", f"{w}moveFrom", f"{w}cellDel")):
        if not _attached(el, root):
            continue
        parent = el.getparent()
        pname = _local(parent)
        name = _local(el)
        if name == "cellDel":  # a deleted table cell
            cell = parent.getparent() if pname == "tcPr" else None
            if cell is not None:
                _remove(cell)
                counts["deletions"] += 1
            else:
                _remove(el)
            continue
        if pname == "trPr":  # a deleted table row
            row = parent.getparent()
            if row is not None and _local(row) == "tr":
                _remove(row)
                counts["deletions"] += 1
            continue
        if pname == "rPr":
            holder = parent.getparent()
            if holder is not None and _ns(holder) == _M and _local(holder) == "r":
                _remove(holder)  # a deleted math run
                counts["deletions"] += 1
            elif holder is not None and _local(holder) == "pPr":
                # Deleted paragraph mark: the paragraph merges into the next one.
                paragraph = holder.getparent()
                _remove(el)
                if paragraph is not None:
                    paragraph.set("_merged", "1")
            else:
                _remove(el)
            continue
        if pname.endswith("Pr"):  # another property marker (math control properties, ...)
            _remove(el)
            continue
        _remove(el)
        counts["deletions"] += 1
    for el in list(root.iter(f"{w}ins", f"{w}moveTo")):
        if not _attached(el, root):
            continue
        parent = el.getparent()
        if _local(parent).endswith("Pr"):  # inserted row, paragraph mark, math run: a marker
            _remove(el)
            continue
        _unwrap(el)
        counts["insertions"] += 1
    for el in list(root.iter(*(f"{w}{name}" for name in _CHANGE_RECORDS | _RANGE_MARKERS),
                             f"{w}delText", f"{w}delInstrText", f"{w}dataBinding")):
        if _attached(el, root):
            _remove(el)
    # Paragraphs left empty by an accepted deletion of their mark go with it.
    for paragraph in list(root.iter(f"{w}p")):
        if paragraph.attrib.pop("_merged", None) and _removable_empty(paragraph):
            _remove(paragraph)


def _has_content(paragraph) -> bool:
    w = f"{{{_W}}}"
    for el in paragraph.iter(f"{w}r", f"{{{_M}}}oMath", f"{{{_M}}}oMathPara", f"{w}fldSimple"):
        if _local(el) != "r":
            return True
        if any(_local(child) != "rPr" for child in el):
            return True
    return False


def _removable_empty(paragraph) -> bool:
    """An empty paragraph that is not a section break nor the last paragraph of its container."""
    w = f"{{{_W}}}"
    if _has_content(paragraph) or paragraph.find(f"{w}pPr/{w}sectPr") is not None:
        return False
    parent = paragraph.getparent()
    if parent is None:
        return False
    return any(_local(p) == "p" and p is not paragraph for p in parent)


def _drop_comments(root) -> int:
    w = f"{{{_W}}}"
    references = set()
    for ref in list(root.iter(f"{w}commentReference")):
        references.add(ref.get(f"{w}id"))
        run = ref.getparent()
        _remove(ref)
        if run is not None and _local(run) == "r" and not any(_local(c) != "rPr" for c in run):
            _remove(run)
    for el in list(root.iter(f"{w}commentRangeStart", f"{w}commentRangeEnd")):
        _remove(el)
    return len(references)


def _drop_hidden(root, styles: _HiddenStyles) -> int:
    w = f"{{{_W}}}"
    removed = 0
    for paragraph in list(root.iter(f"{w}p")):
        if not _attached(paragraph, root):
            continue
        ppr = paragraph.find(f"{w}pPr")
        pstyle = _style_id(ppr, "pStyle") or styles.default_paragraph
        paragraph_value = styles.of(pstyle)
        inherited = paragraph_value if paragraph_value is not None else styles.default
        for run in list(paragraph.iter(f"{w}r")):
            if not _attached(run, paragraph) or run.getparent() is None:
                continue
            # Runs of a nested paragraph (text box) are handled with their own paragraph.
            owner = run.getparent()
            while owner is not None and not (_local(owner) == "p" and _ns(owner) == _W):
                owner = owner.getparent()
            if owner is not paragraph:
                continue
            rpr = run.find(f"{w}rPr")
            value = _vanish_of(rpr)
            if value is None:
                value = styles.of(_style_id(rpr, "rStyle"))
            if value is None:
                value = inherited
            if not value:
                continue
            if run.find(f"{w}fldChar") is not None or run.find(f"{w}instrText") is not None:
                # Keep the field structure (begin/separate/end), drop what could show.
                for child in list(run):
                    if _local(child) not in ("rPr", "fldChar", "instrText"):
                        _remove(child)
                removed += 1
                continue
            if any(_local(c) != "rPr" for c in run):
                removed += 1
            _remove(run)
        mark = _vanish_of(ppr.find(f"{w}rPr") if ppr is not None else None)
        if mark is None:
            mark = inherited
        if mark and _removable_empty(paragraph):
            _remove(paragraph)
    return removed


_LINKING_FIELD = re.compile(r"\s*(INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|DDE|DDEAUTO|IMPORT)\b",
                            re.IGNORECASE)


def _drop_linking_fields(root) -> None:
    """Fields that pull in other files (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE) keep only
    their last shown result: the instruction is blanked so nothing is read on conversion."""
    w = f"{{{_W}}}"
    for instr in root.iter(f"{w}instrText"):
        if instr.text and _LINKING_FIELD.match(instr.text):
            instr.text = ""
    for simple in list(root.iter(f"{w}fldSimple")):
        if _LINKING_FIELD.match(simple.get(f"{w}instr") or ""):
            _unwrap(simple)


def _clean_settings(root) -> None:
    w = f"{{{_W}}}"
    for name in ("attachedTemplate", "mailMerge", "trackRevisions", "documentProtection",
                 "writeProtection", "rsids", "docVars"):
        for el in list(root.iter(f"{w}{name}")):
            _remove(el)


def _strip_rsids(root) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key in [k for k in el.attrib if k.startswith(f"{{{_W}}}rsid")]:
            del el.attrib[key]


def _clean_rels(data: bytes, dropped: set[str], base: str) -> tuple[bytes, set[str]]:
    """Relationships without comments, properties, custom XML, macros and external files.

    Returns the new XML and the package paths of the parts whose relationship was dropped.
    """
    root = _parse(data, "DOCX")
    targets = set()
    for rel in list(root):
        rtype = rel.get("Type") or ""
        target = rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external"
        drop = rtype.endswith(_DROPPED_REL_SUFFIXES)
        if external and not rtype.endswith("/hyperlink"):
            drop = True  # linked images, templates, OLE links, frames: nothing is fetched
        if not drop and not external:
            path = _resolve(base, target)
            drop = path in dropped
        if drop:
            if not external:
                targets.add(_resolve(base, target))
            root.remove(rel)
    return _serialize(root), targets


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in base.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _rels_base(rels_name: str) -> str:
    # word/_rels/document.xml.rels -> word ; _rels/.rels -> ""
    folder = rels_name.rsplit("_rels/", 1)[0].rstrip("/")
    return folder


def _read_members(data: bytes, what: str) -> list[tuple[zipfile.ZipInfo, bytes]]:
    try:
        check_zip(data)
    except ArchiveTooLarge:
        raise
    except UnreadableInput as exc:
        raise UnreadableInput(
            f"El documento {what} está dañado o no es un documento válido.") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()
                    if not info.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError,
            NotImplementedError, EOFError, RuntimeError) as exc:
        raise UnreadableInput(
            f"El documento {what} está dañado o no es un documento válido.") from exc


def _write_members(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    # ODF wants "mimetype" first and stored; the order of the rest is kept.
    members = sorted(members, key=lambda item: item[0].filename != "mimetype")
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, content in members:
            stored = info.filename == "mimetype"
            fresh = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fresh.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            fresh.external_attr = 0o644 << 16
            archive.writestr(fresh, content)
    return buffer.getvalue()


def sanitize_docx(data: bytes) -> tuple[bytes, dict[str, int]]:
    """The DOCX with tracked changes accepted and comments, hidden text, properties, custom
    XML, macros, external links and image metadata removed, plus counts of what went.

    Counts: insertions and deletions accepted, comments removed, hidden runs
    removed, images whose metadata was stripped, property parts removed.
    Raises UnreadableInput (Spanish message) for a damaged or oversized package.
    """
    members = _read_members(data, "DOCX")
    counts = {"insertions": 0, "deletions": 0, "comments": 0, "hidden": 0,
              "images_cleaned": 0, "properties": 0}
    names = {info.filename for info, _ in members}
    if "word/document.xml" not in names:
        raise UnreadableInput("El documento DOCX está dañado o no es un documento de Word válido.")

    dropped = {name for name in names if _DROPPED_MEMBER_RE.fullmatch(name)}
    counts["properties"] = sum(1 for name in dropped
                               if name.lower().startswith(("docprops/", "customxml/")))
    comment_count = 0
    for info, content in members:
        if info.filename.lower() == "word/comments.xml":
            comment_count = sum(1 for _ in _parse(content, "DOCX").iter(f"{{{_W}}}comment"))
    # Relationships may name parts under other names than the usual ones.
    rels_out: dict[str, bytes] = {}
    for _round in range(2):
        for info, content in members:
            name = info.filename
            if name.endswith(".rels") and name not in dropped:
                base = _rels_base(name)
                cleaned, targets = _clean_rels(content, dropped, base)
                rels_out[name] = cleaned
                dropped |= {t for t in targets if t in names and t != "word/document.xml"}
    # Relationship files of dropped parts go with them.
    for name in list(dropped):
        folder, _, leaf = name.rpartition("/")
        dropped.add(f"{folder}/_rels/{leaf}.rels" if folder else f"_rels/{leaf}.rels")

    # Text parts by content type too, in case a producer named them unusually.
    text_parts = set()
    types_xml = next((c for i, c in members if i.filename == "[Content_Types].xml"), None)
    if types_xml:
        for override in _parse(types_xml, "DOCX").iter(f"{{{_CT}}}Override"):
            kind = override.get("ContentType") or ""
            if "wordprocessingml" in kind and kind.endswith(_TEXT_PART_TYPES):
                text_parts.add((override.get("PartName") or "").lstrip("/"))

    styles_xml = next((c for i, c in members if i.filename == "word/styles.xml"), None)
    styles = _HiddenStyles(styles_xml)

    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    references = 0
    for info, content in members:
        name = info.filename
        if name in dropped:
            continue
        if name in rels_out:
            content = rels_out[name]
        elif name == "[Content_Types].xml":
            root = _parse(content, "DOCX")
            for override in list(root.iter(f"{{{_CT}}}Override")):
                part = (override.get("PartName") or "").lstrip("/")
                if part in dropped or _DROPPED_MEMBER_RE.fullmatch(part):
                    root.remove(override)
            content = _serialize(root)
        elif _PART_RE.fullmatch(name) or name in text_parts:
            root = _parse(content, "DOCX")
            _accept_changes(root, counts)
            references += _drop_comments(root)
            counts["hidden"] += _drop_hidden(root, styles)
            _drop_linking_fields(root)
            _strip_rsids(root)
            content = _serialize(root)
        elif name in ("word/settings.xml", "word/styles.xml", "word/numbering.xml"):
            root = _parse(content, "DOCX")
            for el in list(root.iter(*(f"{{{_W}}}{n}" for n in _CHANGE_RECORDS))):
                _remove(el)
            if name == "word/settings.xml":
                _clean_settings(root)
            _strip_rsids(root)
            content = _serialize(root)
        elif content.startswith((b"\xff\xd8", PNG_SIGNATURE)):  # images, wherever they are
            content = _counted_clean_image(content, counts)
        out.append((info, content))
    counts["comments"] = max(comment_count, references)
    return _write_members(out), counts


# --- ODT ------------------------------------------------------------------------------------------

# Thumbnail (a picture of page 1 as last saved), macros, toolbar configuration.
_ODT_DROPPED = re.compile(r"(Thumbnails|Basic|Scripts|Configurations2)/")
_NEUTRAL_META = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<office:document-meta xmlns:office="{_OFFICE}" office:version="1.2">'
    "<office:meta/></office:document-meta>"
).encode()


def _odt_hidden_styles(roots) -> tuple[set[str], set[str]]:
    """Names of text and paragraph styles whose text is not displayed (text:display="none")."""
    styles: dict[tuple[str, str], tuple[str | None, bool | None]] = {}
    for root in roots:
        for style in root.iter(f"{{{_STYLE}}}style"):
            family = style.get(f"{{{_STYLE}}}family") or ""
            name = style.get(f"{{{_STYLE}}}name")
            if not name:
                continue
            props = style.find(f"{{{_STYLE}}}text-properties")
            display = props.get(f"{{{_TEXT}}}display") if props is not None else None
            hidden = None if display is None else display in ("none", "condition")
            styles[(family, name)] = (style.get(f"{{{_STYLE}}}parent-style-name"), hidden)

    def hidden(family: str, name: str) -> bool:
        seen = set()
        while name and (family, name) not in seen:
            seen.add((family, name))
            parent, value = styles.get((family, name), (None, None))
            if value is not None:
                return value
            name = parent
        return False

    text = {name for family, name in styles if family == "text" and hidden("text", name)}
    paragraph = {name for family, name in styles
                 if family == "paragraph" and hidden("paragraph", name)}
    return text, paragraph


_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_INTERNAL_HREF = re.compile(r"(\./)?[A-Za-z0-9_][^:]*$")  # a path inside the package


def _drop_odf_links(root) -> None:
    """Linked sections, linked images and objects, and event listeners (macros) go: no file
    outside the package is read and nothing runs on conversion. Hyperlinks stay."""
    t, o = f"{{{_TEXT}}}", f"{{{_OFFICE}}}"
    for el in list(root.iter(f"{t}section-source", f"{o}event-listeners", f"{o}dde-source",
                             f"{t}dde-connection-decls")):
        _remove(el)
    for el in list(root.iter()):
        href = el.get(_XLINK_HREF) if isinstance(el.tag, str) else None
        if href is None or _local(el) == "a" or not _attached(el, root):
            continue
        if ".." in href or not _INTERNAL_HREF.match(href):
            _remove(el)


def _clean_odf_xml(root, counts: dict[str, int], hidden_text: set[str],
                   hidden_paragraphs: set[str]) -> None:
    t, o = f"{{{_TEXT}}}", f"{{{_OFFICE}}}"
    _drop_odf_links(root)
    for changes in list(root.iter(f"{t}tracked-changes")):
        for region in changes.iter(f"{t}changed-region"):
            for child in region:
                if _local(child) == "insertion":
                    counts["insertions"] += 1
                elif _local(child) == "deletion":
                    counts["deletions"] += 1
        _remove(changes)
    for el in list(root.iter(f"{t}change", f"{t}change-start", f"{t}change-end")):
        _remove(el)
    for el in list(root.iter(f"{o}annotation")):
        counts["comments"] += 1
        _remove(el)
    for el in list(root.iter(f"{o}annotation-end")):
        _remove(el)
    for el in list(root.iter(f"{t}hidden-text")):
        counts["hidden"] += 1
        _remove(el)
    for el in list(root.iter(f"{t}hidden-paragraph")):
        paragraph = el.getparent()
        if (el.get(f"{t}is-hidden") or "").lower() == "true" and paragraph is not None \
                and _local(paragraph) in ("p", "h"):
            counts["hidden"] += 1
            _remove(paragraph)
        else:
            _remove(el)
    for section in list(root.iter(f"{t}section")):
        if _attached(section, root) and section.get(f"{t}display") in ("none", "condition"):
            counts["hidden"] += 1
            _remove(section)
    for span in list(root.iter(f"{t}span")):
        if _attached(span, root) and span.get(f"{t}style-name") in hidden_text:
            if (span.text or "").strip() or len(span):
                counts["hidden"] += 1
            _remove(span)
    for paragraph in list(root.iter(f"{t}p", f"{t}h")):
        if _attached(paragraph, root) and paragraph.get(f"{t}style-name") in hidden_paragraphs:
            counts["hidden"] += 1
            _remove(paragraph)


def sanitize_odt(data: bytes) -> tuple[bytes, dict[str, int]]:
    """The ODT with tracked changes accepted, annotations, hidden text, meta.xml, the
    thumbnail, macros and image metadata removed, plus counts as sanitize_docx's."""
    members = _read_members(data, "ODT")
    counts = {"insertions": 0, "deletions": 0, "comments": 0, "hidden": 0,
              "images_cleaned": 0, "properties": 0}
    names = {info.filename for info, _ in members}
    if "content.xml" not in names:
        raise UnreadableInput("El documento ODT está dañado o no es un documento válido.")
    manifest = next((c for i, c in members if i.filename == "META-INF/manifest.xml"), b"")
    if b"encryption-data" in manifest:
        raise UnreadableInput("El documento ODT está protegido con contraseña: quite la "
                              "contraseña o guárdelo como PDF.")
    dropped = {name for name in names if _ODT_DROPPED.match(name)}
    roots = {}
    for info, content in members:
        if info.filename in ("content.xml", "styles.xml"):
            roots[info.filename] = _parse(content, "ODT")
    hidden_text, hidden_paragraphs = _odt_hidden_styles(roots.values())

    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info, content in members:
        name = info.filename
        if name in dropped:
            continue
        if name in roots:
            _clean_odf_xml(roots[name], counts, hidden_text, hidden_paragraphs)
            content = _serialize(roots[name])
        elif name == "meta.xml":
            counts["properties"] += 1
            content = _NEUTRAL_META
        elif name == "META-INF/manifest.xml":
            root = _parse(content, "ODT")
            for entry in list(root.iter(f"{{{_MANIFEST}}}file-entry")):
                path = entry.get(f"{{{_MANIFEST}}}full-path") or ""
                if path in dropped or _ODT_DROPPED.match(path):
                    root.remove(entry)
            content = _serialize(root)
        elif content.startswith((b"\xff\xd8", PNG_SIGNATURE)):  # images, wherever they are
            content = _counted_clean_image(content, counts)
        out.append((info, content))
    return _write_members(out), counts


# --- LibreOffice ---------------------------------------------------------------------------------

_PDF_FILTER = ('pdf:writer_pdf_Export:{'
               '"ExportNotes":{"type":"boolean","value":"false"},'
               '"ExportNotesPages":{"type":"boolean","value":"false"},'
               '"ExportFormFields":{"type":"boolean","value":"false"},'
               '"ExportBookmarks":{"type":"boolean","value":"false"},'
               '"ExportPlaceholders":{"type":"boolean","value":"false"},'
               '"ExportHiddenSlides":{"type":"boolean","value":"false"}}')


def _soffice() -> str | None:
    if os.environ.get("REDACTION_OFFICE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def _isolation_prefix() -> tuple[str, ...]:
    """`unshare` into a private network namespace when the system allows it (no network)."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--net", "--map-root-user")):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return prefix
    return ()


_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop \
oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop \
oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop \
oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="LoadPrinter" \
oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def _run_soffice(binary: str, workdir: Path, source: Path, target: str, outdir: Path,
                 timeout: float | None = None) -> Path:
    """Convert `source` with LibreOffice into `outdir`; returns the output path.

    One private profile per working directory, so concurrent runs never share
    one; the whole process group is killed on timeout.
    """
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    outdir.mkdir(parents=True, exist_ok=True)
    settings = workdir / "profile" / "user" / "registrymodifications.xcu"
    if not settings.exists():  # macros never run, whatever the document asks
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_PROFILE_SETTINGS, encoding="utf-8")
    profile = (workdir / "profile").as_uri()
    command = [*_isolation_prefix(), binary, "--headless", "--norestore", "--nologo",
               "--nolockcheck", "--nodefault", "--nofirststartwizard",
               f"-env:UserInstallation={profile}", "--convert-to", target,
               "--outdir", str(outdir), str(source)]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
    }
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, cwd=workdir,
                                   start_new_session=True)
    except OSError as exc:
        raise UnreadableInput("No se pudo iniciar LibreOffice para convertir el documento.") \
            from exc
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UnreadableInput(
            f"La conversión del documento tardó más de {int(timeout)} segundos y se canceló: "
            "guárdelo como PDF e inténtelo de nuevo.") from None
    finally:
        _kill_group(process)  # leftovers (soffice.bin) of a finished run
    extension = target.split(":", 1)[0]
    produced = outdir / f"{source.stem}.{extension}"
    if not produced.is_file() or produced.stat().st_size == 0:
        raise UnreadableInput("LibreOffice no pudo convertir el documento: puede estar dañado "
                              "o protegido con contraseña. Guárdelo como PDF.")
    return produced


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=n)


def _notes(counts: dict[str, int]) -> list[str]:
    notes = []
    changes = counts.get("insertions", 0) + counts.get("deletions", 0)
    if changes:
        notes.append(_plural(changes, "Se aceptó 1 cambio controlado (texto final).",
                             "Se aceptaron {n} cambios controlados (texto final)."))
    if counts.get("comments"):
        notes.append(_plural(counts["comments"], "Se eliminó 1 comentario.",
                             "Se eliminaron {n} comentarios."))
    if counts.get("hidden"):
        notes.append(_plural(counts["hidden"], "Se eliminó texto oculto (1 fragmento).",
                             "Se eliminó texto oculto ({n} fragmentos)."))
    if counts.get("images_cleaned"):
        notes.append(_plural(counts["images_cleaned"],
                             "Se quitaron los metadatos (EXIF y similares) de 1 imagen.",
                             "Se quitaron los metadatos (EXIF y similares) de {n} imágenes."))
    if counts.get("properties"):
        notes.append("Se descartaron las propiedades del documento (autor, título, "
                     "datos personalizados).")
    return notes


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def office_to_pdf(data: bytes, kind: str) -> Conversion:
    """Clean and convert a "docx", "odt" or "doc" document to PDF; see the module docstring.

    Raises UnreadableInput (Spanish message) for damaged input, a failed or
    timed-out conversion, or ODT/DOC input when LibreOffice is not available.
    """
    if kind not in ("docx", "odt", "doc"):
        raise ValueError(f"Tipo de documento desconocido: {kind!r}")
    if not data:
        raise UnreadableInput("El archivo está vacío.")
    binary = _soffice()
    if binary is None:
        if kind != "docx":
            raise UnreadableInput(
                f"Los documentos {kind.upper()} solo se pueden convertir con LibreOffice, que no "
                "está disponible en este servidor: guárdelo como PDF o DOCX.")
        from .docx import docx_to_pdf

        clean, counts = sanitize_docx(data)
        off = os.environ.get("REDACTION_OFFICE", "").strip().lower() in ("off", "0", "no", "false")
        fallback = ("La conversión con LibreOffice está desactivada: se usó la conversión de "
                    "solo texto (sin imágenes ni diseño)." if off else
                    "LibreOffice no está disponible: se usó la conversión de solo texto (sin "
                    "imágenes ni diseño).")
        # Images are not rendered at all on this path: no note about their metadata.
        shown = {**counts, "images_cleaned": 0}
        return Conversion(docx_to_pdf(clean, sanitized=True), "texto",
                          [fallback, *_notes(shown)], counts)

    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="convive-office-") as tmp:
        workdir = Path(tmp)
        if kind == "doc":
            source = workdir / "original.doc"
            source.write_bytes(data)
            converted = _run_soffice(binary, workdir, source, "docx:MS Word 2007 XML",
                                     workdir / "docx")
            data = converted.read_bytes()
            source.unlink()
            converted.unlink()
            notes.append("El documento de Word 97-2003 (.doc) se convirtió primero a DOCX con "
                         "LibreOffice para limpiarlo.")
            kind = "docx"
        if kind == "docx":
            clean, counts = sanitize_docx(data)
        else:
            clean, counts = sanitize_odt(data)
        source = workdir / f"entrada.{kind}"
        source.write_bytes(clean)
        pdf_path = _run_soffice(binary, workdir, source, _PDF_FILTER, workdir / "pdf")
        pdf = pdf_path.read_bytes()
    if not _is_pdf(pdf):
        raise UnreadableInput("LibreOffice no produjo un PDF válido a partir del documento.")
    return Conversion(pdf, "libreoffice", notes + _notes(counts), counts)
