"""Private file storage: originals and attachments that only a permission check may hand out."""

from django.core.files.storage import storages
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


def private_storage():
    """Callable for FileField(storage=...), so migrations do not freeze the path."""
    return _private


_private = _PrivateStorage()
