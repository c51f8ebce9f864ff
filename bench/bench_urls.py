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
    # Pages (bench/page_throughput.py) are HTML; API answers JSON.
    kind = "text/html; charset=utf-8" if name.startswith("page-") else "application/json"
    return HttpResponse(_BYTES[name], content_type=kind)


urlpatterns = [path("bench/ceiling/<str:name>", ceiling)] + real_urlpatterns
