"""Validation shared by the portal forms, the API and the admin (model layer)."""

import re
import zipfile

from django.core.exceptions import ValidationError

# Any HTML tag or comment start, e.g. "<script", "</b", "<!--", "<img".  Citizens
# write plain text; markup in a petition is never legitimate and must not reach
# staff screens or e-mails.
_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]|javascript\s*:", re.IGNORECASE)


def validate_plain_text(value: str) -> None:
    if value and _MARKUP.search(value):
        raise ValidationError(
            "No se permiten etiquetas HTML, scripts ni código en este campo; escriba solo texto.",
            code="markup",
        )


def collect_model_errors(instance, errors: dict, **full_clean_kwargs) -> None:
    """Run the model's own validation and add its messages to ``errors``, so a service
    can report its own rules and the model's in one Spanish answer."""
    try:
        instance.full_clean(**full_clean_kwargs)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)


# Accepted attachment types, recognised by their content (never by name).
PDF, PNG, JPEG, DOCX = "application/pdf", "image/png", "image/jpeg", (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx"}
ACCEPTED_DESCRIPTION = "PDF, PNG, JPG o DOCX"


def sniff_content_type(upload) -> str | None:
    """The real type of an uploaded file, from its bytes; None when not accepted."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def validate_attachment(upload, *, max_mb: int) -> str:
    """Return the sniffed content type or raise a Spanish ValidationError."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            f"El archivo «%(name)s» pesa más de {max_mb} MB.", params={"name": upload.name},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError("El archivo «%(name)s» está vacío.", params={"name": upload.name},
                              code="empty")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            "El archivo «%(name)s» no es un " + ACCEPTED_DESCRIPTION + " válido: su contenido "
            "no corresponde a ninguno de esos formatos.",
            params={"name": upload.name}, code="bad_type",
        )
    if content_type in (PNG, JPEG):
        _validate_image(upload)
    return content_type


def _validate_image(upload):
    from PIL import Image

    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(
            "La imagen «%(name)s» está dañada o no es una imagen.", params={"name": upload.name},
            code="bad_image",
        ) from exc
    finally:
        upload.seek(0)
