"""Records of the certification route (seed 001): CBSC, pact, mini-audits, evaluation, certificate."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from records.models.validators import validate_document_number


class CommitteeMember(models.Model):
    """A member of the neighbourhood committee (CBSC). Personal data (Ley 1581 de 2012)."""

    PERSONAL_FIELDS = ("full_name", "id_number", "phone", "email", "address")

    territory = models.ForeignKey("records.Territory", on_delete=models.CASCADE,
                                  related_name="committee_members", verbose_name="territorio")
    full_name = models.CharField("nombre completo", max_length=200)
    id_number = models.CharField("número de documento", max_length=20, blank=True,
                                 validators=[validate_document_number])
    phone = models.CharField("teléfono", max_length=30, blank=True)
    email = models.EmailField("correo electrónico", blank=True)
    address = models.CharField("dirección", max_length=200, blank=True)
    role = models.CharField("rol en el comité", max_length=80, blank=True)
    active = models.BooleanField("activo", default=True)

    class Meta:
        ordering = ["territory", "full_name"]
        verbose_name = "integrante del CBSC"
        verbose_name_plural = "integrantes del CBSC"

    def __str__(self):
        # Names never go into titles, logs or pickers: privacy by default.
        return f"{self.role or 'Integrante'} del CBSC #{self.pk}"


class Commitment(models.Model):
    """A commitment of a territory's pact, followed until it is closed or justified.

    Which step requires the pact and which step needs its commitments closed is the
    procedure's own data (rules "registros" and "compromisos_cerrados").
    """

    class Status(models.TextChoices):
        OPEN = "abierto", "Abierto"
        IN_PROGRESS = "en_curso", "En curso"
        CLOSED = "cerrado", "Cerrado (cumplido)"
        CLOSED_JUSTIFIED = "cerrado_justificado", "Cerrado con justificación"

    # A commitment is done when closed, with or without a justification.
    DONE_STATUSES = (Status.CLOSED, Status.CLOSED_JUSTIFIED)

    case = models.ForeignKey("records.Case", on_delete=models.CASCADE, related_name="commitments",
                             verbose_name="caso")
    description = models.TextField("compromiso")
    institution = models.CharField("institución responsable", max_length=200)
    due_date = models.DateField("fecha límite")
    status = models.CharField("estado", max_length=30, choices=Status.choices, default=Status.OPEN)
    justification = models.TextField("justificación del cierre", blank=True)

    class Meta:
        ordering = ["case", "due_date", "pk"]
        verbose_name = "compromiso del pacto"
        verbose_name_plural = "compromisos del pacto"

    def __str__(self):
        return self.description[:80]

    @property
    def territory_id(self):
        return self.case.territory_id

    @property
    def is_closed(self):
        return self.status in (self.Status.CLOSED, self.Status.CLOSED_JUSTIFIED)

    def clean(self):
        super().clean()
        if self.status == self.Status.CLOSED_JUSTIFIED and not self.justification.strip():
            raise ValidationError({"justification": "Explique por qué se cierra sin cumplirse."})


class MiniAudit(models.Model):
    case = models.ForeignKey("records.Case", on_delete=models.CASCADE, related_name="mini_audits",
                             verbose_name="caso")
    date = models.DateField("fecha")
    findings = models.TextField("hallazgos")
    immediate_measures = models.TextField("medidas inmediatas", blank=True)

    class Meta:
        ordering = ["case", "date"]
        verbose_name = "miniauditoría"
        verbose_name_plural = "miniauditorías"

    def __str__(self):
        return f"Miniauditoría {self.date:%Y-%m-%d}"


class Evaluation(models.Model):
    """Step 8: evaluation to declare the territory a safe environment."""

    case = models.OneToOneField("records.Case", on_delete=models.CASCADE, related_name="evaluation",
                                verbose_name="caso")
    date = models.DateField("fecha")
    favourable = models.BooleanField("concepto favorable")
    summary = models.TextField("conclusiones")

    class Meta:
        verbose_name = "evaluación"
        verbose_name_plural = "evaluaciones"

    def __str__(self):
        return f"Evaluación {'favorable' if self.favourable else 'no favorable'}"


class Certificate(models.Model):
    """Certificado de territorio seguro. Numbers are unique and never reused."""

    case = models.OneToOneField("records.Case", on_delete=models.PROTECT, related_name="certificate",
                                verbose_name="caso")
    territory = models.ForeignKey("records.Territory", on_delete=models.PROTECT,
                                  related_name="certificates", verbose_name="territorio")
    number = models.CharField("número", max_length=30, unique=True)
    issued_on = models.DateField("fecha de expedición")
    valid_until = models.DateField("vigente hasta")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="expedido por")
    revoked_on = models.DateField("revocado el", null=True, blank=True)
    revocation_reason = models.TextField("motivo de la revocatoria", blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", verbose_name="revocado por")

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = "certificado"
        verbose_name_plural = "certificados"

    def __str__(self):
        return self.number

    @property
    def is_revoked(self):
        return self.revoked_on is not None

    def clean(self):
        super().clean()
        if self.valid_until and self.issued_on and self.valid_until <= self.issued_on:
            raise ValidationError({"valid_until": "La vigencia debe terminar después de la expedición."})
        if self.revoked_on and not self.revocation_reason.strip():
            raise ValidationError({"revocation_reason": "Indique el motivo de la revocatoria."})
