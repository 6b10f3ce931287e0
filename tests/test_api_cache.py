"""API reads served from the shared cache: conditional GET, and invalidation after commit of any
change, seen at once by another server process sharing Redis."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.utils.http import http_date
from knox.models import AuthToken

from matches.models import Match
from matches.services import report_result
from tests.conftest import user_with_role, within_one_clock_minute
from tests.test_officials import away_win_report, shootout_report
from tests.test_throttling import database_url, free_port, redis_available

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
LIST = "/api/v1/matches/?stage=LAST_64"


@pytest.fixture
def cached(settings):
    settings.API_RESPONSE_CACHE = True


def match(number):
    return Match.objects.get(round__stage="LAST_64", number=number)


def test_a_read_is_served_from_the_cache_without_a_query(cached, seeded_edition, django_assert_num_queries):
    client = Client()
    first = client.get(LIST)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(LIST)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_conditional_gets_answer_304_without_a_query(cached, seeded_edition, django_assert_num_queries):
    client = Client()
    first = client.get(LIST)
    with django_assert_num_queries(0):
        assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(LIST, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # The first request of all is conditional too.
    fresh = Client().get("/api/v1/editions/", HTTP_IF_NONE_MATCH="*")
    assert fresh.status_code == 304


def test_a_change_makes_every_cached_answer_stale_once_it_commits(
    cached, seeded_edition, admin_user, django_capture_on_commit_callbacks
):
    client = Client()
    first = client.get(LIST)
    one = client.get(f"/api/v1/matches/{match(13).pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        report_result(match(13), shootout_report(), actor=admin_user)
    after = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert {m["id"]: m["status"] for m in after.json()["results"]}[match(13).pk] == "FINISHED"
    assert client.get(f"/api/v1/matches/{match(13).pk}/").json()["status"] == "FINISHED" != one.json()["status"]


def test_a_refused_change_leaves_the_cache_as_it_was(cached, seeded_edition, django_capture_on_commit_callbacks):
    from cupfaf.api_cache import generation
    from cupfaf.errors import Refused

    Client().get(LIST)
    before = generation()
    nobody = user_with_role("nobody")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        report_result(match(13), away_win_report(), actor=nobody)
    assert generation() == before


def test_a_cached_answer_still_counts_against_the_rate(cached, settings, seeded_edition):
    settings.API_RATES = {"anon": "3/min", "user": "3/min", "media": "3/min"}
    within_one_clock_minute()
    client = Client()
    statuses = [client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(LIST)
    assert refused["Retry-After"] and refused["X-Requests-Available-Minute"] == "0"
    bad_token = Client().get(LIST, HTTP_AUTHORIZATION="Token nope")
    assert bad_token.status_code == 401


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_a_result_reported_through_one_process_is_seen_at_once_through_the_other(seeded_edition):
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()
    staff = user_with_role("staff", "results_officer")
    key = AuthToken.objects.create(user=staff, expiry=None)[1]
    environment = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": "redis://127.0.0.1:6379/14"}
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]

    def call(port, path, body=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=None if body is None else json.dumps(body).encode(),
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json", **({"Authorization": f"Token {key}"} if body else {})},
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    return response.status, json.load(response)
            except urllib.error.HTTPError as error:
                return error.code, json.load(error)
            except urllib.error.URLError:
                time.sleep(0.2)
        raise AssertionError("the server did not start")

    try:
        path = f"/api/v1/matches/{match(13).pk}/"
        assert call(ports[1], path)[1]["status"] == "TIMED" or call(ports[1], path)[1]["status"] == "SCHEDULED"
        assert call(ports[1], path)[1]["resultStatus"] is None  # now cached in process 2
        body = {"score": {"halfTime": {"home": 0, "away": 1}, "regularTime": {"home": 0, "away": 2}}}
        status, _ = call(ports[0], path + "report/", body)
        assert status == 200
        seen = call(ports[1], path)[1]
        assert seen["status"] == "FINISHED" and seen["resultStatus"] == "PROVISIONAL"
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()


def test_a_hit_carries_the_headers_the_whole_stack_gave_the_answer(cached, seeded_edition, django_assert_num_queries):
    """A hit skips the other middleware, yet answers as they did: security, CSP, language, CORS."""
    client = Client()
    made = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ar")
    with django_assert_num_queries(0):
        hit = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ar")
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy", "Content-Language", "Content-Type"):
        assert hit[name] == made[name], name
    assert hit["Content-Language"] == "ar" and "Accept-Language" in hit["Vary"]
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"  # each language its answer
    assert "Access-Control-Allow-Origin" not in hit
    # A newsroom's page is let in whether the answer it gets was made for another page or a machine.
    answers = [client.get(LIST, **origin) for origin in ({}, {"HTTP_ORIGIN": "https://newsroom.example"}, {}, {"HTTP_ORIGIN": "https://other.example"})]
    assert [answer.get("Access-Control-Allow-Origin") for answer in answers] == [None, "*", None, "*"]


def test_a_v4_hit_names_the_client_that_asks(cached, seeded_edition):
    media = user_with_role("newsroom", "media")
    key = AuthToken.objects.create(user=media, expiry=None)[1]
    assert Client().get("/v4/competitions")["X-Authenticated-Client"] == "anonymous"
    hit = Client().get("/v4/competitions", HTTP_X_AUTH_TOKEN=key)
    assert hit["X-Authenticated-Client"] == "newsroom" and hit["X-API-Version"] == "v4"
    from cupfaf.audit import _via

    assert _via.get() == ""  # the token named for that request only, not for what runs after it


def test_a_revalidation_never_reads_the_answers_body(cached, seeded_edition, django_assert_num_queries):
    """A 304 is decided from the answer's description alone; a 200 whose body is gone is made again."""
    from django.core.cache import cache

    from cupfaf.api_cache import _key

    client = Client()
    first = client.get(LIST)
    request = first.wsgi_request
    cache.delete(f"{_key(request)}:body")
    with django_assert_num_queries(0):
        assert client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    again = client.get(LIST)
    assert again.status_code == 200 and again.content == first.content


def test_the_caches_own_answers_are_readable_from_a_newsrooms_page(cached, seeded_edition, settings):
    """A 304, a 401 or a 429 made by the cache carries CORS and security headers like any answer."""
    client = Client()
    first = client.get(LIST, HTTP_ORIGIN="https://newsroom.example")
    again = client.get(LIST, HTTP_ORIGIN="https://newsroom.example", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    refused = client.get(LIST, HTTP_ORIGIN="https://newsroom.example", HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert refused.status_code == 401 and refused["Access-Control-Allow-Origin"] == "*"
    assert refused["X-Content-Type-Options"] == "nosniff"
    settings.API_RATES = {"anon": "1/min", "user": "1/min", "media": "1/min"}
    within_one_clock_minute()
    client.get(LIST)
    throttled = client.get(LIST, HTTP_ORIGIN="https://newsroom.example")
    assert throttled.status_code == 429 and throttled["Access-Control-Allow-Origin"] == "*"


def test_the_caches_401_speaks_the_readers_language_whatever_came_before(cached, seeded_edition):
    client = Client()
    client.get(LIST, HTTP_ACCEPT_LANGUAGE="ar")
    refused = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert refused.status_code == 401 and refused.json()["detail"] == "Invalid token."


def test_a_host_not_allowed_is_refused_even_for_a_cached_answer(cached, seeded_edition):
    client = Client()
    assert client.get(LIST).status_code == 200
    assert client.get(LIST, HTTP_HOST="evil.example").status_code == 400
