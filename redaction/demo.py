"""Demo originals for the redaction flow: route minutes with planted personal data.

The files are synthetic but shaped like the real ones (seed 001: minutes of the
community meetings and the pact), so `make run` lets a reviewer try «Preparar
versión pública» on documents that contain names, cédulas, phones, e-mails,
addresses and a passage about police operations.
"""

import pymupdf
from django.core.files.base import ContentFile

from records.models import CaseRecord

RESERVED_PASSAGE = ("La Policía informó el horario de los patrullajes encubiertos del sector, "
                    "que se mantiene en reserva.")


def minutes_pdf(territory_name: str, people) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = [
        f"ACTA DE REUNIÓN COMUNITARIA: {territory_name}",
        "Ruta comunitaria de certificación de territorios seguros (MM-GSC-P-003).",
        "",
        "Asistentes:",
    ]
    for name, id_number, phone, email, address in people:
        lines.append(f"- {name}, identificado con C.C. {id_number}, celular {phone},")
        lines.append(f"  correo {email}, residente en {address}.")
    lines += [
        "",
        "Temas tratados: iluminación del parque, consumo en la cancha y pacto de convivencia.",
        RESERVED_PASSAGE,
        "La comunidad se compromete a convocar la próxima reunión en quince días.",
    ]
    y = 72
    for line in lines:
        page.insert_text((56, y), line, fontsize=10, fontname="helv")
        y += 16
    doc.set_metadata({"title": f"Acta {territory_name}", "author": people[0][0]})
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def load(people, limit: int = 2) -> int:
    """Attach an original to the first demo records that have none (idempotent)."""
    attached = 0
    records = (CaseRecord.objects.filter(step__case__kind="certificacion")
               .select_related("step__case__territory").order_by("pk"))
    if records.exclude(file="").exists():
        return 0
    for record in records[:limit]:
        territory = record.step.case.territory
        record.file.save(f"acta-{record.pk}.pdf", ContentFile(minutes_pdf(territory.name, people)))
        attached += 1
    return attached
