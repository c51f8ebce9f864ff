"""Benchmark: the public API under gunicorn with 10,000 territories, against its ceiling.

Run: .venv/bin/python bench/api_throughput.py [--territories 10000] [--seconds 5] [--rounds 3]

For the territories list and the GeoJSON it measures, in one run and on one
machine: the API with its response cache off, the API with the cache warm,
and the ceiling, a minimal Django view returning the same bytes precomputed.
Each variant alternates with the ceiling in short rounds on the same server, and
its ratio is the median of the rounds' ratios. Prints requests per second, p50
and p99 latency, and that ratio.
Only loopback addresses are used; every loop is bounded in time.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENDPOINTS = {"territories": "/api/territories/", "geojson": "/api/territories.geojson"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd, env):
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def start(env, port, workers):
    gunicorn = str(Path(PY).parent / "gunicorn")
    proc = subprocess.Popen(
        [gunicorn, "--pythonpath", f"{ROOT / 'site'},{ROOT / 'bench'},{ROOT}", "convive.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def load(port, path, seconds, concurrency):
    latencies, errors = [], []
    stop = time.time() + seconds

    def worker():
        while time.time() < stop:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", path, headers={"Accept": "application/json"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            finally:
                conn.close()
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"requests": len(latencies), "seconds": seconds, "latencies": latencies, "errors": len(errors)}


def compare(port, path, ceiling_path, rounds, seconds, concurrency):
    """Alternate short runs of the API and the ceiling; the ratio is the median of the rounds'.

    On a shared machine throughput drifts by ±15% within a minute; runs taken
    minutes apart (the first version of this script) compared different machines.
    """
    api, top = [], []
    for round_number in range(rounds):
        pair = [(api, path), (top, ceiling_path)]
        for samples, target in pair if round_number % 2 == 0 else reversed(pair):
            samples.append(load(port, target, seconds, concurrency))
    ratio = statistics.median(a["requests"] / t["requests"] for a, t in zip(api, top))
    return summary(api, ratio), summary(top, 1.0)


def summary(samples, ratio):
    latencies = sorted(lat for sample in samples for lat in sample["latencies"])
    return {
        "rps": sum(s["requests"] for s in samples) / sum(s["seconds"] for s in samples),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": sum(s["errors"] for s in samples),
        "ratio": ratio,
    }


def load_arguments(parser, *, seconds, concurrency):
    """The load's shape, shared by the throughput benches."""
    parser.add_argument("--seconds", type=float, default=seconds,
                        help="per run; each round runs both")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=concurrency)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


def table_row(name, label, r, width=12, label_width=22):
    return (f"{name:<{width}} {label:<{label_width}} {r['rps']:>8.1f} {r['p50']:>8.1f} "
            f"{r['p99']:>8.1f} {r['ratio']:>9.0%}" + (f"  errors={r['errors']}" if r["errors"] else ""))


def bench_env(workdir, **extra):
    """A production-like environment (DEBUG=0) on a throw-away database and folders."""
    (workdir / "static").mkdir(exist_ok=True)
    return {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "b" * 40,
        # Measured with the process-local cache of earlier runs, so figures stay comparable;
        # production refuses it (REQUIRE_SHARED_CACHE). Benches of the cache pass REDIS_URL.
        "REQUIRE_SHARED_CACHE": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": f"{ROOT / 'site'}:{ROOT / 'bench'}:{ROOT}",
        "API_ANON_RATE": "100000000/min", "BENCH_DIR": str(workdir), "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(workdir / "media"), "STATIC_ROOT": str(workdir / "static"),
        **extra,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--territories", type=int, default=10_000)
    args = load_arguments(parser, seconds=5, concurrency=8)

    workdir = Path(tempfile.mkdtemp(prefix="convive-bench-"))
    env = bench_env(workdir)
    try:
        manage = [PY, str(ROOT / "manage.py")]
        run(manage + ["migrate", "--noinput", "-v0"], env)
        run(manage + ["load_demo", "--force", "-v0"], env)
        run(manage + ["shell", "-c", (
            "from records.models import Locality, Territory\n"
            "loc = Locality.objects.first()\n"
            f"Territory.objects.bulk_create([Territory(code=f'BENCH-{{i:05d}}', name=f'Barrio {{i}}', "
            "locality=loc, population=1000 + i, geometry={'type': 'Polygon', 'coordinates': "
            "[[[-74 + i * 1e-4, 4.6], [-74 + i * 1e-4, 4.61], [-73.99 + i * 1e-4, 4.61], [-74 + i * 1e-4, 4.6]]]}) "
            f"for i in range({args.territories})], batch_size=1000)\n"
        )], env)
        # bulk_create skips the signals that store each territory's public status.
        run(manage + ["refresh_public_status", "--missing"], env)
        if env["DATABASE_URL"].startswith("postgres"):
            # What autovacuum does soon after a bulk load in production; measured
            # without it, the first runs compete with it for the two cores.
            run(manage + ["shell", "-c", "from django.db import connection\n"
                          "connection.cursor().execute('VACUUM ANALYZE')"], env)

        results = {}
        for cache_seconds in ("0", "300"):
            port = free_port()
            proc = start({**env, "API_CACHE_SECONDS": cache_seconds}, port, args.workers)
            try:
                label = "api (no cache)" if cache_seconds == "0" else "api (cache warm)"
                for name, path in ENDPOINTS.items():
                    body = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
                    (workdir / f"{name}.bin").write_bytes(body)
                    for _ in range(args.workers * 4):  # warm every worker
                        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
                    api, top = compare(port, path, f"/bench/ceiling/{name}", args.rounds, args.seconds,
                                       args.concurrency)
                    results[(name, label)], results[(name, f"ceiling for {label[5:-1]}")] = api, top
                    top["bytes"] = len(body)
            finally:
                proc.terminate()
                proc.wait(timeout=20)

        print(f"{args.territories} territories, gunicorn {args.workers} workers, "
              f"{args.concurrency} client threads, {args.rounds} rounds of {args.seconds:.0f} s per "
              f"variant, alternating with the ceiling, {env['DATABASE_URL'].split(':')[0]}")
        print(f"{'endpoint':<12} {'variant':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs ceiling':>10}")
        for name in ENDPOINTS:
            for label in ("ceiling for no cache", "api (no cache)", "ceiling for cache warm",
                          "api (cache warm)"):
                print(table_row(name, label, results[(name, label)]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
