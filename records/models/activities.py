"""Prevention, accompaniment and pedagogical activities (seed 000, "Hacer" rows)."""

from django.db import models

from records.models.codes import save_with_code
from records.models.validators import validate_document_number


class Activity(models.Model):
    class Kind(models.TextChoices):
        PREVENTION = "prevencion", "Prevención y promoción"
        GATHERING = "aglomeracion", "Acompañamiento a reuniones y aglomeraciones"
        PEDAGOGICAL = "pedagogica", "Actividad pedagógica"
        COMMUNITY = "comunitaria", "Fortalecimiento de capacidades comunitarias"
        PUBLIC_SPACE = "espacio_publico", "Intervención en espacio público"

    code = models.CharField("código", max_length=20, unique=True, blank=True, editable=False,
                            help_text="ACT-AÑO-NÚMERO, asignado al guardar: así la nombran las "
                                      "hojas de cálculo.")
    kind = models.CharField("tipo", max_length=30, choices=Kind.choices)
    title = models.CharField("nombre", max_length=200)
    date = models.DateField("fecha")
    territory = models.ForeignKey("records.Territory", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="activities",
                                  verbose_name="territorio")
    place = models.CharField("lugar", max_length=200, blank=True)
    description = models.TextField("descripción", blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = "actividad"
        verbose_name_plural = "actividades"

    def __str__(self):
        return f"{self.code} · {self.title} ({self.date:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        year = getattr(self.date, "year", None) or int(str(self.date)[:4])
        return save_with_code(self, "code", "ACT", year, super().save, *args, **kwargs)


class Attendee(models.Model):
    """One line of an attendance list. Names and ID numbers are personal data."""

    PERSONAL_FIELDS = ("full_name", "id_number", "phone", "email")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendees",
                                 verbose_name="actividad")
    full_name = models.CharField("nombre completo", max_length=200)
    id_number = models.CharField("número de documento", max_length=20,
                                 validators=[validate_document_number])
    phone = models.CharField("teléfono", max_length=30, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    organization = models.CharField("organización o entidad", max_length=200, blank=True)

    class Meta:
        ordering = ["activity", "full_name"]
        verbose_name = "asistente"
        verbose_name_plural = "asistentes"
        constraints = [
            models.UniqueConstraint(fields=["activity", "id_number"],
                                    name="unique_attendee_per_activity"),
        ]

    def __str__(self):
        # Names never go into titles, logs or pickers: privacy by default.
        return f"Asistente #{self.pk}"

    @property
    def territory_id(self):
        return self.activity.territory_id
