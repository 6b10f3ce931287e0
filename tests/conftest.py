import datetime
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from matches.draw_import import import_published_draw
from competitions.reference import load_reference_data
from competitions.services import set_up_edition

SEED_DRAW = Path(__file__).resolve().parent.parent / "fixtures" / "seeds" / "draw-2023-24-last64.txt"


@pytest.fixture(scope="session", autouse=True)
def audit_trail_emptied_between_tests():
    """Transactional tests empty every table after each test (Django's flush). On SQLite that is a
    DELETE, which the audit trail's trigger refuses (PostgreSQL truncates, which it lets through):
    the triggers are lifted for the flush alone and set again in the same statement list."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    DatabaseOperations = type(connection.ops)
    triggers = importlib.import_module("cupfaf.migrations.0002_audit_append_only")
    flush = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = flush(self, style, tables, **kwargs)
        if triggers.TABLE not in tables:
            return statements
        return [*triggers.SQLITE_REVERSE, *statements, *triggers.SQLITE]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = flush


@pytest.fixture(autouse=True)
def rates_out_of_the_way(settings):
    """Tests make many requests from one address: the throttle's own tests set the rates they try."""
    from django.core.cache import cache

    cache.clear()
    settings.API_RATES = {"anon": "100000/min", "user": "100000/min", "media": "100000/min"}
    # Tests change rows behind the services' back (.update()): the answers' cache has tests of its own.
    settings.API_RESPONSE_CACHE = False
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in the default language, whatever a request of an earlier test activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def within_one_clock_minute(seconds=15):
    """Wait, when fewer than `seconds` are left in this minute of the clock, for the next one: the
    throttle counts per minute, so a test of its limit must not straddle two."""
    import time

    left = 60 - time.time() % 60
    if left < seconds:
        time.sleep(left + 0.05)


@pytest.fixture
def one_clock_minute():
    within_one_clock_minute()


def user_with_role(username, role=None, **fields):
    """A user holding one role of `cupfaf.roles` (its group, created by the migrations); staff roles are staff."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cupfaf.roles import STAFF_ROLES, group_name

    fields.setdefault("is_staff", role in STAFF_ROLES)
    user = get_user_model().objects.create_user(username, **fields)
    if role is not None:
        user.groups.add(Group.objects.get(name=group_name(role)))
    return user


@pytest.fixture
def seed_text():
    return SEED_DRAW.read_text(encoding="utf-8")


@pytest.fixture
def reference(db):
    load_reference_data()


@pytest.fixture
def edition(reference):
    """Coupe d'Algérie Seniors garçons 2023-24, rounds set up, nothing drawn."""
    return set_up_edition(
        2023,
        "SENIORS_MEN",
        "2023",
        round_dates={"LAST_64": datetime.date(2024, 2, 3), "LAST_32": datetime.date(2024, 2, 20)},
    )


@pytest.fixture
def seeded_edition(edition, seed_text):
    """The demo edition: the seed's 1/32 draw and 1/16 bracket recorded."""
    import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    return edition
