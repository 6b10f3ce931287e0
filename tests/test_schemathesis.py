"""The served OpenAPI schema describes exactly what the API does: schemathesis generates requests for
every operation and runs every check on each answer; reads anonymous, writes with a superuser's token.

Bounded (`MAX_EXAMPLES` per operation, a fixed seed) so that CI stays fast and runs the same cases
each time. Schemathesis' own command line is used: its pytest plugin does not load under pytest 9.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from knox.models import AuthToken

MAX_EXAMPLES = 25
CLI = Path(sys.executable).parent / "schemathesis"


def run(url, *options):
    command = [
        str(CLI),
        "--config-file",
        str(Path(__file__).parent / "schemathesis.toml"),
        "run",
        f"{url}/api/v1/schema/?format=json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1",
        "--workers",
        "1",
        "--continue-on-failure",
        "--no-color",
        "--generation-database",
        "none",
        *options,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    print(done.stdout[-600:])  # the case count, shown with `pytest -s`
    return done.returncode, done.stdout[-6000:] + done.stderr[-2000:]


@pytest.mark.django_db(transaction=True)
def test_anonymous_reads_do_what_the_schema_says(live_server, seeded_edition):
    code, output = run(live_server.url, "--include-method", "GET")
    assert code == 0, output


@pytest.mark.django_db(transaction=True)
def test_writes_with_a_token_do_what_the_schema_says(live_server, seeded_edition, django_user_model):
    boss = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    key = AuthToken.objects.create(user=boss, expiry=None)[1]
    code, output = run(live_server.url, "--include-method", "POST", "-H", f"Authorization: Token {key}")
    assert code == 0, output
