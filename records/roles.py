"""Staff roles for internal records.

Object-level access (which territories a manager sees) is granted per object
with django-guardian; these groups only carry the model-level baseline.
"""

from django.contrib.auth.models import Group

COORDINATORS = "Coordinación"
TERRITORIAL_MANAGERS = "Gestores territoriales"
ANALYSTS = "Analistas"


def ensure_staff_groups() -> dict[str, Group]:
    return {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (COORDINATORS, TERRITORIAL_MANAGERS, ANALYSTS)
    }
