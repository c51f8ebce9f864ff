"""Append-only audit trail of internal records, permission grants, logins and file views.

Append-only three times over: the admin offers no change or delete, the ORM
refuses ``save()`` of an existing entry and ``QuerySet.update()``/``delete()``,
and on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE
(records.services.audit_triggers).  The actor's user name is copied into the
entry, and the link to the user has no database constraint and no cascade, so
deleting an account neither blanks nor removes what it did.
"""

from django.conf import settings
from django.db import models

APPEND_ONLY_MESSAGE = "Las entradas de auditoría no se modifican ni se eliminan."


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    def delete(self):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    def update_or_create(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)

    # Django's deletion collector reaches rows through _raw_delete, not delete().
    def _raw_delete(self, using):
        raise PermissionError(APPEND_ONLY_MESSAGE)


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
        FILE_VIEW = "file_view", "Consulta de archivo"
        LOGIN = "login", "Inicio de sesión"
        LOGIN_FAILED = "login_failed", "Inicio de sesión fallido"
        LOGOUT = "logout", "Cierre de sesión"
        ACCOUNT = "account", "Cambio de cuenta"

    # Entries that record a change of the records themselves (public data follows them);
    # the rest record who looked, logged in or was granted what.
    DATA_ACTIONS = (Action.CREATE, Action.CHANGE, Action.DELETE, Action.TRANSITION)

    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    # No constraint and no cascade: an entry outlives the account it names.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+", verbose_name="quién")
    actor_name = models.CharField("usuario", max_length=150, blank=True)
    action = models.CharField("acción", max_length=20, choices=Action.choices)
    model = models.CharField("tipo de registro", max_length=100)
    object_id = models.CharField("identificador", max_length=64, blank=True)
    object_repr = models.CharField("registro", max_length=255, blank=True)
    # Field names and, for non-personal fields only, old and new values.
    changes = models.JSONField("cambios", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "registro de auditoría"
        verbose_name_plural = "registros de auditoría"
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.model} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY_MESSAGE)
