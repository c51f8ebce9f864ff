"""Benchmark: portal pages under gunicorn, against the same bytes served by a bare view.

Run: .venv/bin/python bench/page_throughput.py [--seconds 4] [--rounds 3]

For six pages (home, process card, procedure, territories, documents, the PQRSD
form) it measures, in one run on one machine, as an anonymous visitor:

- cold: the page cache off (PAGE_CACHE_SECONDS=0), every view rendered;
- warm: the page cache on, as production runs it (Redis: a server of its own,
  started here on a loopback port);
- the ceiling: a view returning the page's bytes, precomputed, through the same
  middleware stack (bench/bench_urls.py).

Each variant alternates with the ceiling in short rounds on the same server; its
ratio is the median of the rounds' ratios (goals: warm >= 80%, cold >= 30%).
DEBUG=0, 2 gunicorn workers, SQLite unless BENCH_DATABASE_URL is set.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from api_throughput import (PY, ROOT, bench_env, compare, free_port, load_arguments, run, start,
                            table_row)

PAGES = {
    "home": "/",
    "process-card": "/procesos/c-gs-01/",
    "procedure": "/procesos/c-gs-01/asesoria-asistencia-tecnica/",
    "territories": "/territorios/",
    "documents": "/documentos/",
    "pqrsd-form": "/atencion/pqrsd/",
}


def redis_server(workdir):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                          text=True).stdout.strip() == "PONG":
            return proc, port
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("redis-server did not start")


def main():
    args = load_arguments(argparse.ArgumentParser(), seconds=4, concurrency=4)

    workdir = Path(tempfile.mkdtemp(prefix="convive-pages-"))
    redis, redis_port = redis_server(workdir)
    env = bench_env(workdir, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    try:
        manage = [PY, str(ROOT / "manage.py")]
        run(manage + ["migrate", "--noinput", "-v0"], env)
        run(manage + ["load_demo", "--force", "-v0"], env)
        results = {}
        for variant, seconds in (("cold", "0"), ("warm", "300")):
            port = free_port()
            proc = start({**env, "PAGE_CACHE_SECONDS": seconds}, port, args.workers)
            try:
                for name, path in PAGES.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    with urllib.request.urlopen(url) as response:
                        assert response.status == 200, (path, response.status)
                        (workdir / f"page-{name}.bin").write_bytes(response.read())
                    for _ in range(args.workers * 4):  # warm every worker (and the cache)
                        urllib.request.urlopen(url).read()
                    with urllib.request.urlopen(url) as response:
                        kept = response.headers.get("X-Page-Cache") == "hit"
                    assert kept == (variant == "warm"), (path, variant, kept)
                    page, top = compare(port, path, f"/bench/ceiling/page-{name}", args.rounds,
                                        args.seconds, args.concurrency)
                    results[(name, variant)] = page
                    results[(name, f"ceiling ({variant})")] = top
            finally:
                proc.terminate()
                proc.wait(timeout=20)

        print(f"gunicorn {args.workers} workers, DEBUG=0, {args.concurrency} client threads, "
              f"{args.rounds} rounds of {args.seconds:.0f} s per variant alternating with the "
              f"ceiling, {env['DATABASE_URL'].split(':')[0]}, Redis cache")
        print(f"{'page':<13} {'variant':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs ceiling':>10}")
        for name in PAGES:
            for variant in ("ceiling (cold)", "cold", "ceiling (warm)", "warm"):
                print(table_row(name, variant, results[(name, variant)], 13, 16))
    finally:
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
