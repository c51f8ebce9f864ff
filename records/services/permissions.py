"""Who may see which internal records: one selector shared by admin, exports and API.

Territories are the anchor of object-level permissions (django-guardian):
assigning a territory to a person or group grants object permissions on it,
and every record that hangs from that territory (cases, steps, records,
commitments, activities, attendees, committee members) is visible exactly
when its territory is.  Records with no territory are visible only to those
who see all territories.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from records.models import Territory, TerritoryAssignment
from records.services.audit import log

TERRITORY_OBJECT_PERMISSIONS = ("view_territory", "change_territory")

# How each record type reaches its territory.
TERRITORY_PATHS = {
    "territory": "pk",
    "indicatorvalue": "territory",
    "territoryassignment": "territory",
    "case": "territory",
    "casestep": "case__territory",
    "caserecord": "step__case__territory",
    "transition": "case__territory",
    "commitment": "case__territory",
    "miniaudit": "case__territory",
    "evaluation": "case__territory",
    "certificate": "territory",
    "committeemember": "territory",
    "technicalassistance": "case__territory",
    "activity": "territory",
    "attendee": "activity__territory",
}


def sees_all_territories(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("records.view_all_territories"))


def can_see_personal_data(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("records.view_personal_data"))


def visible_territories(user):
    """Territories ``user`` may see, as a queryset (one query when evaluated)."""
    if not user.is_authenticated or not user.is_active:
        return Territory.objects.none()
    if sees_all_territories(user):
        return Territory.objects.all()
    return get_objects_for_user(
        user, "records.view_territory", klass=Territory, accept_global_perms=False,
        with_superuser=False,
    )


def visible(queryset, user):
    """Filter any record queryset down to what ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if sees_all_territories(user):
        return queryset
    path = TERRITORY_PATHS[queryset.model._meta.model_name]
    lookup = "pk__in" if path == "pk" else f"{path}__in"
    return queryset.filter(**{lookup: visible_territories(user).values("pk")})


def can_see(user, obj) -> bool:
    if obj is None:
        return True
    return visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


@transaction.atomic
def assign_territory(*, territory, by, user=None, group=None) -> TerritoryAssignment:
    assignment, created = TerritoryAssignment.objects.get_or_create(
        territory=territory, user=user, group=group
    )
    target = user or group
    for permission in TERRITORY_OBJECT_PERMISSIONS:
        assign_perm(f"records.{permission}", target, territory)
    if created:
        log("grant", territory, actor=by, changes={"a": str(target)})
    return assignment


@transaction.atomic
def unassign_territory(*, territory, by, user=None, group=None) -> None:
    target = user or group
    deleted, _ = TerritoryAssignment.objects.filter(territory=territory, user=user, group=group).delete()
    for permission in TERRITORY_OBJECT_PERMISSIONS:
        remove_perm(f"records.{permission}", target, territory)
    if deleted:
        log("revoke", territory, actor=by, changes={"a": str(target)})


def group_named(name: str) -> Group:
    return Group.objects.get(name=name)
