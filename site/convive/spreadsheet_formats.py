"""Reading uploaded spreadsheets the way Colombian offices save them.

Excel in Spanish saves «CSV (delimitado por comas)» with semicolons, in
Windows-1252, and «Texto Unicode» in UTF-16 with tabs; LibreOffice and our own
exports write UTF-8 with commas.  Every one of these is read; anything that is
not text (an image, a PDF, a workbook chosen as CSV) is refused with a
Spanish message instead of a library error.
"""

import codecs
import csv

import tablib
from import_export.formats import base_formats

# Signatures of files that are certainly not text.
_BINARY_MAGIC = {
    b"\x89PNG": "una imagen PNG", b"\xff\xd8\xff": "una imagen JPEG", b"GIF8": "una imagen GIF",
    b"%PDF": "un PDF", b"PK\x03\x04": "un archivo comprimido o un libro de Excel (.xlsx)",
    b"\xd0\xcf\x11\xe0": "un documento de Office antiguo (.xls o .doc)",
}


class UnreadableFile(ValueError):
    """The file is not what its chosen format says; the message is for the user."""


def decode_text(data: bytes, kind: str) -> str:
    if isinstance(data, str):
        return data
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(f"El archivo parece {what}, no un {kind}. Elija el formato que "
                                 "corresponde al archivo o expórtelo de nuevo.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    head = data[:400]
    if head and head.count(b"\x00") * 3 > len(head):
        # UTF-16 without its mark: every other byte of plain text is zero.
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in head:
        raise UnreadableFile(f"El archivo no es texto: no puede leerse como {kind}.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's «CSV» on Windows: the ANSI code page of Spanish systems.
        return data.decode("cp1252", errors="replace")


class _ReadAsBytes:
    """Read the upload as bytes, so the format (not the server's locale) decodes it."""

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True


class CSV(_ReadAsBytes, base_formats.CSV):
    """CSV in any of the encodings and separators above."""

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream, "CSV").lstrip("\ufeff")
        first = text.split("\n", 1)[0]
        try:
            delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        return tablib.import_set(text, format="csv", delimiter=delimiter)


class JSON(_ReadAsBytes, base_formats.JSON):

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream, "JSON").lstrip("\ufeff")
        return tablib.import_set(text, format="json")
