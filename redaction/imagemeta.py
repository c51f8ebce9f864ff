"""Images without their metadata: what a camera or an editor wrote besides the pixels.

A photo pasted into a report carries EXIF (camera, author, GPS, a description
someone typed with a name and a phone), XMP and IPTC packets, comments, and
in a PDF its image dictionary may keep private keys such as the original
file name (/PTEX.FileName …_3104443322.jpg). None of it is visible, all of it
is readable. The writer re-encodes every image with only the keys that draw
it; the gate checks that nothing else is left.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib

logging.getLogger("pikepdf._core").setLevel(logging.WARNING)

import pikepdf  # noqa: E402

# Keys of an image XObject that only say how to draw its pixels (ISO 32000-1, table 89).
DRAWING_KEYS = frozenset({
    "/Type", "/Subtype", "/Width", "/Height", "/ColorSpace", "/BitsPerComponent", "/Intent",
    "/ImageMask", "/Mask", "/Decode", "/Interpolate", "/SMask", "/SMaskInData", "/Filter",
    "/DecodeParms", "/Length", "/Matte",
})

_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def strip_jpeg_metadata(b: bytes) -> bytes:
    """The JPEG without metadata: APP1..APP15 segments (EXIF, XMP, ICC, IPTC, ...) except an
    Adobe APP14 (colour transform), COM comments, the JFIF thumbnail and anything after EOI.

    Bytes that do not start as a JPEG are returned unchanged; a JPEG whose
    segment structure is broken before the image data raises ValueError.
    """
    if not b.startswith(b"\xff\xd8"):
        return b
    out = bytearray(b"\xff\xd8")
    pos, n = 2, len(b)
    while pos < n:
        if b[pos] != 0xFF:
            raise ValueError("JPEG: marcador esperado")
        while pos < n and b[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            break
        marker = b[pos]
        pos += 1
        if marker == 0xD9:  # EOI: trailing data (appended images, vendor blobs) is dropped
            out += b"\xff\xd9"
            return bytes(out)
        if marker in _JPEG_STANDALONE:
            out += bytes((0xFF, marker))
            continue
        if pos + 2 > n:
            raise ValueError("JPEG: segmento truncado")
        length = struct.unpack_from(">H", b, pos)[0]
        if length < 2 or pos + length > n:
            raise ValueError("JPEG: longitud de segmento inválida")
        segment = b[pos + 2 : pos + length]
        pos += length
        if marker == 0xE0:
            if segment.startswith(b"JFIF\x00") and len(segment) >= 14:
                kept = segment[:12] + b"\x00\x00"  # no thumbnail
                out += b"\xff\xe0" + struct.pack(">H", len(kept) + 2) + kept
            continue  # JFXX (thumbnails) and other APP0 uses are dropped
        if 0xE1 <= marker <= 0xEF:
            if marker == 0xEE and segment.startswith(b"Adobe"):
                out += b"\xff\xee" + struct.pack(">H", length) + segment
            continue
        if marker == 0xFE:  # COM
            continue
        out += bytes((0xFF, marker)) + struct.pack(">H", length) + segment
        if marker == 0xDA:  # SOS: entropy-coded data up to the next real marker
            start = pos
            while True:
                i = b.find(b"\xff", pos)
                if i < 0 or i + 1 >= n:
                    pos = n  # no EOI: the data is kept as it is
                    break
                following = b[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
                    pos = i + 2
                elif following == 0xFF:  # fill byte before a marker
                    pos = i + 1
                else:
                    pos = i
                    break
            out += b[start:pos]
    return bytes(out)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def strip_png_metadata(b: bytes) -> bytes:
    """The PNG without tEXt, zTXt, iTXt, eXIf and tIME chunks and without data after IEND.

    Bytes that are not a PNG are returned unchanged; a broken chunk structure
    raises ValueError.
    """
    if not b.startswith(PNG_SIGNATURE):
        return b
    out = bytearray(PNG_SIGNATURE)
    pos, n = len(PNG_SIGNATURE), len(b)
    while pos < n:
        if pos + 12 > n:
            raise ValueError("PNG: bloque truncado")
        length = struct.unpack_from(">I", b, pos)[0]
        kind = b[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > n:
            raise ValueError("PNG: bloque truncado")
        if kind not in _PNG_DROPPED:
            out += b[pos:end]
        pos = end
        if kind == b"IEND":
            break
    return bytes(out)


def jpeg_is_clean(data: bytes) -> bool:
    """Whether a JPEG holds nothing strip_jpeg_metadata() would remove."""
    try:
        return strip_jpeg_metadata(data) == data
    except ValueError:
        return False


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(v) for v in value]
    return [str(value)]


def clean_image(stream: pikepdf.Stream) -> None:
    """Drop every non-drawing key and, for JPEG data, every metadata segment."""
    for key in list(stream.keys()):
        if key not in DRAWING_KEYS:
            del stream[key]
    filters = _filters(stream)
    if filters == ["/DCTDecode"]:
        raw = stream.read_raw_bytes()
        try:
            cleaned = strip_jpeg_metadata(raw)
        except ValueError:
            cleaned = _reencoded_jpeg(stream)
        if cleaned is not None and cleaned != raw:
            stream.write(cleaned, filter=pikepdf.Name.DCTDecode)
    elif filters and filters[-1] == "/JPXDecode":
        # JPEG 2000 boxes can hold XML; decode to pixels and store them losslessly.
        try:
            decoded = pikepdf.PdfImage(stream).as_pil_image()
        except Exception:  # noqa: BLE001 - undecodable: the gate will refuse the file
            return
        rgb = decoded.convert("RGB")
        stream.write(zlib.compress(rgb.tobytes()), filter=pikepdf.Name.FlateDecode)
        stream.ColorSpace = pikepdf.Name.DeviceRGB
        stream.BitsPerComponent = 8
        stream.Width, stream.Height = rgb.size
        if "/DecodeParms" in stream:
            del stream["/DecodeParms"]


def _reencoded_jpeg(stream: pikepdf.Stream) -> bytes | None:
    """A JPEG whose segments cannot be walked: decoded and written again, pixels only."""
    try:
        image = pikepdf.PdfImage(stream).as_pil_image()
    except Exception:  # noqa: BLE001 - undecodable: left for the gate to refuse
        return None
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def clean_all_images(pdf: pikepdf.Pdf) -> int:
    """clean_image() on every image XObject of a document; returns how many there were."""
    count = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            clean_image(obj)
            count += 1
    return count


def image_findings(stream: pikepdf.Stream) -> list[str]:
    """What the gate refuses in an image XObject: private keys and metadata in its data."""
    found = []
    if any(key not in DRAWING_KEYS for key in stream.keys()):
        found.append("metadatos_imagen")
    filters = _filters(stream)
    if filters == ["/DCTDecode"] and not jpeg_is_clean(stream.read_raw_bytes()):
        found.append("metadatos_imagen")
    if filters and filters[-1] == "/JPXDecode":
        found.append("metadatos_imagen")
    return found
