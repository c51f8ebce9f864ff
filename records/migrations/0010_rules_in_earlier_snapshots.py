"""Snapshots published before rules were data get, as data, the rules the code enforced for
them until now, so cases already running keep behaving as they did. Only the two procedures
that had rules in code are touched; every other snapshot just gains step codes."""

from django.db import migrations

REQUIRE = {"type": "requiere", "minimum": 1, "condition": ""}
EARLIER_RULES = {
    "MM-GSC-P-003": {
        4: [{**REQUIRE, "record_type": "compromisos"}],
        6: [{**REQUIRE, "record_type": "miniauditorias"}],
        8: [{**REQUIRE, "record_type": "evaluaciones"}],
        9: [{"type": "evaluacion_favorable"}, {"type": "compromisos_cerrados"},
            {"type": "certificado", "validity_years": 2}],
    },
    "asesoria-asistencia-tecnica": {
        1: [{**REQUIRE, "record_type": "solicitud_asistencia"}],
        3: [{**REQUIRE, "record_type": "registros", "condition": "fuera_de_la_ciudad"},
            {"type": "dato", "field": "comision_autorizada", "condition": "fuera_de_la_ciudad"}],
        6: [{"type": "dato", "field": "fecha_asistencia", "condition": ""}],
        10: [{"type": "plazo", "business_days": 3, "after": "fecha_asistencia"}],
        11: [{"type": "dato", "field": "informe_entregado", "condition": ""}],
    },
}


def add_rules(apps, schema_editor):
    ProcedureVersion = apps.get_model("records", "ProcedureVersion")
    for version in ProcedureVersion.objects.all():
        if all("rules" in step for step in version.steps):
            continue
        earlier = EARLIER_RULES.get(version.key, {})
        for step in version.steps:
            step.setdefault("code", str(step["number"]))
            step.setdefault("rules", earlier.get(step["number"], []))
        version.save(update_fields=["steps"])


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0009_procedure_rules"),
    ]

    operations = [
        migrations.RunPython(add_rules, migrations.RunPython.noop),
    ]
