"""Load-test the media API as production serves it, side by side with what bounds it; print a table.

    .venv/bin/python benchmarks/api_load.py                  # 4,096-club edition, 5 s per measure
    .venv/bin/python benchmarks/api_load.py --clubs 512 --seconds 2 --keep   # quicker; reuse the data

Needs PostgreSQL and Redis (this machine's: 127.0.0.1:5432 and :6379; `DATABASE_URL`, `REDIS_URL`
to point elsewhere) and wrk (Debian's package). It builds its own database (`cupfaf_bench_api`): the
demo edition and a whole simulated edition of `--clubs` clubs, every round drawn, published and
decided (benchmarks/draws.py). Then it starts, each under gunicorn with production settings
(`--workers` sync workers), the application with its response cache, the application without it,
and the *limit*: a minimal WSGI application serving the same response bytes from memory. The
baselines run in the application's server (benchmarks/urls.py): a hand-written view (`values()` and
`JsonResponse`) and a plain DRF viewset with nested ModelSerializers, on the same matches.

For each request, wrk (`-t1 -c{connections}`) on loopback: requests per second, p50 and p99, and the
ratios the targets are stated in: cached and 304 against the limit (target 0.7), uncached against
the hand-written view (target 1.0) and against the plain viewset (target 3.0).
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "cupfaf_bench_api"
SERVER = "postgres://postgres@127.0.0.1:5432"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/{DATABASE}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cupfaf.settings")
PORTS = {"cached": 8301, "uncached": 8302, "limit": 8303}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clubs", type=int, default=4096, help="clubs in the big edition (default 4096)")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run if there is one")
    return parser.parse_args()


def database_exists():
    import psycopg2

    with psycopg2.connect(f"{SERVER}/postgres") as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        return cursor.fetchone() is not None


def recreate_database():
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()


def build(clubs):
    """The demo edition and a whole simulated edition of `clubs` clubs, in the benchmark's database."""
    import random

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from benchmarks import draws
    from competitions.reference import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    call_command("load_demo", verbosity=0)
    staff = get_user_model().objects.create_user("bench", is_staff=True, is_superuser=True)
    regions, wilayas = draws.create_regions()
    draws.whole_edition(clubs, regions, wilayas, staff, random.Random(draws.SEED))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum would gather on a server in service


def subjects():
    """{name: id} of what the requests read: the demo edition, the big one, one of its matches."""
    import django

    django.setup()
    from django.core.cache import cache

    from competitions.models import Edition
    from matches.models import Match

    cache.clear()  # answers cached by an earlier run, perhaps of other data
    demo = Edition.objects.order_by("season__start_year").first()
    big = Edition.objects.order_by("season__start_year").last()
    final = Match.objects.filter(round__edition=big).order_by("-round__order").first()
    return {
        "demo": demo.pk,
        "big": big.pk,
        "big_slug": big.slug,
        "match": final.pk,
        "matches": Match.objects.filter(round__edition=big).count(),
    }


def requests(ids):
    """(label, our path, /v4/ path or None, hand-written path, plain viewset path, conditional)."""
    demo, big, match = ids["demo"], ids["big"], ids["match"]
    return [
        (
            "1/32 list (32 matches)",
            f"/api/v1/matches/?edition={demo}&stage=LAST_64",
            f"/v4/competitions/{demo}/matches?stage=LAST_64",
            f"/baseline/values/editions/{demo}/matches/?stage=LAST_64",
            f"/baseline/drf/editions/{demo}/matches/?stage=LAST_64&limit=100",
        ),
        (
            f"100 matches of the {ids['matches']:,}-match edition",
            f"/api/v1/editions/{big}/matches/?limit=100",
            f"/v4/competitions/{big}/matches?limit=100",
            f"/baseline/values/editions/{big}/matches/?limit=100",
            f"/baseline/drf/editions/{big}/matches/?limit=100",
        ),
        ("its bracket", f"/api/v1/editions/{big}/bracket/", None, None, None),
        # The public site's page of the same edition: its rounds and the bracket of its national phase (HTML).
        ("its bracket page (public site)", f"/editions/{ids['big_slug']}/", None, None, None),
        (
            "one match",
            f"/api/v1/matches/{match}/",
            f"/v4/matches/{match}",
            f"/baseline/values/matches/{match}/",
            f"/baseline/drf/matches/{match}/",
        ),
    ]


def start(name, app, env, workers):
    command = [sys.executable, "-m", "gunicorn", app, "--chdir", str(ROOT), "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{PORTS[name]}", "--log-level", "warning", "--timeout", "120"]
    return subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)


