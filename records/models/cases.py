"""The case engine: a case follows the numbered steps of one procedure version.

Every procedure published on the portal is a configuration of this one mechanism:
its steps, roles, required records and rules (records.services.rules) come from a
snapshot of the published page, so a case keeps the version it was opened under
even after the page changes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from convive.storage import private_storage
from records.models.codes import save_with_code


class ProcedureVersion(models.Model):
    """Immutable snapshot of a published procedure's steps."""

    key = models.CharField("clave", max_length=80, help_text="Código del procedimiento o su slug.")
    version = models.CharField("versión", max_length=20)
    title = models.CharField("título", max_length=255)
    # [{"number", "description", "responsible_role", "records": [...], "branches": [...]}]
    steps = models.JSONField("actividades")
    registered_at = models.DateTimeField("registrado el", auto_now_add=True)

    class Meta:
        ordering = ["key", "registered_at"]
        verbose_name = "versión de procedimiento"
        verbose_name_plural = "versiones de procedimientos"
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_procedure_version"),
        ]

    def __str__(self):
        return f"{self.key} v{self.version}"

    def step(self, number: int) -> dict:
        for step in self.steps:
            if step["number"] == number:
                return step
        raise KeyError(number)

    @property
    def last_step(self) -> int:
        return max(step["number"] for step in self.steps)


class Case(models.Model):
    class Kind(models.TextChoices):
        CERTIFICATION = "certificacion", "Certificación de territorio seguro"
        ASSISTANCE = "asistencia", "Asesoría y asistencia técnica"
        PROCEDURE = "procedimiento", "Otro procedimiento publicado"

    class Status(models.TextChoices):
        OPEN = "abierto", "Abierto"
        COMPLETED = "completado", "Completado"
        CANCELLED = "cancelado", "Cancelado"

    # Prefix of each kind's case numbers.
    PREFIXES = {Kind.CERTIFICATION: "CER", Kind.ASSISTANCE: "AT", Kind.PROCEDURE: "PROC"}

    number = models.CharField("número", max_length=20, unique=True, blank=True, editable=False,
                              help_text="Asignado al abrir el caso (CER-, AT- o PROC-AÑO-NÚMERO).")
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    procedure = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name="procedimiento")
    # The procedure's key, copied from its version: the database keeps one open case per
    # territory and procedure, whichever version each was opened under.
    procedure_key = models.CharField("clave del procedimiento", max_length=80, editable=False)
    territory = models.ForeignKey("records.Territory", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="cases",
                                  verbose_name="territorio")
    title = models.CharField("título", max_length=255)
    current_step = models.PositiveSmallIntegerField("actividad actual", default=1)
    status = models.CharField("estado", max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField("abierto el", auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="abierto por")

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "caso"
        verbose_name_plural = "casos"
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "procedure_key"], condition=models.Q(status="abierto"),
                name="one_open_case_per_territory_and_procedure",
                violation_error_message="El territorio ya tiene un caso abierto de este procedimiento."),
        ]

    def __str__(self):
        return f"{self.number} · {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        if self.pk and self.procedure_id is not None:
            stored = Case.objects.filter(pk=self.pk).values_list("procedure_id", flat=True).first()
            if stored is not None and stored != self.procedure_id:
                # A running case follows the version it was opened under, to the end.
                raise ValidationError({"procedure": "Un caso no cambia de versión de procedimiento."})
        if self.procedure_id is not None:
            self.procedure_key = self.procedure.key
        year = (self.opened_at or timezone.now()).year
        save_with_code(self, "number", self.PREFIXES.get(self.kind, "CASO"), year,
                       super().save, *args, **kwargs)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class CaseStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pendiente", "Pendiente"
        OPEN = "en_curso", "En curso"
        CLOSED = "cerrada", "Cerrada"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name="caso")
    number = models.PositiveSmallIntegerField("número")
    status = models.CharField("estado", max_length=20, choices=Status.choices, default=Status.PENDING)
    closed_at = models.DateTimeField("cerrada el", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+", verbose_name="cerrada por")

    class Meta:
        ordering = ["case", "number"]
        verbose_name = "actividad del caso"
        verbose_name_plural = "actividades del caso"
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_step_per_case"),
        ]

    def __str__(self):
        # Pickers list steps of every case: each option says which case and territory.
        case = self.case
        where = case.territory.code if case.territory_id else "sin territorio"
        return (f"{case.number} · {where} · actividad {self.number}: "
                f"{self.definition['description'][:50]}")

    @property
    def definition(self) -> dict:
        return self.case.procedure.step(self.number)

    @property
    def territory_id(self):
        return self.case.territory_id


MAX_ORIGINAL_MB = 50


def validate_original_size(file):
    # A 200-page scanned minute is ~30 MB; anything far larger is a mistake, and the
    # redaction pipeline reads the whole file into memory.
    # Only a new upload: a stored original was checked when it came in, and reading its
    # size would fail the whole save of a record whose file storage no longer has.
    if file and not getattr(file, "_committed", False) and file.size > MAX_ORIGINAL_MB * 1024 * 1024:
        from django.core.exceptions import ValidationError

        raise ValidationError(f"El archivo pesa más de {MAX_ORIGINAL_MB} MB.")


class CaseRecord(models.Model):
    """A record the procedure names for a step (report, minutes, photos...)."""

    # The original's stored name is often the person's («acta-<cédula>.pdf»): only those
    # who may see personal data read, filter or export it (records.admin_base).
    PERSONAL_FIELDS = ("file",)

    step = models.ForeignKey(CaseStep, on_delete=models.CASCADE, related_name="records",
                             verbose_name="actividad")
    kind = models.CharField("registro", max_length=255,
                            help_text="Uno de los registros que el procedimiento exige en esta actividad.")
    description = models.TextField("descripción", blank=True)
    # Originals carry personal and reserved data: private storage, no URL, served only
    # by the permission-checked admin view (records.admin.CaseRecordAdmin).
    file = models.FileField("archivo original", storage=private_storage,
                            upload_to="records/%Y/%m/", blank=True,
                            validators=[validate_original_size])
    created_at = models.DateTimeField("creado el", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="creado por")

    class Meta:
        ordering = ["step", "created_at"]
        verbose_name = "registro"
        verbose_name_plural = "registros"

    def __str__(self):
        return self.kind

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.step_id and self.kind not in self.step.definition.get("records", []):
            allowed = "; ".join(self.step.definition.get("records", [])) or "ninguno"
            raise ValidationError(
                {"kind": f"La actividad {self.step.number} no pide ese registro. Registros: {allowed}."}
            )


class Transition(models.Model):
    """Who moved a case, when, from which step to which, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions",
                             verbose_name="caso")
    from_step = models.PositiveSmallIntegerField("desde", null=True)
    to_step = models.PositiveSmallIntegerField("hacia", null=True)
    action = models.CharField("acción", max_length=40)
    note = models.TextField("nota", blank=True)
    at = models.DateTimeField("fecha", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", verbose_name="por")

    class Meta:
        ordering = ["case", "at", "pk"]
        verbose_name = "transición"
        verbose_name_plural = "transiciones"

    def __str__(self):
        start = "inicio" if self.from_step is None else f"actividad {self.from_step}"
        end = "fin del caso" if self.to_step is None else f"actividad {self.to_step}"
        return f"{self.action}: {start} → {end}"
