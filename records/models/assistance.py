"""Technical assistance to territorial entities (seed 004, Ministerio del Interior)."""

from django.db import models



class TechnicalAssistance(models.Model):
    class Channel(models.TextChoices):
        LETTER = "oficio", "Oficio"
        EMAIL = "correo", "Correo electrónico"
        PHONE = "telefono", "Teléfono"
        MEETING = "reunion", "Reunión"
        SCHEDULE = "programacion", "Programación de la Subdirección"

    case = models.OneToOneField("records.Case", on_delete=models.CASCADE, related_name="assistance",
                                verbose_name="caso")
    entity = models.CharField("entidad territorial", max_length=200)
    channel = models.CharField("canal de la solicitud", max_length=20, choices=Channel.choices)
    received_on = models.DateField("solicitud recibida el")
    topic = models.CharField("tema", max_length=255)
    assigned_to = models.CharField("funcionario o contratista asignado", max_length=200, blank=True)
    outside_city = models.BooleanField("fuera de la ciudad (requiere comisión)", default=False)
    commission_authorized_on = models.DateField("comisión autorizada el", null=True, blank=True)
    materials_checked = models.BooleanField("lista de chequeo de materiales completa", default=False)
    agenda = models.TextField("agenda", blank=True)
    visit_date = models.DateField("fecha de la asistencia", null=True, blank=True)
    material_delivered = models.BooleanField("material entregado", default=False)
    satisfaction_average = models.DecimalField("satisfacción promedio (1 a 5)", max_digits=3,
                                               decimal_places=2, null=True, blank=True)
    report_submitted_on = models.DateField("informe entregado el", null=True, blank=True)
    legalized_on = models.DateField("comisión legalizada el", null=True, blank=True)

    class Meta:
        ordering = ["-received_on"]
        verbose_name = "asistencia técnica"
        verbose_name_plural = "asistencias técnicas"

    def __str__(self):
        return f"{self.entity}: {self.topic}"

    @property
    def territory_id(self):
        return self.case.territory_id

    @property
    def report_due_on(self):
        """The report's due date, from the procedure's "plazo" rule counted from the visit
        (seed 004, actividad 10: "en los tres días posteriores a la asesoría")."""
        from records.services.rules import due_date

        return due_date(self.case.procedure, "fecha_asistencia", self)

    def report_is_late(self, today=None) -> bool:
        from django.utils import timezone

        due = self.report_due_on
        if due is None:
            return False
        delivered = self.report_submitted_on or today or timezone.localdate()
        return delivered > due
