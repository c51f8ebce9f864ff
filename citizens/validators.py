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


# A 600 dpi scan of an A4 page is 35 megapixels; 144 megapixels is a memory attack.
MAX_IMAGE_PIXELS = 40_000_000
# A PDF of 10 MB has a few thousand objects; walking millions would be its own attack.
MAX_PDF_OBJECTS = 200_000
# Markup a browser would run if the file were ever shown as a page (polyglots).
_ACTIVE_MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|!doctype\s+html)\b"
                            rb"|javascript\s*:", re.IGNORECASE)
# Office parts that run or embed code: macros, ActiveX controls, OLE objects.
_DOCX_ACTIVE_PARTS = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|activeX/|embeddings/)",
                                re.IGNORECASE)
# PDF actions that run code, open other files or send data; names and keys that embed files.
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE",
                       "/Rendition", "/RichMediaExecute", "/Movie", "/Sound"}
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/XFA",
                    "/RichMedia", "/Launch"}


class _Refused(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


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
    """Return the sniffed content type or raise a Spanish ValidationError.

    The first bytes say what a file claims to be; the checks below make sure it is only
    that: a PDF without scripts, automatic actions or embedded files, an image within the
    pixel cap, a DOCX whose parts inflate to a bounded size and carry no macros, and no
    file with markup a browser would run."""
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
    try:
        _no_active_markup(upload)
        {PDF: _validate_pdf, PNG: _validate_image, JPEG: _validate_image,
         DOCX: _validate_docx}[content_type](upload)
    except _Refused as refused:
        raise ValidationError("El archivo «%(name)s» " + refused.message,
                              params={"name": upload.name}, code=refused.code) from None
    finally:
        upload.seek(0)
    return content_type


def _no_active_markup(upload):
    upload.seek(0)
    tail = b""
    while chunk := upload.read(1024 * 1024):
        if _ACTIVE_MARKUP.search(tail + chunk):
            raise _Refused("contiene código de página web (HTML o scripts) además de su "
                           "formato: no se acepta.", "polyglot")
        tail = chunk[-64:]
    upload.seek(0)


def _validate_image(upload):
    from PIL import Image

    try:
        with Image.open(upload) as image:
            width, height = image.size  # from the header, before any pixel is decoded
            if width * height > MAX_IMAGE_PIXELS:
                raise _Refused(
                    f"tiene {width * height / 1e6:.0f} megapíxeles ({width}×{height}); el "
                    f"máximo es {MAX_IMAGE_PIXELS // 1_000_000}. Redúzcala o envíela como PDF.",
                    "too_many_pixels")
            image.verify()
    except _Refused:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise _Refused("está dañado o no es una imagen.", "bad_image") from exc


def _validate_docx(upload):
    from redaction.archives import check_zip
    from redaction.errors import UnreadableInput

    try:
        names = check_zip(upload)
    except UnreadableInput as exc:
        raise _Refused(f"no se acepta: {exc}", "bad_docx") from exc
    if any(_DOCX_ACTIVE_PARTS.search(name) for name in names):
        raise _Refused("contiene macros, controles ActiveX u objetos incrustados, que no se "
                       "aceptan por seguridad: guárdelo como PDF o como DOCX sin macros.",
                       "active_docx")


def _validate_pdf(upload):
    import pikepdf

    try:
        with pikepdf.open(upload) as pdf:
            _walk_pdf(pdf)
    except _Refused:
        raise
    except pikepdf.PasswordError as exc:
        raise _Refused("está protegido con contraseña: envíe una copia sin protección.",
                       "encrypted_pdf") from exc
    except Exception as exc:  # pikepdf/qpdf raise several types for broken files
        raise _Refused("está dañado o no es un PDF válido.", "bad_pdf") from exc


def _walk_pdf(pdf):
    import pikepdf

    active = _Refused("contiene JavaScript, acciones automáticas o archivos incrustados, que "
                      "no se aceptan por seguridad: imprímalo de nuevo como PDF o envíe una "
                      "copia escaneada.", "active_pdf")
    if len(pdf.objects) > MAX_PDF_OBJECTS:
        raise _Refused("es demasiado complejo para revisarlo.", "complex_pdf")

    # Every indirect object is a root; what is written inline beneath it is walked with a
    # stack rather than recursion, so no nesting depth hides an action (a /Next chain of
    # 40 inline actions did, under a depth limit of 32) and none exhausts Python's stack.
    pending = [pdf.trailer, *pdf.objects]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            keys = set(obj.keys())
            if keys & _PDF_ACTIVE_KEYS or str(obj.get("/S", "")) in _PDF_ACTIVE_ACTIONS or str(
                    obj.get("/Type", "")) == "/EmbeddedFile":
                raise active
            values = (obj.get(key) for key in keys)
        elif isinstance(obj, pikepdf.Array):
            values = iter(obj)
        else:
            continue
        pending.extend(value for value in values if not getattr(value, "is_indirect", False))
