"""Private file storage: originals and attachments that only a permission check may hand out."""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage


class NoURL:
    """Files with no URL at all: a template that tries to link one fails loudly."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Los archivos privados no tienen URL pública; use la vista de descarga "
                         "con control de permisos.")


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    pass


class PrivateS3Storage(NoURL, S3Storage):
    """The private bucket: not even a signed URL, which would outlive the permission
    check that handed it out and could be forwarded."""

    querystring_auth = True


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    # Django resets default_storage when STORAGES changes; this one must follow it.
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """Callable for FileField(storage=...), so migrations do not freeze the path."""
    return _private


_private = _PrivateStorage()


class MissingFile(Http404):
    """A record names a file its storage no longer holds; the message is for the user."""


def private_download(field_file, filename: str):
    """Hand out a private file after the caller has checked permission: always as a
    download, never sniffed into something runnable, never kept by a shared cache."""
    from django.http import FileResponse

    if not field_file.storage.exists(field_file.name):
        raise MissingFile("El archivo ya no está en el almacenamiento: pida a quien administra "
                          "el sistema que lo restaure de la copia de seguridad, o súbalo de "
                          "nuevo en el registro.")
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a file storage raises when it cannot be reached: the disk's OSError, and
    botocore's connection and server errors for object storage."""
    from botocore.exceptions import BotoCoreError, ClientError

    return (OSError, BotoCoreError, ClientError)


def delete_quietly(storage, names) -> None:
    """Best effort: remove files written before a step failed (the storage may be down)."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - an orphan is logged by nobody; nothing to add
            pass
