"""Request bodies the API reads: JSON whose errors are told in Spanish, and whose nesting
(``[[[[…`` 100 000 deep) is a 400 instead of the decoder's RecursionError."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SpanishJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except (UnicodeDecodeError, LookupError) as exc:
            # LookupError: a charset Python knows as a codec but not as a text encoding
            # («charset=rot13», «hex», «zlib»).
            raise ParseError("El cuerpo no se pudo leer como texto: envíe JSON en UTF-8 "
                             "(Content-Type: application/json).") from exc
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ParseError("El JSON anida demasiados niveles: envíe un objeto con los campos "
                             "de la solicitud.") from exc
        except ValueError as exc:
            position = getattr(exc, "pos", None)
            where = f" (carácter {position + 1})" if position is not None else ""
            raise ParseError(f"El cuerpo no es JSON válido{where}: revise comillas, comas y "
                             "llaves.") from exc
        if data is None:  # DRF would answer «No data provided», untranslatable
            raise ParseError("El cuerpo JSON está vacío (null): envíe un objeto con los campos "
                             "de la solicitud.")
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} no es un valor JSON")  # NaN, Infinity: not JSON, not data
