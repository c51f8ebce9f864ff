"""The filing receipt as a PDF the citizen keeps: radicado, tracking code, legal term,
due date and where to follow the petition. Built in memory and handed to the page that
shows the receipt once; it is never stored (the code is a secret only the citizen keeps)."""

import datetime

import pymupdf

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]


def _long(day: datetime.date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def petition_receipt_pdf(receipt: dict, *, entity: str, tracking_url: str,
                         now: datetime.datetime | None = None) -> bytes:
    now = now or datetime.datetime.now()
    lines = [
        ("title", "Constancia de radicación de PQRSD"),
        ("text", entity),
        ("gap", ""),
        ("label", "Tipo de solicitud"), ("value", receipt["type"]),
        ("label", "Número de radicado"), ("value", receipt["radicado"]),
    ]
    if receipt.get("filed_on"):
        lines += [("label", "Fecha de radicación"), ("value", _long(receipt["filed_on"]))]
    if receipt.get("subject"):
        lines += [("label", "Asunto"), ("text", receipt["subject"])]
    if receipt.get("code"):
        lines += [("label", "Código de consulta (guárdelo: no se puede recuperar)"),
                  ("value", receipt["code"])]
    lines += [
        ("label", f"Término legal de respuesta ({receipt['term']} días hábiles)"),
        ("value", f"Vence el {_long(receipt['due_date'])}"),
        ("gap", ""),
        ("text", "Consulte el estado de su solicitud con el radicado y el código en:"),
        ("text", tracking_url),
        ("gap", ""),
        ("small", f"Constancia generada el {_long(now.date())} a las {now:%H:%M}. Los términos "
                  "se cuentan en días hábiles (Ley 1755 de 2015)."),
    ]
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)  # A4
    y = 72
    styles = {"title": (18, "hebo"), "label": (10, "helv"), "value": (14, "hebo"),
              "text": (11, "helv"), "small": (9, "helv")}
    for kind, text in lines:
        if kind == "gap":
            y += 12
            continue
        size, font = styles[kind]
        box = pymupdf.Rect(72, y, 523, y + size * 4)
        left = page.insert_textbox(box, text, fontsize=size, fontname=font)
        used = box.height - left if left >= 0 else box.height
        y += used + (2 if kind == "label" else 8)
    document.set_metadata({"title": f"Radicado {receipt['radicado']}", "author": entity,
                           "creator": "Convive", "producer": "Convive"})
    data = document.tobytes(garbage=3, deflate=True)
    document.close()
    return data
