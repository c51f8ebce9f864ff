"""Who may see which internal records: one selector shared by admin, exports and API.

Territories are the anchor of object-level permissions (django-guardian):
assigning a territory to a person or group grants object permissions on it,
and every record that hangs from that territory (cases, steps, records,
commitments, activities, attendees, committee members) is visible exactly
when its territory is.  Records with no territory are visible only to those
who see all territories.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist, ValidationError
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


def personal_permission(model) -> str:
    """The permission that shows ``model``'s personal fields (``PERSONAL_FIELDS``).

    Records share one (``records.view_personal_data``); a model may name its own
    (petitions: ``citizens.view_petitioner_data``)."""
    return getattr(model, "PERSONAL_DATA_PERMISSION", "records.view_personal_data")


def hidden_personal_fields(user, model) -> frozenset[str]:
    """``model``'s personal fields that ``user`` may neither read, filter, sort nor import."""
    fields = frozenset(getattr(model, "PERSONAL_FIELDS", ()))
    if not fields or (user.is_active and (user.is_superuser
                                          or user.has_perm(personal_permission(model)))):
        return frozenset()
    return fields


def lookup_touches_hidden_field(user, model, lookup: str) -> bool:
    """Whether a queryset lookup (``activity__attendees__full_name__regex``) reads,
    at any step of its path, a personal field ``user`` may not see.

    Filters, orderings and searches that touch such a field would let the user
    recover it one character at a time from counts or row order."""
    current = model
    for part in lookup.lstrip("-").split("__"):
        if part == "pk":
            part = current._meta.pk.name
        if part in hidden_personal_fields(user, current):
            return True
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # a transform or lookup name (regex, startswith, year...)
            return False
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return False


def territory_of(obj):
    """The territory ``obj`` hangs from (itself for a territory), or None."""
    path = TERRITORY_PATHS[obj._meta.model_name]
    if path == "pk":
        return obj
    current = obj
    for part in path.split("__"):
        current = getattr(current, part, None)  # an unset relation is "no territory"
        if current is None:
            return None
    return current


def check_within_reach(user, obj) -> None:
    """Refuse a write that would leave ``obj`` where ``user`` cannot see it.

    Admin forms, imports and the API call this after the new values are set, so
    nobody creates or moves a record into another's territory, or out of every
    territory (a record with none is visible only to those who see all)."""
    if user is None or sees_all_territories(user):
        return
    territory = territory_of(obj)
    if territory is None or territory.pk is None:
        if obj._meta.model_name == "territory":
            raise ValidationError("Su rol no puede crear territorios: lo hace la coordinación.")
        raise ValidationError("Indique uno de sus territorios: un registro sin territorio solo "
                              "lo ve la coordinación.")
    if not visible_territories(user).filter(pk=territory.pk).exists():
        raise ValidationError(f"El territorio «{territory.code}» no existe o no tiene permiso "
                              "sobre él.")


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
