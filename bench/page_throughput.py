"""Benchmark: portal pages under gunicorn, against the same bytes served by a bare view.

Run: .venv/bin/python bench/page_throughput.py [--seconds 4] [--rounds 3]

For six pages (home, process card, procedure, territories, documents, the PQRSD
form) it measures, in one run on one machine, as an anonymous visitor:

- cold: the page cache off (PAGE_CACHE_SECONDS=0), every view rendered;
- warm: the page cache on, as production runs it (Redis: a server of its own,
  started here on a loopback port);
- the ceiling: a view returning the page's bytes, precomputed, through the same
  middleware stack (bench/bench_urls.py);
- with --proxy, also through the shipped Varnish configuration (deploy/varnish.vcl, a
  varnishd of its own) in front of the warm server: pages come from the proxy's memory,
  the ceiling (private) is passed through to gunicorn.

With --territory-pages N, N more territories, each with its page, are added to the demo's
six (spread over its localities, with no route yet): the home page and the territories
index at a city's scale.

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


# Saved one by one, as editors and imports do, so each gets its stored public status.
TERRITORY_PAGES = """
from content.models import TerritoryIndexPage, TerritoryPage
from records.models import Locality, Territory
index = TerritoryIndexPage.objects.get()
localities = list(Locality.objects.order_by("pk"))
for i in range({count}):
    lon, lat = -74.2 + (i % 40) * 0.005, 4.5 + (i // 40) * 0.005
    record = Territory.objects.create(
        code=f"BENCH-{{i:05d}}", name=f"Barrio {{i}}", locality=localities[i % len(localities)],
        population=1000 + i, geometry={{"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + 0.004, lat], [lon + 0.004, lat + 0.004], [lon, lat + 0.004],
            [lon, lat]]]}})
    index.add_child(instance=TerritoryPage(title=f"Barrio {{i}}", slug=f"barrio-{{i}}",
                                           territory=record))
"""


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


def varnish_in_front(workdir, backend_port, ban_port):
    """varnishd with the project's VCL pointed at ``backend_port``, taking bans on
    ``ban_port``: (process, port)."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise SystemExit("varnishd is not installed (make system-deps)")
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    assert '.port = "8000";' in vcl
    (workdir / "bench.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    proc = subprocess.Popen(
        [varnishd, "-F", "-j", "none", "-a", f"public=127.0.0.1:{port}",
         "-a", f"purge=127.0.0.1:{ban_port}", "-f", str(workdir / "bench.vcl"),
         "-n", str(workdir / "varnish"), "-s", "malloc,64m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("varnishd did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proxy", action="store_true",
                        help="also measure through Varnish (deploy/varnish.vcl) in front")
    parser.add_argument("--territory-pages", type=int, default=0,
                        help="territories (and their pages) added to the demo's")
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, among {', '.join(PAGES)} (default: all)")
    args = load_arguments(parser, seconds=4, concurrency=4)
    unknown = set(args.pages.split(",")) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    pages = {name: PAGES[name] for name in args.pages.split(",")}

    workdir = Path(tempfile.mkdtemp(prefix="convive-pages-"))
    redis, redis_port = redis_server(workdir)
    env = bench_env(workdir, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    try:
        manage = [PY, str(ROOT / "manage.py")]
        run(manage + ["migrate", "--noinput", "-v0"], env)
        run(manage + ["load_demo", "--force", "-v0"], env)
        if args.territory_pages:
            run(manage + ["shell", "-c", TERRITORY_PAGES.format(count=args.territory_pages)], env)
        results = {}
        variants = [("cold", "0"), ("warm", "300")] + ([("proxy", "300")] if args.proxy else [])
        for variant, seconds in variants:
            port = free_port()
            server_env = {**env, "PAGE_CACHE_SECONDS": seconds}
            varnish = None
            if variant == "proxy":
                ban_port = free_port()  # the server bans through it, Varnish listens on it
                server_env.update(PROXY_CACHE_SECONDS="3600",
                                  FRONTEND_CACHE_PURGE_URLS=f"http://127.0.0.1:{ban_port}")
            proc = start(server_env, port, args.workers)
            try:
                if variant == "proxy":
                    varnish, port = varnish_in_front(workdir, port, ban_port)
                for name, path in pages.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    with urllib.request.urlopen(url) as response:
                        assert response.status == 200, (path, response.status)
                        (workdir / f"page-{name}.bin").write_bytes(response.read())
                    for _ in range(args.workers * 4):  # warm every worker (and the caches)
                        urllib.request.urlopen(url).read()
                    with urllib.request.urlopen(url) as response:
                        kept = response.headers.get("X-Page-Cache") == "hit"
                        # Varnish names the request and, on a hit, the one that filled it.
                        from_proxy = len(response.headers.get("X-Varnish", "").split()) == 2
                        if variant == "proxy":  # a blank form (its CSRF token) never is
                            assert from_proxy == (name != "pqrsd-form"), (path, from_proxy)
                    assert kept == (variant != "cold") or from_proxy, (path, variant, kept)
                    page, top = compare(port, path, f"/bench/ceiling/page-{name}", args.rounds,
                                        args.seconds, args.concurrency)
                    results[(name, variant)] = page
                    results[(name, f"ceiling ({variant})")] = top
            finally:
                for process in (varnish, proc):
                    if process is not None:
                        process.terminate()
                        process.wait(timeout=20)

        print(f"{6 + args.territory_pages} territory pages, "
              f"gunicorn {args.workers} workers, DEBUG=0, {args.concurrency} client threads, "
              f"{args.rounds} rounds of {args.seconds:.0f} s per variant alternating with the "
              f"ceiling, {env['DATABASE_URL'].split(':')[0]}, Redis cache")
        print(f"{'page':<13} {'variant':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs ceiling':>10}")
        for name in pages:
            for variant, _ in variants:
                for label in (f"ceiling ({variant})", variant):
                    print(table_row(name, label, results[(name, label)], 13, 16))
    finally:
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
