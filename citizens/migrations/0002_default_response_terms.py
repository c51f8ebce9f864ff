"""Load the legal terms of Ley 1755 de 2015 into the editable table."""

from django.db import migrations

TERMS = {
    "peticion": (15, "Ley 1755 de 2015, art. 14"),
    "documentos": (10, "Ley 1755 de 2015, art. 14 num. 1"),
    "consulta": (30, "Ley 1755 de 2015, art. 14 num. 2"),
    "queja": (15, "Ley 1755 de 2015, art. 14"),
    "reclamo": (15, "Ley 1755 de 2015, art. 14"),
    "sugerencia": (15, "Ley 1755 de 2015, art. 14 (política de la Secretaría)"),
    "denuncia": (15, "Ley 1755 de 2015, art. 14 (política de la Secretaría)"),
    "felicitacion": (15, "Ley 1755 de 2015, art. 14 (política de la Secretaría)"),
}


def load(apps, schema_editor):
    ResponseTerm = apps.get_model("citizens", "ResponseTerm")
    for code, (days, basis) in TERMS.items():
        ResponseTerm.objects.get_or_create(
            petition_type=code, defaults={"business_days": days, "legal_basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
