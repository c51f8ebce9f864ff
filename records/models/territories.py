"""Localities, territories and the neighbourhood security index."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models

from records.geometry import boundary_problem, geometry_problem


class Locality(models.Model):
    code = models.CharField("código", max_length=20, unique=True)
    name = models.CharField("nombre", max_length=120, unique=True)
    boundary = models.JSONField(
        "límite oficial (GeoJSON)", null=True, blank=True,
        help_text="Polygon o MultiPolygon en longitud y latitud (WGS 84), tomado de la fuente "
                  "oficial de la ciudad (por ejemplo, la infraestructura de datos espaciales). "
                  "Sin él, el mapa del portal traza un contorno aproximado a partir de los "
                  "territorios de la localidad y lo dice.")

    class Meta:
        ordering = ["name"]
        verbose_name = "localidad o comuna"
        verbose_name_plural = "localidades o comunas"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        problem = boundary_problem(self.boundary)
        if problem:
            raise ValidationError({"boundary": problem})


class Territory(models.Model):
    """A barrio or sector: the object every territorial permission hangs from."""

    code = models.CharField("código", max_length=40, unique=True)
    name = models.CharField("nombre", max_length=160)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="territories",
                                 verbose_name="localidad")
    geometry = models.JSONField("geometría (GeoJSON)", null=True, blank=True)
    population = models.PositiveIntegerField("población", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "territorio"
        verbose_name_plural = "territorios"
        permissions = [
            ("view_all_territories", "Puede ver los registros de todos los territorios"),
            ("view_personal_data", "Puede ver datos personales de los registros"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        super().clean()
        # Drawn on the public map and served as open data: a bad shape is never stored.
        problem = geometry_problem(self.geometry)
        if problem:
            raise ValidationError({"geometry": problem})


class TerritoryAssignment(models.Model):
    """Who manages a territory. Created and removed only through records.services.permissions."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="assignments",
                                  verbose_name="territorio")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, verbose_name="persona")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE,
                              verbose_name="grupo")
    assigned_at = models.DateTimeField("asignado el", auto_now_add=True)

    class Meta:
        verbose_name = "asignación de territorio"
        verbose_name_plural = "asignaciones de territorios"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False, group__isnull=True)
                           | models.Q(user__isnull=True, group__isnull=False)),
                name="assignment_user_xor_group",
            ),
            models.UniqueConstraint(fields=["territory", "user"], name="unique_user_assignment"),
            models.UniqueConstraint(fields=["territory", "group"], name="unique_group_assignment"),
        ]

    def __str__(self):
        return f"{self.territory} → {self.user or self.group}"


class Indicator(models.Model):
    code = models.CharField("código", max_length=40, unique=True)
    name = models.CharField("nombre", max_length=200)
    unit = models.CharField("unidad", max_length=60, blank=True)
    higher_is_worse = models.BooleanField("un valor más alto es peor", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "indicador"
        verbose_name_plural = "indicadores"

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """A value of the neighbourhood security-and-coexistence index for one period."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="indicator_values",
                                  verbose_name="territorio")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="indicador")
    period = models.DateField("periodo (primer día)")
    value = models.DecimalField("valor", max_digits=12, decimal_places=3)

    class Meta:
        ordering = ["territory", "indicator", "period"]
        verbose_name = "valor de indicador"
        verbose_name_plural = "valores de indicadores"
        constraints = [
            models.UniqueConstraint(fields=["territory", "indicator", "period"],
                                    name="unique_indicator_value_per_period"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period:%Y-%m}: {self.value}"
