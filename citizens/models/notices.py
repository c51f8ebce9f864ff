"""E-mail notices to petitioners: an outbox that survives a mail server that hangs or refuses.

A notice is written in the same transaction as the step it reports (filing,
extension, transfer, answer), so it exists exactly when the step does; the task
worker sends it and retries until it goes out. Extension and answer notices are
legal acts, so the row stays as the record of what was sent, to whom and when.
"""

from django.db import models

from citizens.models.pqrsd import Petition

# Where the tracking code goes in a filing notice's body. The code itself waits in
# ``secret`` only until the notice is sent, then it is erased: like the petition's
# digest, nothing stored afterwards can give it back.
SECRET_MARK = "[[codigo]]"


class Notice(models.Model):
    class Status(models.TextChoices):
        PENDING = "pendiente", "Pendiente de envío"
        SENT = "enviado", "Enviado"
        FAILED = "fallido", "No entregable"

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="notices",
                                 verbose_name="PQRSD")
    recipient = models.EmailField("destinatario")
    subject = models.CharField("asunto", max_length=200)
    body = models.TextField("texto")
    secret = models.CharField("dato de un solo envío", max_length=64, blank=True, editable=False)
    status = models.CharField("estado", max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveIntegerField("intentos", default=0)
    last_error = models.CharField("último error", max_length=300, blank=True)
    next_attempt_at = models.DateTimeField("próximo intento", null=True, blank=True)
    created_at = models.DateTimeField("creado", auto_now_add=True)
    sent_at = models.DateTimeField("enviado", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "aviso por correo"
        verbose_name_plural = "avisos por correo"
        indexes = [models.Index(fields=["status", "created_at"], name="notice_status_created")]

    def __str__(self):
        return f"{self.petition.radicado}: {self.subject}"

    def message_body(self) -> str:
        """The text that goes out: the secret in its place, once; a resend after the
        secret was erased says so instead."""
        return self.body.replace(SECRET_MARK, self.secret or (
            "(por seguridad no se reenvía; se mostró al radicar)"))

    def stored_body(self) -> str:
        """The text staff may read: never the secret, even before it is sent."""
        return self.body.replace(SECRET_MARK, "(código de consulta: se envía una sola vez y "
                                              "no se conserva)")
