"""A community's request that its neighbourhood enter the certification route (seed 001)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from citizens.validators import validate_plain_text


class EnrolmentRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "recibida", "Recibida"
        ACCEPTED = "aceptada", "Aceptada"
        DECLINED = "rechazada", "No aceptada"

    number = models.CharField("número", max_length=16, unique=True, editable=False)
    tracking_digest = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField("recibida el", auto_now_add=True)
    organisation = models.CharField("organización o grupo", max_length=160,
                                    validators=[validate_plain_text])
    # Contact person: personal data (Ley 1581 de 2012), internal only.
    contact_name = models.CharField("persona de contacto", max_length=160,
                                    validators=[validate_plain_text])
    email = models.EmailField("correo electrónico", blank=True)
    phone = models.CharField("teléfono", max_length=30, blank=True,
                             validators=[validate_plain_text])
    neighbourhood = models.CharField("barrio o sector", max_length=160,
                                     validators=[validate_plain_text])
    locality = models.ForeignKey("records.Locality", on_delete=models.PROTECT,
                                 related_name="+", verbose_name="localidad o comuna")
    reason = models.TextField("¿por qué quieren certificar su barrio?", max_length=5000,
                              validators=[validate_plain_text])
    consent_at = models.DateTimeField("autorización de tratamiento de datos", editable=False)

    status = models.CharField("estado", max_length=12, choices=Status.choices,
                              default=Status.RECEIVED, editable=False)
    decision_reason = models.TextField("motivo de la decisión (lo lee la comunidad)", blank=True,
                                       editable=False)
    decided_at = models.DateTimeField("decidida el", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="decidida por", editable=False)
    territory = models.ForeignKey("records.Territory", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="enrolment_requests",
                                  verbose_name="territorio", editable=False)
    case = models.ForeignKey("records.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="caso de certificación",
                             editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "solicitud de inscripción de barrio"
        verbose_name_plural = "solicitudes de inscripción de barrios"

    PERSONAL_FIELDS = ("contact_name", "email", "phone")

    def __str__(self):
        return f"{self.number} · {self.neighbourhood}"

    def clean(self):
        super().clean()
        if not self.email and not self.phone:
            raise ValidationError(
                {"email": "Deje un correo electrónico o un teléfono para contactar a la comunidad."}
            )
