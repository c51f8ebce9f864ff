"""Settings for bench/api_throughput.py: the real settings plus a ceiling URL."""

from convive.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# The ceiling is a bare view: never served from the page cache it is measured against.
PAGE_CACHE_EXCLUDED_PATHS = (*PAGE_CACHE_EXCLUDED_PATHS, "/bench/")  # noqa: F405
