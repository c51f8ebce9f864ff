"""Zip packages (DOCX) measured before anything unpacks them.

A DOCX is a zip: a 1 MB file can inflate to gigabytes (a "zip bomb"), and
python-docx and lxml read every part whole. The sizes a zip declares for its
members are checked first, then each member is read in bounded chunks, so a
package that lies about its sizes is caught as soon as it exceeds them. Used by
the PQRSD attachment check and the redaction pipeline alike; no Django here.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .errors import UnreadableInput

# A 300-page minute's document.xml is about 5 MB; photos are stored, not inflated.
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
# Text compresses about 10:1 and XML up to 50:1; a bomb is hundreds or thousands to one.
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress as they like
CHUNK = 1024 * 1024


class ArchiveTooLarge(UnreadableInput):
    """Raised with a Spanish message naming what is too large."""


def check_zip(source) -> list[str]:
    """Member names of the zip in ``source`` (bytes or a binary file), after checking what
    it inflates to; raises ArchiveTooLarge or UnreadableInput."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    position = stream.tell() if hasattr(stream, "tell") else 0
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ArchiveTooLarge(f"El documento tiene demasiadas partes ({len(members)}).")
            declared = 0
            for member in members:
                declared += member.file_size
                _check_sizes(member.filename, member.file_size, member.compress_size, declared)
            total = 0
            for member in members:
                size = 0
                with archive.open(member) as handle:
                    while chunk := handle.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        # The declared sizes may lie: count what really comes out.
                        _check_sizes(member.filename, size, member.compress_size, total)
            return [member.filename for member in members]
    except ArchiveTooLarge:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            ValueError, NotImplementedError) as exc:
        raise UnreadableInput("El documento DOCX está dañado o no es un documento de Word "
                              "válido.") from exc
    finally:
        if hasattr(stream, "seek"):
            stream.seek(position)


def _check_sizes(name: str, size: int, compressed: int, total: int) -> None:
    if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
        raise ArchiveTooLarge(
            f"El documento ocupa demasiado al descomprimirlo (más de "
            f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB en total o "
            f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB por parte): guárdelo como PDF.")
    if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(compressed, 1):
        raise ArchiveTooLarge(
            f"Una parte del documento ({name[:60]}) se comprime de forma anómala, como un "
            "archivo hecho para agotar la memoria: no se acepta.")
