"""The audit trail becomes append-only in the database and keeps each actor's name.

Names are copied before the trigger exists (the copy is an UPDATE); the link
to the user loses its constraint so deleting an account changes no entry.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_actor_names(apps, schema_editor):
    AuditEntry = apps.get_model("records", "AuditEntry")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    names = dict(User.objects.values_list("pk", "username"))
    for actor_id in AuditEntry.objects.exclude(actor=None).values_list("actor_id", flat=True).distinct():
        AuditEntry.objects.filter(actor_id=actor_id).update(actor_name=names.get(actor_id, ""))


def install_trigger(apps, schema_editor):
    from records.services.audit_triggers import install

    install(schema_editor.connection)


def remove_trigger(apps, schema_editor):
    from records.services.audit_triggers import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0007_row_count'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='actor_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='usuario'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', 'Creación'), ('change', 'Modificación'), ('delete', 'Eliminación'), ('grant', 'Asignación de permisos'), ('revoke', 'Retiro de permisos'), ('transition', 'Transición de caso'), ('import', 'Importación'), ('export', 'Exportación'), ('file_view', 'Consulta de archivo'), ('login', 'Inicio de sesión'), ('login_failed', 'Inicio de sesión fallido'), ('logout', 'Cierre de sesión'), ('account', 'Cambio de cuenta')], max_length=20, verbose_name='acción'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='quién'),
        ),
        migrations.RunPython(copy_actor_names, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
