"""Staff roles for internal records.

Model permissions here are the baseline; which territories a manager sees is
decided per object with django-guardian (records.services.permissions).
"""

from django.contrib.auth.models import Group, Permission

COORDINATORS = "Coordinación"
TERRITORIAL_MANAGERS = "Gestores territoriales"
ANALYSTS = "Analistas"
# The roles a procedure's rule may name as the one that closes a step.
STAFF_ROLES = (COORDINATORS, TERRITORIAL_MANAGERS)

# Records a territorial manager works on, inside the territories assigned to them.
MANAGER_MODELS = [
    "case", "casestep", "caserecord", "commitment", "miniaudit", "evaluation",
    "committeemember", "activity", "attendee", "indicatorvalue", "technicalassistance",
]
READ_ONLY_FOR_MANAGERS = ["territory", "locality", "indicator", "certificate", "transition",
                          "procedureversion"]


def _perms(codenames):
    return Permission.objects.filter(content_type__app_label="records", codename__in=codenames)


def set_app_permissions(group: Group, app_label: str, permissions) -> None:
    """Make ``group``'s permissions of ``app_label`` exactly ``permissions``, leaving other
    apps' alone and touching nothing that is already right (every grant and withdrawal is
    audited, so a rerun must write no entry)."""
    wanted = set(permissions.values_list("pk", flat=True))
    current = set(group.permissions.filter(content_type__app_label=app_label)
                  .values_list("pk", flat=True))
    if current - wanted:
        group.permissions.remove(*(current - wanted))
    if wanted - current:
        group.permissions.add(*(wanted - current))


def ensure_staff_groups() -> dict[str, Group]:
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (COORDINATORS, TERRITORIAL_MANAGERS, ANALYSTS)
    }
    everything = Permission.objects.filter(content_type__app_label="records").exclude(
        codename__in=["add_auditentry", "change_auditentry", "delete_auditentry"]
    )
    set_app_permissions(groups[COORDINATORS], "records", everything)

    manager = [f"{action}_{model}" for model in MANAGER_MODELS
               for action in ("view", "add", "change", "delete")]
    manager += [f"view_{model}" for model in READ_ONLY_FOR_MANAGERS]
    manager += ["view_personal_data"]
    set_app_permissions(groups[TERRITORIAL_MANAGERS], "records", _perms(manager))

    analyst = Permission.objects.filter(
        content_type__app_label="records", codename__startswith="view_"
    ).exclude(codename__in=["view_personal_data", "view_auditentry"])
    set_app_permissions(groups[ANALYSTS], "records", analyst)
    return groups
