"""The copies of spreadsheets that django-import-export keeps between preview and confirm."""

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.utils.module_loading import import_string

from convive.storage import storage_errors

logger = logging.getLogger(__name__)


def _folder() -> tuple:
    tmp = import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)()
    return storages["import_export"], tmp.MEDIA_FOLDER


def purge_stale_import_files(*, older_than, now) -> int:
    """Delete the copies last written before ``now - older_than``; how many went."""
    storage, folder = _folder()
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:
        return 0  # no import has run on this storage yet
    removed = 0
    for name in names:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < now - older_than:
                storage.delete(path)
                removed += 1
        except storage_errors() as error:
            logger.warning("Import copy %s could not be purged: %r", path, error)
    return removed
