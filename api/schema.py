"""OpenAPI generation hooks."""


def exclude_foreign_endpoints(endpoints, **kwargs):
    """Document Convive's own API only.

    Wagtail's headless API (/api/content/) and its admin API (/cms/) are DRF
    views too, but they describe themselves; leaving them in would produce a
    schema that promises shapes drf-spectacular cannot infer.
    """
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith("/api/") and not path.startswith("/api/content/")
    ]


ERROR_RESPONSES = {
    "400": "Parámetros o datos inválidos; el mensaje dice qué regla no se cumple.",
    "401": "Falta autenticación o el token no es válido.",
    "403": "El usuario no tiene permiso para esta acción.",
    "404": "No existe, o no tiene permiso para verlo (se responde igual).",
    "405": "Método no permitido.",
    "406": "Formato pedido no disponible (use JSON o CSV).",
    "429": "Demasiadas solicitudes: espere los segundos indicados en Retry-After.",
    "503": "Un componente no responde (p. ej. el almacenamiento de archivos): no se guardó "
           "nada; intente de nuevo después de los segundos indicados en Retry-After.",
}


def document_error_responses(result, generator, request, public):
    """Every operation documents the errors it can answer, with one shared shape."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "Error: `detail` explica el problema; los errores de validación "
                       "traen además un mensaje por campo.",
        "properties": {"detail": {"description": "Mensaje en español (texto o lista de textos)."}},
        "additionalProperties": True,
    }
    body = {media: {"schema": {"$ref": "#/components/schemas/Error"}}
            for media in ("application/json", "text/csv", "application/ld+json",
                          "application/geo+json")}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": body})
    return result


# The documentation's groups, named the way its readers say them (drf-spectacular names a
# group after the first segment of its path, in English).
TAGS = {
    "catalog": "catálogo de datos abiertos",
    "certifications": "certificados",
    "datasets": "conjuntos de datos",
    "documents": "documentos públicos",
    "indicators": "indicadores",
    "pqrsd": "PQRSD",
    "processes": "procesos",
    "records": "registros internos (con autenticación)",
    "statistics": "estadísticas",
    "territories": "territorios",
    "territories.geojson": "territorios (GeoJSON)",
}


def spanish_tags(result, generator, request, public):
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "tags" in operation:
                operation["tags"] = [TAGS.get(tag, tag) for tag in operation["tags"]]
    return result
