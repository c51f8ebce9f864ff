"""Staff roles for citizen services (model permissions; units are per object)."""

from django.contrib.auth.models import Group, Permission

from records import roles as staff_roles

UNIT_STAFF = "Dependencias (PQRSD)"


def _perms(codenames):
    return Permission.objects.filter(content_type__app_label="citizens", codename__in=codenames)


def ensure_citizen_groups() -> dict[str, Group]:
    coordinators, _ = Group.objects.get_or_create(name=staff_roles.COORDINATORS)
    unit_staff, _ = Group.objects.get_or_create(name=UNIT_STAFF)
    # Coordinación distributes petitions, decides enrolments and edits the terms table.
    coordinators.permissions.add(*_perms([
        "view_petition", "add_petition", "change_petition", "view_petitionevent",
        "view_petitionattachment", "view_all_petitions", "view_petitioner_data", "view_unit", "add_unit", "change_unit",
        "view_responseterm", "change_responseterm", "view_enrolmentrequest",
        "change_enrolmentrequest", "view_notice", "change_notice",
    ]))
    # A unit answers its own petitions and must be able to reach the petitioner.
    staff_roles.set_app_permissions(unit_staff, "citizens", _perms([
        "view_petition", "add_petition", "change_petition", "view_petitionevent", "view_petitionattachment",
        "view_petitioner_data", "view_responseterm", "view_notice",
    ]))
    # Analysts get nothing here: free text of petitions can name people, and the
    # figures they need are in the public report.
    return {"coordinators": coordinators, "unit_staff": unit_staff}
