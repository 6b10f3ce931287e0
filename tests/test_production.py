"""Production serving as README.md's "Running in production" says: static files collected and served
by WhiteNoise, the application by gunicorn under the production settings, behind a proxy."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.test_throttling import database_url, free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_the_api_and_whitenoise_the_static_files(seeded_edition, tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cupfaf.settings.production",
        "SECRET_KEY": "a-production-secret-for-this-test-only-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "NUM_PROXIES": "1",
    }
    environment["STATIC_ROOT"] = str(tmp_path / "static")
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cupfaf.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--forwarded-allow-ips", "127.0.0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        def get(path):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
            )
            for _ in range(100):
                try:
                    return urllib.request.urlopen(request, timeout=20)
                except ConnectionError:
                    time.sleep(0.2)
                except urllib.error.URLError as error:
                    if isinstance(error.reason, ConnectionRefusedError):
                        time.sleep(0.2)
                        continue
                    raise
            raise AssertionError("gunicorn did not start")

        with get("/api/v1/editions/") as response:
            assert response.status == 200 and b"2023-24" in response.read()
            assert response.headers["Strict-Transport-Security"]
        with get("/static/cupfaf/site.css") as response:
            assert response.status == 200 and b"font-family" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
