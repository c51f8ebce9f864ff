"""Import errors in words for staff: the message, never an exception's repr or traceback."""

import logging

from django import template
from django.core.exceptions import ValidationError

register = template.Library()
logger = logging.getLogger("records.import")


@register.filter
def error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, (ValueError, KeyError)) and error.args:
        return str(error.args[0])
    # A database or library failure: its words name tables and server paths.
    logger.warning("Import failed on an unexpected error: %r", error)
    return ("No se pudo guardar esta fila por un error inesperado; no se importó nada. "
            "Si se repite, informe a soporte la hora y el archivo.")
