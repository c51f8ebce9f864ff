"""Background work of public versions, run by the task worker (`manage.py db_worker`)."""

import logging

from django.db import transaction
from django_tasks import task

from redaction.models import PublicVersion

logger = logging.getLogger(__name__)
Status = PublicVersion.Status

# What the reviewer reads when a job could not run; the task result keeps the traceback.
MISSING_ORIGINAL = ("No se encontró el archivo original del registro en el almacenamiento; "
                    "vuelva a cargarlo y prepare de nuevo la versión pública.")
UNEXPECTED = ("El procesamiento falló por un error interno ({kind}); el equipo técnico lo "
              "tiene registrado. Puede intentar de nuevo preparando la versión.")


@task()
def process_version(version_id: int):
    """Detection or applying with the gate, whichever the version waits for.

    A version that cannot be processed (its original is gone, the file breaks the
    pipeline) is marked failed with a reason the reviewer can act on, and the task
    fails with the exception, so the queue moves on instead of retrying a poison job.
    """
    from django.conf import settings

    from redaction import parallel, services

    try:
        # A file that makes the page work loop fails its own job (PagesTookTooLong, a
        # ValueError: the version says why) instead of holding the worker for good.
        with parallel.time_limit(settings.REDACTION_SECONDS_PER_PAGE,
                                 at_least=settings.REDACTION_MIN_SECONDS):
            version = services.process(version_id)
    except Exception as exc:
        reason = MISSING_ORIGINAL if isinstance(exc, FileNotFoundError) else \
            UNEXPECTED.format(kind=type(exc).__name__)
        with transaction.atomic():
            updated = PublicVersion.objects.filter(
                pk=version_id, status__in=[Status.QUEUED_DETECTION, Status.QUEUED_APPLY],
            ).update(status=Status.FAILED, failure=reason)
        logger.error("versión pública %s: %s (%s)", version_id, type(exc).__name__,
                     "marcada fallida" if updated else "sin cambios")
        raise
    return None if version is None else version.status
