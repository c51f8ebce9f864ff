"""The real URL map plus /bench/ceiling/<name>: a minimal view returning precomputed bytes."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from convive.urls import urlpatterns as real_urlpatterns

_BYTES = {}


def ceiling(request, name):
    if name not in _BYTES:
        _BYTES[name] = (Path(os.environ["BENCH_DIR"]) / f"{name}.bin").read_bytes()
    return HttpResponse(_BYTES[name], content_type="application/json")


urlpatterns = [path("bench/ceiling/<str:name>", ceiling)] + real_urlpatterns
