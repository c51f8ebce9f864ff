"""The answer to a locked-out login (django-axes), in Spanish, for people and programs."""

import math

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse

MESSAGE = ("Demasiados intentos fallidos de inicio de sesión. Por seguridad, esta cuenta o esta "
           "dirección queda bloqueada durante {minutes} minutos, también con la contraseña "
           "correcta. Si no fue usted, avise a la coordinación.")


def lockout_response(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    message = MESSAGE.format(minutes=math.ceil(seconds / 60))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = TemplateResponse(request, "lockout.html", {"message": message}, status=429)
        response.render()
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response
