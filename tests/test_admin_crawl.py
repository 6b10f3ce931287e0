"""Every admin page, opened as a superuser and as each staff role, answers without a server error.

The crawl walks what the admin registers: the index with its dashboard, each model's list (searched,
and for the superuser sorted by each column), its add page, the change and history pages of an
object, and the pages each admin adds of its own (a round's schedule, the draw's steps, the club
import, the fines export…), on a world where every page has something to show: the demo edition
with results reported and validated, sanctions decided, a fine paid, stadiums and a draw verified.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, reverse

from clubs.models import League, Stadium, User
from cupfaf.roles import STAFF_ROLES
from matches.models import Match
from matches.services import postpone_match, schedule_match
from sanctions import services as sanction_services

from .conftest import user_with_role
from .drawing import decide_round
from .test_sanctions import stop_for_lack_of_balls

pytestmark = pytest.mark.django_db

ACTORS = ["superuser", *STAFF_ROLES]
# Pages a crawl must not submit or that need a query the crawl cannot guess are still opened with GET.
STANDARD = {"changelist", "add", "change", "delete", "history", "autocomplete"}


@pytest.fixture
def world(seeded_edition, django_user_model):
    boss = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    stadium = Stadium.objects.create(name="Stade du 1er-Novembre-1954", city="Tizi Ouzou", capacity=20_000)
    first = Match.objects.get(round__stage="LAST_64", number=1)
    schedule_match(first, kickoff=datetime.datetime(2024, 2, 3, 14, tzinfo=datetime.UTC), venue=stadium, league=League.objects.get(code="LFP"), actor=boss)
    postpone_match(Match.objects.get(round__stage="LAST_32", number=2), reason="Intempéries", actor=boss)
    proposed = stop_for_lack_of_balls(13, boss)
    for key in (("WA Mostaganem", "FINE"), ("NA Hussein-Dey", "FINE"), ("NA Hussein-Dey", "POINTS_DEDUCTION")):
        sanction_services.confirm_sanction(proposed[key], actor=boss)
    sanction_services.record_fine_payment(proposed["WA Mostaganem", "FINE"], actor=boss, paid_on=datetime.date.today(), reference="R-1")
    decide_round(seeded_edition, "LAST_64", boss)
    return {"boss": boss, "edition": seeded_edition}


def actor(role):
    if role == "superuser":
        return user_with_role("crawler", None, is_superuser=True, is_staff=True)
    return user_with_role("crawler", role)


def pages(model_admin, sort):
    """The addresses of one registered admin's pages, with something to show in each."""
    opts = model_admin.model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    found = [reverse(f"{name}_changelist")]
    if model_admin.search_fields:
        found.append(reverse(f"{name}_changelist") + "?q=a")
    if sort:
        found += [reverse(f"{name}_changelist") + f"?o={column}" for column in range(1, len(model_admin.list_display) + 1)]
    found.append(reverse(f"{name}_add"))
    first = model_admin.model._default_manager.order_by("pk").first()
    if first is not None:
        found += [reverse(f"{name}_change", args=[first.pk]), reverse(f"{name}_history", args=[first.pk])]
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern) or not pattern.name or pattern.name.rsplit("_", 1)[-1] in STANDARD:
            continue
        arguments = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        if not arguments:
            found.append(reverse(f"admin:{pattern.name}"))
        elif len(arguments) == 1 and first is not None:
            found.append(reverse(f"admin:{pattern.name}", args=[first.pk]))
    return found


def test_every_admin_page_answers_without_a_server_error_for_every_staff_role(world):
    edition = world["edition"]
    extra = [
        reverse("admin:index"),
        reverse("admin:index") + f"?edition={edition.pk}",
        reverse("admin:matches_match_schedule") + f"?round={Match.objects.get(round__stage='LAST_32', number=1).round_id}",
        reverse("admin:clubs_club_export") + f"?season={edition.season_id}&format=xlsx",
        reverse("admin:sanctions_fine_export") + "?fine_state__exact=PAID",
        reverse("admin:matches_match_changelist") + "?waiting=overdue",
        reverse("admin:matches_match_changelist") + "?stage=LAST_32",
    ]
    visited, errors = 0, []
    for role in ACTORS:
        client = Client(raise_request_exception=False)
        client.force_login(actor(role))
        addresses = list(extra)
        for model_admin in admin.site._registry.values():
            addresses += pages(model_admin, sort=role == "superuser")
        for address in addresses:
            answer = client.get(address)
            visited += 1
            refused_to_superuser = role == "superuser" and answer.status_code == 403 and "/add/" not in address
            if answer.status_code >= 500 or refused_to_superuser:
                errors.append((role, address, answer.status_code))
        client.logout()
        User.objects.filter(username="crawler").delete()  # the next role's user takes the name
    assert errors == [], errors
    # Seven actors, each over every registered admin: the count is printed for the closing note.
    print(f"admin crawl: {visited} pages, {len(ACTORS)} actors, no server error")
    assert visited > 500
