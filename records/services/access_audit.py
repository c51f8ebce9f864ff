"""Accounts, groups, permissions and logins go to the audit trail.

Who may do what changes as much through the groups a person belongs to as
through the records themselves, and a stolen password shows first as failed
logins: both belong next to the records' own history.  Passwords and session
keys are never written; a failed login keeps the name that was typed and the
address it came from.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from convive.clients import client_address
from records.models import AuditEntry
from records.services.audit import log_event

# Fields of an account that change what it may do.
ACCOUNT_FIELDS = ("is_active", "is_staff", "is_superuser")


def _label(obj):
    return obj._meta.label


def _path(request):
    return getattr(request, "path", "")[:120] if request is not None else ""


def _on_login(sender, request, user, **kwargs):
    log_event(AuditEntry.Action.LOGIN, model=_label(user), actor=user, object_id=user.pk,
              object_repr=user.get_username(),
              changes={"direccion": client_address(request) if request else "",
                       "ruta": _path(request)})


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_event(AuditEntry.Action.LOGOUT, model=_label(user), actor=user, object_id=user.pk,
                  object_repr=user.get_username(), changes={"ruta": _path(request)})


def _on_login_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    http_request = getattr(request, "_request", request)  # DRF wraps Django's request
    log_event(AuditEntry.Action.LOGIN_FAILED, model=User._meta.label, actor=None,
              object_repr=typed[:150],
              changes={"direccion": client_address(http_request) if http_request else "",
                       "ruta": _path(http_request)})


def _on_account_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ACCOUNT_FIELDS):
        return  # e.g. last_login on every login: nothing that changes access
    before = sender._default_manager.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first()
    instance._access_before = before


def _on_account_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_access_before", None) or {}
    if created:
        changes = {field: getattr(instance, field) for field in ACCOUNT_FIELDS}
    else:
        changes = {field: [before.get(field), getattr(instance, field)]
                   for field in ACCOUNT_FIELDS if before.get(field) != getattr(instance, field)}
        if "password" in (kwargs.get("update_fields") or ()) or getattr(
                instance, "_password", None) is not None:
            changes["contraseña"] = "cambiada"
    if created or changes:
        log_event(AuditEntry.Action.ACCOUNT if not created else AuditEntry.Action.CREATE,
                  model=_label(instance), object_id=instance.pk,
                  object_repr=instance.get_username(), changes=changes)


def _on_account_deleted(sender, instance, **kwargs):
    log_event(AuditEntry.Action.DELETE, model=_label(instance), object_id=instance.pk,
              object_repr=instance.get_username())


def _describe(model, pks):
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is Permission:
        return sorted(f"{app}.{code}" for app, code in Permission.objects.filter(
            pk__in=pks).values_list("content_type__app_label", "codename"))
    User = get_user_model()
    return sorted(User.objects.filter(pk__in=pks).values_list(User.USERNAME_FIELD, flat=True))


# Accessor on the other side of each relation: Group.user_set, Permission.user_set/group_set.
_REVERSE = {"groups": "user_set", "user_permissions": "user_set", "permissions": "group_set"}


def _relation_changed(relation):
    def handler(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        name = _REVERSE[relation] if reverse else relation
        if action == "pre_clear":
            pk_set = set(getattr(instance, name).values_list("pk", flat=True))  # about to go
        if not pk_set:
            return
        log_event(AuditEntry.Action.GRANT if action == "post_add" else AuditEntry.Action.REVOKE,
                  model=_label(instance), object_id=instance.pk, object_repr=str(instance),
                  changes={name: _describe(model, pk_set)})
    return handler


def _object_permission_changed(granted):
    def handler(sender, instance, created=True, raw=False, **kwargs):
        if raw or (granted and not created):
            return
        holder = getattr(instance, "user", None) or getattr(instance, "group", None)
        log_event(AuditEntry.Action.GRANT if granted else AuditEntry.Action.REVOKE,
                  model=f"{instance.content_type.app_label}.{instance.content_type.model}",
                  object_id=instance.object_pk,
                  changes={"permiso": instance.permission.codename,
                           "a": f"{holder._meta.model_name} {holder}"})
    return handler


def connect():
    User = get_user_model()
    user_logged_in.connect(_on_login, dispatch_uid="audit-login")
    user_logged_out.connect(_on_logout, dispatch_uid="audit-logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="audit-login-failed")
    pre_save.connect(_on_account_pre_save, sender=User, dispatch_uid="audit-account-pre")
    post_save.connect(_on_account_saved, sender=User, dispatch_uid="audit-account-post")
    post_delete.connect(_on_account_deleted, sender=User, dispatch_uid="audit-account-del")
    for through, relation in ((User.groups.through, "groups"),
                              (User.user_permissions.through, "user_permissions"),
                              (Group.permissions.through, "permissions")):
        m2m_changed.connect(_relation_changed(relation), sender=through,
                            dispatch_uid=f"audit-m2m-{relation}", weak=False)
    from guardian.models import GroupObjectPermission, UserObjectPermission

    for model in (UserObjectPermission, GroupObjectPermission):
        post_save.connect(_object_permission_changed(True), sender=model,
                          dispatch_uid=f"audit-objperm-add-{model.__name__}", weak=False)
        post_delete.connect(_object_permission_changed(False), sender=model,
                            dispatch_uid=f"audit-objperm-del-{model.__name__}", weak=False)
