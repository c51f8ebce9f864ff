"""Publishing a new version of a process card or procedure writes its change-control row."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from content.models.processes import VersionedPage, VersionNote


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
