"""Cases keep their procedure's key, so the database holds one open case per territory and
procedure; a third kind of case for procedures other than the two the project began with."""

from django.db import migrations, models


def copy_keys(apps, schema_editor):
    Case = apps.get_model("records", "Case")
    for case in Case.objects.select_related("procedure").only("pk", "procedure__key").iterator():
        Case.objects.filter(pk=case.pk).update(procedure_key=case.procedure.key)
    # Until now only certification was limited to one open case per territory: stop with a
    # list to fix by hand rather than fail inside the constraint with no explanation.
    from django.db.models import Count

    twice = (Case.objects.filter(status="abierto").exclude(territory=None)
             .values("territory_id", "procedure_key").annotate(n=Count("pk")).filter(n__gt=1))
    if twice:
        listed = "; ".join(f"territorio {row['territory_id']}, {row['procedure_key']}: {row['n']} casos"
                           for row in twice)
        raise RuntimeError("Hay territorios con más de un caso abierto del mismo procedimiento "
                           f"({listed}). Cierre o cancele los sobrantes y vuelva a migrar.")


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
