"""Append-only audit trail of internal records and permission grants."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Creación"
        CHANGE = "change", "Modificación"
        DELETE = "delete", "Eliminación"
        GRANT = "grant", "Asignación de permisos"
        REVOKE = "revoke", "Retiro de permisos"
        TRANSITION = "transition", "Transición de caso"
        IMPORT = "import", "Importación"
        EXPORT = "export", "Exportación"

    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="quién")
    action = models.CharField("acción", max_length=20, choices=Action.choices)
    model = models.CharField("tipo de registro", max_length=100)
    object_id = models.CharField("identificador", max_length=64, blank=True)
    object_repr = models.CharField("registro", max_length=255, blank=True)
    # Field names and, for non-personal fields only, old and new values.
    changes = models.JSONField("cambios", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "registro de auditoría"
        verbose_name_plural = "registros de auditoría"
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.model} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Las entradas de auditoría no se modifican.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Las entradas de auditoría no se eliminan.")
