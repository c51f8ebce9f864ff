"""Private file storage: originals and attachments that only a permission check may hand out."""

from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no URL at all: a template that tries to link one fails loudly."""

    def url(self, name):
        raise ValueError("Los archivos privados no tienen URL pública; use la vista de descarga "
                         "con control de permisos.")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


def private_storage():
    """Callable for FileField(storage=...), so migrations do not freeze the path."""
    return _private


_private = _PrivateStorage()


def private_download(field_file, filename: str):
    """Hand out a private file after the caller has checked permission: always as a
    download, never sniffed into something runnable, never kept by a shared cache."""
    from django.http import FileResponse

    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
