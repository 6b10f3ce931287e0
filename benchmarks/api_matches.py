"""Measure the published-draw import, the match API and result reports on a throwaway database; print the figures.

    .venv/bin/python benchmarks/api_matches.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cupfaf .venv/bin/python benchmarks/api_matches.py

It creates its own test database (test_…), fills it, measures, and drops it.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cupfaf.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REQUESTS = 200


def timed(function):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    return result, (time.perf_counter() - start) * 1000, len(queries)


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def measure_requests(client, url):
    samples = []
    for _ in range(REQUESTS):
        response, elapsed, queries = timed(lambda: client.get(url))
        assert response.status_code == 200, response.content[:200]
        samples.append(elapsed)
    p50, p95 = percentiles(samples)
    print(f"  GET {url:<45} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries  ({REQUESTS} requests)")


def measure_reports(client):
    """Staff report the 32 results of the 1/32 (each winner moves into the 1/16), then re-report them."""
    from django.contrib.auth import get_user_model
    from knox.models import AuthToken

    from matches.models import Match

    user = get_user_model().objects.create_user("benchmark", is_staff=True)
    headers = {"HTTP_AUTHORIZATION": f"Token {AuthToken.objects.create(user=user)[1]}"}
    body = {
        "score": {"halfTime": {"home": 0, "away": 1}, "regularTime": {"home": 1, "away": 2}},
        "goals": [
            {"minute": 15, "team": "AWAY", "scorer": "A"},
            {"minute": 60, "team": "HOME", "scorer": "B"},
            {"minute": 90, "injuryTime": 3, "team": "AWAY", "scorer": "C"},
        ],
    }
    ids = list(Match.objects.filter(round__stage="LAST_64").order_by("number").values_list("pk", flat=True))
    for label in ("report", "report again (a correction)"):
        samples, counts = [], []
        for pk in ids:
            response, elapsed, queries = timed(
                lambda: client.post(f"/api/v1/matches/{pk}/report/", body, content_type="application/json", **headers)
            )
            assert response.status_code == 200, response.content[:300]
            samples.append(elapsed)
            counts.append(queries)
        p50, p95 = percentiles(samples)
        print(
            f"  POST /report/ {label:<31} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{min(counts)}-{max(counts)} queries  ({len(ids)} matches)"
        )


def main():
    from matches.demo import load_demo_edition
    from competitions.reference import load_reference_data
    from matches.models import Match

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor}")
        _, elapsed, queries = timed(load_reference_data)
        print(f"  load reference data                            {elapsed:8.1f} ms  {queries} queries")
        _, elapsed, queries = timed(load_demo_edition)
        print(f"  import the 2023-24 draw (64 clubs, 48 matches) {elapsed:8.1f} ms  {queries} queries")
        _, elapsed, queries = timed(load_demo_edition)
        print(f"  import it again (nothing changes)              {elapsed:8.1f} ms  {queries} queries")
        client = Client()
        detail = Match.objects.get(round__stage="LAST_32", number=1).pk
        measure_requests(client, "/api/v1/matches/?stage=LAST_64")
        measure_requests(client, "/api/v1/matches/?limit=48")
        measure_requests(client, f"/api/v1/matches/{detail}/")
        measure_reports(client)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
