"""Throttling: rates per minute as settings, counted in the shared cache, 429 with Retry-After, and
football-data.org's rate headers on every answer; two server processes on one Redis count together."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from knox.models import AuthToken

from tests.conftest import user_with_role, within_one_clock_minute

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def token_client(user):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {AuthToken.objects.create(user=user, expiry=None)[1]}"
    return client


@pytest.fixture
def low_rates(settings):
    settings.API_RATES = {"anon": "3/min", "user": "4/min", "media": "6/min"}
    within_one_clock_minute()


def test_anonymous_reads_are_counted_and_the_fourth_is_refused(low_rates, seeded_edition):
    client = Client()
    left = []
    for _ in range(3):
        response = client.get("/api/v1/matches/")
        assert response.status_code == 200
        left.append(response["X-Requests-Available-Minute"])
        assert 0 < int(response["X-RequestCounter-Reset"]) <= 61
    assert left == ["2", "1", "0"]
    refused = client.get("/api/v1/editions/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 61
    assert refused["X-Requests-Available-Minute"] == "0" and refused.json()["detail"]


def test_a_token_counts_apart_and_media_tokens_go_further(low_rates, seeded_edition):
    Client().get("/api/v1/matches/")  # the address's anonymous count does not touch a token's
    staff = token_client(user_with_role("auditor", "auditor"))
    assert [staff.get("/api/v1/editions/").status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    media = token_client(user_with_role("newsroom", "media"))
    statuses = [media.get("/api/v1/editions/").status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_two_server_processes_count_one_clients_requests_together_in_redis(seeded_edition):
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "API_RATE_ANON": "4/min",
    }
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
    try:
        for port in ports:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
        within_one_clock_minute()
        statuses = []
        for index in range(6):
            url = f"http://127.0.0.1:{ports[index % 2]}/api/v1/editions/"
            try:
                with urllib.request.urlopen(url, timeout=20) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses == [200, 200, 200, 200, 429, 429]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()


def test_a_clients_count_is_one_number_in_the_cache_whatever_its_rate(seeded_edition, one_clock_minute):
    """What a request reads and writes in the cache does not grow with the rate (a fixed window's counter)."""
    import time

    from django.core.cache import cache

    client = Client()
    for _ in range(5):
        client.get("/api/v1/editions/")
    window = int(time.time() // 60)
    assert cache.get(f"throttle:anon:127.0.0.1:{window}") == 5
