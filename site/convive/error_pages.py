"""Error pages whose message helps the person who met the error.

Django's own 404 view passes the exception's text to the template, which for most 404s
is an English sentence for developers («No CaseRecord matches the given query»); only
errors raised with a message for the user (``convive.storage.MissingFile``) show theirs.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from convive.storage import MissingFile


def page_not_found(request, exception):
    message = str(exception) if isinstance(exception, MissingFile) else ""
    return TemplateResponse(request, "404.html", {"message": message}, status=404).render()


def csrf_failure(request, reason=""):
    """A form sent without its security token (a page left open for hours, cookies blocked,
    or another site posting here): say so in plain Spanish and how to send it again. The
    browser's «Atrás» returns to the form with what was typed."""
    return TemplateResponse(request, "403_csrf.html", {}, status=403).render()


def spanish_bad_request(request, message: str = ""):
    """A 400 in the form of the door it came through: JSON under /api/, the portal's
    page elsewhere (its general explanation when ``message`` is empty)."""
    from api.middleware import API_PREFIX

    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": message or "Solicitud no válida."}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message},
                                                   request=request))


def _size(size: int) -> str:
    return f"{-(-size // (1024 * 1024))} MB" if size >= 1024 * 1024 else f"{-(-size // 1024)} KB"


def _limit_message(request, exception) -> str:
    from django.conf import settings

    from api.middleware import API_PREFIX

    if request.path_info.startswith(API_PREFIX):
        back = "No se guardó nada: envíe de nuevo dentro del límite."
    else:
        back = ("No se guardó nada. Use el botón Atrás de su navegador para volver al "
                "formulario (suele conservar lo que escribió), corrija y envíe de nuevo.")
    if isinstance(exception, TooManyFilesSent):
        return (f"Envió demasiados archivos a la vez (más de {settings.DATA_UPLOAD_MAX_NUMBER_FILES})"
                f". {back}")
    if isinstance(exception, RequestDataTooBig):
        return (f"El texto enviado es demasiado largo (más de "
                f"{_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} sin contar los adjuntos). {back}")
    if isinstance(exception, TooManyFieldsSent):
        return f"El formulario trae demasiados campos. {back}"
    return ""


def bad_request(request, exception):
    """Django's 400s: the size limits of a form say which one was passed and what to do."""
    return spanish_bad_request(request, _limit_message(request, exception))
