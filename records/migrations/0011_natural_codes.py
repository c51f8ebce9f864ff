"""Activities and cases get the codes spreadsheets name them by (ACT-2026-0001, CER-2026-0001).

Existing rows are numbered in the order they were created, within their prefix and year.
"""

from django.db import migrations, models

CASE_PREFIXES = {"certificacion": "CER", "asistencia": "AT", "procedimiento": "PROC"}


def number_existing(apps, schema_editor):
    counters = {}

    def code(prefix, year):
        counters[(prefix, year)] = counters.get((prefix, year), 0) + 1
        return f"{prefix}-{year}-{counters[(prefix, year)]:04d}"

    Activity = apps.get_model("records", "Activity")
    for activity in Activity.objects.order_by("pk"):
        activity.code = code("ACT", activity.date.year)
        activity.save(update_fields=["code"])
    Case = apps.get_model("records", "Case")
    for case in Case.objects.order_by("pk"):
        case.number = code(CASE_PREFIXES.get(case.kind, "CASO"), case.opened_at.year)
        case.save(update_fields=["number"])


class Migration(migrations.Migration):

    dependencies = [("records", "0010_rules_in_earlier_snapshots")]

    operations = [
        migrations.AddField("activity", "code", models.CharField(
            "código", max_length=20, null=True, editable=False)),
        migrations.AddField("case", "number", models.CharField(
            "número", max_length=20, null=True, editable=False)),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField("activity", "code", models.CharField(
            "código", max_length=20, unique=True, blank=True, editable=False,
            help_text="ACT-AÑO-NÚMERO, asignado al guardar: así la nombran las hojas de cálculo.")),
        migrations.AlterField("case", "number", models.CharField(
            "número", max_length=20, unique=True, blank=True, editable=False,
            help_text="Asignado al abrir el caso (CER-, AT- o PROC-AÑO-NÚMERO).")),
    ]