def wait_until_up(port, path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answers on port {port}")


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as response:
        return response.read(), response.headers


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(port, path, args, headers=()):
    """(requests per second, p50 ms, p99 ms) of wrk on `path`; refuses a run with non-2xx/3xx answers."""
    command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "--timeout", "60s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{path}: errors under load\n{output}")

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit]

    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), latency(50), latency(99)


def cell(figures):
    if figures is None:
        return f"{'':>22}"
    rate, p50, p99 = figures
    return f"{rate:>8,.0f} {p50:>6.1f} {p99:>6.1f}"


def ratio(a, b):
    return f"{a[0] / b[0]:>6.2f}" if a and b else f"{'':>6}"


def main():
    args = arguments()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    if not (args.keep and database_exists()):
        recreate_database()
        build(args.clubs)
    ids = subjects()
    common = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_RATE_ANON": "100000000/min",
        "LANGUAGE_CODE": "fr",
    }
    # Production serves the pages' style sheets by their hashed names, as collectstatic writes them.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "--verbosity", "0"],
        env={**os.environ, **common},
        check=True,
    )
    bodies = Path(tempfile.mkdtemp(prefix="cupfaf-bench-"))
    servers = []
    try:
        servers.append(start("cached", "cupfaf.wsgi:application", {**common, "API_RESPONSE_CACHE": "true"}, args.workers))
        servers.append(start("uncached", "cupfaf.wsgi:application", {**common, "API_RESPONSE_CACHE": "false"}, args.workers))
        for name in ("cached", "uncached"):
            wait_until_up(PORTS[name], "/api/v1/editions/")
        rows, measured = [], {}
        for label, ours, v4, values, plain in requests(ids):
            for face, path in (("/api/v1/", ours), ("/v4/", v4)):
                if path is None:
                    continue
                body, headers = fetch(PORTS["cached"], path)
                limit_path = "/" + re.sub(r"[^0-9A-Za-z]+", "_", path)
                (bodies / limit_path.lstrip("/")).write_bytes(body)
                name = f"{label}, {face}" if path.startswith(("/api/", "/v4/")) else label
                rows.append((name, path, limit_path, values if face == "/api/v1/" else None, plain if face == "/api/v1/" else None, headers["ETag"], len(body)))
        servers.append(start("limit", "benchmarks.static_wsgi:application", {"BENCH_BODIES": str(bodies)}, args.workers))
        wait_until_up(PORTS["limit"], rows[0][2])

        print(f"\ngunicorn {args.workers} sync workers, production settings, PostgreSQL + Redis; wrk -t1 -c{args.connections}, {args.seconds} s per run")
        print("req/s, p50 ms, p99 ms; ratios: cached/limit, 304/limit, uncached/hand-written, uncached/plain DRF\n")
        header = f"{'request':<46} {'bytes':>9} | {'cached':^22} | {'304 (cached)':^22} | {'uncached':^22} | {'limit':^22} | {'hand-written':^22} | {'plain DRF':^22} | {'c/lim':>6} {'304/l':>6} {'u/hw':>6} {'u/drf':>6}"
        print(header)
        print("-" * len(header))
        for label, path, limit_path, values, plain, etag, size in rows:
            for name in ("cached", "uncached"):
                fetch(PORTS[name], path)  # warm: the cache filled, the workers' imports done
            cached = wrk(PORTS["cached"], path, args)
            not_modified = wrk(PORTS["cached"], path, args, [f"If-None-Match: {etag}"])
            uncached = wrk(PORTS["uncached"], path, args)
            limit = wrk(PORTS["limit"], limit_path, args)
            hand = wrk(PORTS["uncached"], values, args) if values else None
            drf = wrk(PORTS["uncached"], plain, args) if plain else None
            measured[label] = (cached, uncached)
            print(
                f"{label:<46} {size:>9,} | {cell(cached)} | {cell(not_modified)} | {cell(uncached)} | {cell(limit)} | {cell(hand)} | {cell(drf)} | "
                f"{ratio(cached, limit)} {ratio(not_modified, limit)} {ratio(uncached, hand)} {ratio(uncached, drf)}",
                flush=True,
            )
        page, api = measured["its bracket page (public site)"], measured["its bracket, /api/v1/"]
        print(
            "\nThe bracket's page against the API's bracket, requests per second (target: at least 1.0): "
            f"cached {ratio(page[0], api[0]).strip()}, uncached {ratio(page[1], api[1]).strip()}"
        )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(bodies, ignore_errors=True)


if __name__ == "__main__":
    main()
