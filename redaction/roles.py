"""Who prepares and who approves public versions (separation of duties, Anexo 3)."""

from django.contrib.auth.models import Group, Permission

from records import roles as staff_roles


def ensure_redaction_permissions() -> None:
    perms = Permission.objects.filter(content_type__app_label="redaction")
    coordinators = Group.objects.get(name=staff_roles.COORDINATORS)
    managers = Group.objects.get(name=staff_roles.TERRITORIAL_MANAGERS)
    # Coordinación prepares and approves (never both for the same version: the
    # service enforces four eyes); territorial managers prepare only.
    coordinators.permissions.add(*perms.exclude(codename="delete_publicversion"))
    managers.permissions.add(*perms.filter(codename__in=[
        "view_publicversion", "add_publicversion", "change_publicversion"]))
