"""The site's URLs plus one view that fails with personal data in its message."""

from django.urls import path

from convive.urls import urlpatterns as site_urls


def failing_view(request):
    raise ValueError(f"No se pudo procesar la cédula {request.POST.get('cedula')} de "
                     f"{request.POST.get('nombre')} ({request.GET.get('correo')})")


urlpatterns = [path("falla/", failing_view)] + site_urls
