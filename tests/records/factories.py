"""factory_boy factories for records: tests build the few rows they need instead of reading
the demo's."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from records.models import Case, Locality, ProcedureVersion, Territory


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LF{n:02d}")
    name = factory.Sequence(lambda n: f"Localidad de prueba {n}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    code = factory.Sequence(lambda n: f"TER-F-{n:04d}")
    name = factory.Sequence(lambda n: f"Barrio de prueba {n}")
    locality = factory.SubFactory(LocalityFactory)


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff account; ``groups=["Coordinación"]`` puts it in roles that setup_roles made."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"funcionario{n}")
    is_staff = True
    password = factory.django.Password("x")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*(Group.objects.get(name=name) for name in names))


def step(number, code, *, records=(), branches=(), rules=()):
    """One step of a procedure snapshot, as content.ProcedurePage.steps_snapshot writes it."""
    return {"number": number, "code": code, "description": f"Actividad {code}",
            "responsible_area": "", "responsible_role": "", "records": list(records),
            "branches": list(branches), "rules": list(rules)}


def decision(question, **targets):
    return {"question": question,
            "outcomes": [{"answer": answer, "next_step": target} for answer, target in targets.items()]}


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    key = factory.Sequence(lambda n: f"PRUEBA-{n:02d}")
    version = "1"
    title = factory.Sequence(lambda n: f"Procedimiento de prueba {n}")
    steps = factory.LazyFunction(lambda: [step(1, "unica")])


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    kind = Case.Kind.PROCEDURE
    procedure = factory.SubFactory(ProcedureVersionFactory)
    territory = factory.SubFactory(TerritoryFactory)
    title = factory.Sequence(lambda n: f"Caso de prueba {n}")
