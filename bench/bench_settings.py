"""Settings for bench/api_throughput.py: the real settings plus a ceiling URL."""

from convive.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
