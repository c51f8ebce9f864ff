"""Publishing a new version of a process card or procedure writes its change-control row."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from content.models.processes import ProcedurePage, VersionedPage, VersionNote
from records.services.cases import register_procedure_version


@receiver(page_published)
def record_published_version(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, VersionedPage):
        return
    last = instance.latest_version_note()
    if last is not None and last.version == instance.version:
        return  # a correction within the same version: the table does not change
    published_at = getattr(revision, "approved_go_live_at", None) or timezone.now()
    VersionNote.objects.create(
        page=instance,
        version=instance.version,
        date=timezone.localdate(published_at),
        description=instance.change_description,
    )


@receiver(page_published)
def hand_procedure_to_case_engine(sender, instance, **kwargs):
    """Cases follow a snapshot of the published steps, roles and required records."""
    if not isinstance(instance, ProcedurePage):
        return
    register_procedure_version(
        key=instance.procedure_key,
        version=instance.version,
        title=instance.title,
        steps=instance.steps_snapshot(),
    )
