"""Demo accounts, one per role (README lists them)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from citizens import roles as citizen_roles
from content import roles as editorial_roles
from records import roles as staff_roles


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    groups: list[str] = field(default_factory=list)
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Administración", is_staff=True, is_superuser=True),
    DemoAccount("editora", "Editora", [editorial_roles.DRAFTERS]),
    DemoAccount("revisor", "Revisor", [editorial_roles.REVIEWERS]),
    DemoAccount("aprobador", "Aprobador", [editorial_roles.APPROVERS]),
    DemoAccount("coordinador", "Coordinador", [staff_roles.COORDINATORS], is_staff=True),
    DemoAccount("gestor_norte", "Gestor Norte", [staff_roles.TERRITORIAL_MANAGERS], is_staff=True),
    DemoAccount("gestor_sur", "Gestora Sur", [staff_roles.TERRITORIAL_MANAGERS], is_staff=True),
    DemoAccount("analista", "Analista", [staff_roles.ANALYSTS], is_staff=True),
    # Unit staff for PQRSD; each sees its own unit's petitions (citizens.demo.UNIT_ACCOUNTS).
    DemoAccount("atencion", "Atención al Ciudadano", [citizen_roles.UNIT_STAFF], is_staff=True),
    DemoAccount("convivencia", "Convivencia", [citizen_roles.UNIT_STAFF], is_staff=True),
]


def ensure_demo_accounts(password: str | None = None) -> list:
    """Create or reset the demo accounts; the password comes from DEMO_PASSWORD."""
    password = password or settings.DEMO_PASSWORD
    User = get_user_model()
    users = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username)
        wanted = {
            "first_name": account.first_name,
            "email": f"{account.username}@demo.convive.invalid",
            "is_staff": account.is_staff,
            "is_superuser": account.is_superuser,
            "is_active": True,
        }
        dirty = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
        if dirty or not user.check_password(password):
            for key, value in wanted.items():
                setattr(user, key, value)
            user.set_password(password)
            user.save()
        user.groups.set(Group.objects.filter(name__in=account.groups))
        users.append(user)
    return users
