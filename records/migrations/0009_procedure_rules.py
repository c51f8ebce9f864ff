"""Cases keep their procedure's key, so the database holds one open case per territory and
procedure; a third kind of case for procedures other than the two the project began with."""

from django.db import migrations, models


def copy_keys(apps, schema_editor):
    Case = apps.get_model("records", "Case")
    for case in Case.objects.select_related("procedure").only("pk", "procedure__key").iterator():
        Case.objects.filter(pk=case.pk).update(procedure_key=case.procedure.key)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0008_audit_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="procedure_key",
            field=models.CharField(default="", editable=False, max_length=80,
                                   verbose_name="clave del procedimiento"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="kind",
            field=models.CharField(choices=[
                ("certificacion", "Certificación de territorio seguro"),
                ("asistencia", "Asesoría y asistencia técnica"),
                ("procedimiento", "Otro procedimiento publicado")],
                max_length=20, verbose_name="tipo"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "abierto")), fields=("territory", "procedure_key"),
                name="one_open_case_per_territory_and_procedure",
                violation_error_message="El territorio ya tiene un caso abierto de este procedimiento."),
        ),
    ]
