"""Who sees which petitions: each unit (dependencia) sees its own (django-guardian).

Coordinación (citizens.view_all_petitions) sees every petition, including the
unassigned ones it distributes.  A unit's staff get the object permission
``citizens.view_unit`` on their unit, usually through their group.
"""

from django.db import transaction
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from citizens.models import Petition, Unit
from records.models import AuditEntry
from records.services.audit import log


def sees_all(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("citizens.view_all_petitions"))


def can_see_petitioner(user) -> bool:
    return user.is_active and (user.is_superuser
                               or user.has_perm("citizens.view_petitioner_data"))


def visible_units(user):
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if sees_all(user):
        return Unit.objects.all()
    return get_objects_for_user(user, "citizens.view_unit", klass=Unit,
                                accept_global_perms=False, with_superuser=False)


def visible_petitions(user, queryset=None):
    queryset = Petition.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if sees_all(user):
        return queryset
    return queryset.filter(unit__in=visible_units(user).values("pk"))


@transaction.atomic
def grant_unit(unit: Unit, *, to, by) -> None:
    """Let a user or group see and work the petitions of ``unit``."""
    assign_perm("citizens.view_unit", to, unit)
    log(AuditEntry.Action.GRANT, unit, actor=by,
        changes={"permiso": "view_unit", "a": f"{to._meta.model_name} {to.pk}"})


@transaction.atomic
def revoke_unit(unit: Unit, *, to, by) -> None:
    remove_perm("citizens.view_unit", to, unit)
    log(AuditEntry.Action.REVOKE, unit, actor=by,
        changes={"permiso": "view_unit", "a": f"{to._meta.model_name} {to.pk}"})
