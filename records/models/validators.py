"""Field rules shared by records of people."""

import re

from django.core.exceptions import ValidationError

# Cédulas, tarjetas de identidad and NUIPs are digits, written with or without dots;
# passports and foreigners' documents may carry letters (AB123456, V-20118645).
_DOCUMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\- ]{2,19}")


def validate_document_number(value: str) -> None:
    text = (value or "").strip()
    if not text:
        return
    digits = sum(ch.isdigit() for ch in text)
    if not _DOCUMENT.fullmatch(text) or digits < 3:
        raise ValidationError(
            "«%(value)s» no es un número de documento: escriba los dígitos de la cédula, "
            "tarjeta de identidad o pasaporte (por ejemplo 1.023.456.789 o AB123456).",
            code="invalid_document", params={"value": value})
