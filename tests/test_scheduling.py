"""Scheduling a round (issue 12, item 3): kick-off, stadium, organising league and neutral venue of a
whole round on one page, the stadium's capacity and art. 11.4's visitors' allocation shown, and a
match postponed with its reason (POSTPONED in the API, a growing SEQUENCE in calendars)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from clubs.models import League, Stadium
from cupfaf.errors import Conflict, Refused
from cupfaf.models import AuditEntry
from matches.models import Match
from matches.services import MatchSchedule, postpone_match, schedule_match, schedule_round

from .conftest import user_with_role
from .test_api_resources import calendar_of, events

pytestmark = pytest.mark.django_db

KICKOFF = datetime.datetime(2024, 2, 3, 15, 0, tzinfo=datetime.UTC)


def match(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)


@pytest.fixture
def stadium(reference):
    return Stadium.objects.create(name="Stade du 1er-Novembre-1954", city="Tizi Ouzou", capacity=20_000)


def test_a_postponed_match_says_why_shows_postponed_and_its_calendar_event_changes(seeded_edition, boss, stadium):
    first = match(1)
    schedule_match(first, kickoff=KICKOFF, venue=stadium, league=None, actor=boss)
    sequence = match(1).schedule_sequence
    with pytest.raises(Refused) as refusal:
        postpone_match(first, reason="   ", actor=boss)
    assert "postponement_reason" in refusal.value.errors and match(1).status == "TIMED"
    postpone_match(first, reason="Terrain impraticable après les pluies", actor=boss)
    postponed = match(1)
    assert (postponed.status, postponed.postponement_reason) == ("POSTPONED", "Terrain impraticable après les pluies")
    assert postponed.schedule_sequence == sequence + 1
    assert AuditEntry.objects.get(action="match.postponed", object_id=str(first.pk)).data == {
        "status": ["TIMED", "POSTPONED"],
        "postponement_reason": [None, "Terrain impraticable après les pluies"],
    }

    api = Client()
    assert api.get(f"/api/v1/matches/{first.pk}/").json()["status"] == "POSTPONED"
    event = events(calendar_of(api, first.home_club))[f"match-{first.pk}@cupfaf"]
    assert str(event["status"]) == "TENTATIVE" and int(event["sequence"]) == sequence + 1
    assert "Terrain impraticable" in str(event["description"])

    # Postponed again for another reason: still postponed, the new reason kept, calendars not told twice.
    postpone_match(first, reason="Terrain impraticable, puis grève des transports", actor=boss)
    assert (match(1).postponement_reason, match(1).schedule_sequence) == (
        "Terrain impraticable, puis grève des transports",
        sequence + 1,
    )
    trail = AuditEntry.objects.filter(action="match.postponed", object_id=str(first.pk)).order_by("id")
    assert list(trail.last().data) == ["postponement_reason"]

    later = KICKOFF + datetime.timedelta(days=4)
    schedule_match(first, kickoff=later, venue=stadium, league=None, actor=boss)
    rescheduled = match(1)
    assert (rescheduled.status, rescheduled.postponement_reason, rescheduled.kickoff) == ("TIMED", "", later)
    assert rescheduled.schedule_sequence == sequence + 2


def test_a_match_already_played_is_not_postponed(seeded_edition, boss):
    Match.objects.filter(pk=match(2).pk).update(status="CANCELLED")
    with pytest.raises(Conflict):
        postpone_match(match(2), reason="trop tard", actor=boss)
    assert match(2).status == "CANCELLED"


def test_a_neutral_venue_names_its_stadium(seeded_edition, boss, stadium):
    with pytest.raises(Refused) as refusal:
        schedule_match(match(3), kickoff=KICKOFF, venue=None, league=None, neutral_venue=True, actor=boss)
    assert "venue" in refusal.value.errors and not match(3).neutral_venue
    schedule_match(match(3), kickoff=KICKOFF, venue=stadium, league=None, neutral_venue=True, actor=boss)
    assert match(3).neutral_venue
    schedule_match(match(3), kickoff=KICKOFF, venue=stadium, league=None, actor=boss)  # None keeps it
    assert match(3).neutral_venue
    assert "Terrain neutre" in str(events(calendar_of(Client(), match(3).home_club))[f"match-{match(3).pk}@cupfaf"]["description"])


def test_a_round_is_scheduled_all_or_nothing(seeded_edition, boss, stadium):
    lfp = League.objects.get(code="LFP")
    good = MatchSchedule(match(1), KICKOFF, stadium, lfp, expected_version=match(1).version)
    bad = MatchSchedule(match(2), KICKOFF, None, lfp, neutral_venue=True, expected_version=match(2).version)
    with pytest.raises(Refused) as refusal:
        schedule_round([good, bad], actor=boss)
    assert list(refusal.value.errors) == ["2"] and "n° 2" in str(refusal.value.detail)
    assert match(1).kickoff is None and match(1).venue is None  # the good line was rolled back

    stale = MatchSchedule(match(1), KICKOFF, stadium, lfp, expected_version=match(1).version - 1)
    with pytest.raises(Conflict):
        schedule_round([stale], actor=boss)
    assert match(1).kickoff is None

    postponed = MatchSchedule(match(2), None, None, lfp, postponement_reason="Grève des transports", expected_version=match(2).version)
    changed = schedule_round([good, postponed], actor=boss)
    assert {m.pk for m in changed} == {match(1).pk, match(2).pk}
    assert (match(1).kickoff, match(1).venue, match(1).status) == (KICKOFF, stadium, "TIMED")
    assert (match(2).status, match(2).league) == ("POSTPONED", lfp)


def _schedule_page(client, round_pk, **query):
    return client.get(reverse("admin:matches_match_schedule"), {"round": round_pk, **query})


def test_staff_schedule_a_whole_round_on_one_page(seeded_edition, stadium, django_assert_max_num_queries):
    manager = Client(raise_request_exception=False)
    manager.force_login(user_with_role("manager", "competitions_manager"))
    last_64 = match(1).round
    host = match(1).home_club
    host.stadium = stadium
    host.save()
    plain = _schedule_page(manager, last_64.pk)
    assert plain.context["rows"][0]["form"].initial["venue"] is None  # nothing chosen for staff unasked
    with django_assert_max_num_queries(16):
        page = _schedule_page(manager, last_64.pk, suggest="1")
    assert page.status_code == 200
    text = page.content.decode()
    assert len(page.context["rows"]) == 32
    # The host's usual stadium is offered, with its capacity and art. 11.4's share for visiting supporters.
    assert "20\u202f000 places, au moins 2\u202f000 pour les visiteurs (art. 11.4)" in text.replace("\xa0", "\u202f")
    last_32 = _schedule_page(manager, match(1, "LAST_32").round.pk)
    assert "Vainqueur du n° 13" in last_32.content.decode()

    data = {}
    for row in page.context["rows"]:
        prefix, form = f"match-{row['match'].pk}", row["form"]
        data[f"{prefix}-version"] = form.initial["version"]
        data[f"{prefix}-kickoff"] = "2024-02-03T14:00"
        data[f"{prefix}-venue"] = form.initial["venue"] or ""
        data[f"{prefix}-league"] = League.objects.get(code="LFP").pk
    data[f"match-{match(2).pk}-postponement_reason"] = "Intempéries"
    answer = manager.post(f"{reverse('admin:matches_match_schedule')}?round={last_64.pk}&suggest=1", data)
    assert answer.status_code == 302
    assert Match.objects.filter(round=last_64, status="TIMED").count() == 31
    assert (match(1).venue, match(2).status, match(2).postponement_reason) == (stadium, "POSTPONED", "Intempéries")
    assert match(5).kickoff.hour == 13  # 14:00 in Algiers is 13:00 UTC


def test_a_stale_schedule_page_is_refused_and_changes_nothing(seeded_edition, boss):
    manager = Client(raise_request_exception=False)
    manager.force_login(user_with_role("manager", "competitions_manager"))
    last_64 = match(1).round
    data = {}
    for row in _schedule_page(manager, last_64.pk).context["rows"]:
        data[f"match-{row['match'].pk}-version"] = row["form"].initial["version"]
        data[f"match-{row['match'].pk}-kickoff"] = "2024-02-03T14:00"
    meanwhile = match(7)
    meanwhile.attendance = 100  # someone else changed match 7 meanwhile
    meanwhile.save()
    answer = manager.post(f"{reverse('admin:matches_match_schedule')}?round={last_64.pk}", data)
    assert answer.status_code == 200
    assert "rechargez la page" in answer.content.decode()
    assert not Match.objects.filter(round=last_64, kickoff__isnull=False).exists()


@pytest.mark.parametrize("role", ["draw_officer", "results_officer", "finance", "auditor"])
def test_only_whom_may_schedule_opens_the_schedule_page(seeded_edition, role):
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role("someone", role))
    assert _schedule_page(client, match(1).round.pk).status_code == 403
    assert "Programmer un tour" not in client.get(reverse("admin:matches_match_changelist")).content.decode()


def test_a_bad_round_in_the_address_is_an_error_on_the_page(seeded_edition, boss):
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    for bad in ("999999", "x", "1e3"):
        page = client.get(reverse("admin:matches_match_schedule"), {"round": bad})
        assert page.status_code == 200 and page.context.get("rows") is None


def test_bad_schedule_input_is_an_error_on_the_page_never_a_server_error(seeded_edition, boss, stadium):
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    last_64 = match(1).round
    url = f"{reverse('admin:matches_match_schedule')}?round={last_64.pk}"
    first = match(1)
    assert client.post(url, {}).status_code == 200  # nothing posted: each line says what is missing
    year_one = {
        f"match-{m.pk}-version": m.version for m in Match.objects.filter(round=last_64)
    } | {f"match-{first.pk}-kickoff": "0001-01-01T00:10"}
    page = client.post(url, year_one)
    assert page.status_code == 200 and match(1).kickoff is None
    schedule_match(first, kickoff=KICKOFF, venue=stadium, league=None, neutral_venue=True, actor=boss)
    # Clearing a neutral venue's stadium from the match's own page: a message, nothing saved.
    change = reverse("admin:matches_match_change", args=[first.pk])
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', client.get(change).content.decode()))
    answer = client.post(change, hidden | {"kickoff_0": "2024-02-03", "kickoff_1": "14:00", "venue": "", "neutral_venue": "on", "league": ""}, follow=True)
    assert answer.status_code == 200 and "terrain neutre" in answer.content.decode()
    assert match(1).venue == stadium


def test_a_refused_round_shows_the_matches_as_they_are(seeded_edition, boss, stadium):
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    last_64 = match(1).round
    data = {f"match-{m.pk}-version": m.version for m in Match.objects.filter(round=last_64)}
    data[f"match-{match(1).pk}-postponement_reason"] = "Intempéries"
    data[f"match-{match(2).pk}-neutral_venue"] = "on"  # without a stadium: refused
    page = client.post(f"{reverse('admin:matches_match_schedule')}?round={last_64.pk}", data)
    assert page.status_code == 200
    assert "Reporté: Intempéries" not in page.content.decode() and match(1).status == "SCHEDULED"
    assert [row["match"].status for row in page.context["rows"]][:2] == ["SCHEDULED", "SCHEDULED"]


def test_a_postponed_match_takes_no_result_until_it_is_rescheduled(seeded_edition, boss):
    from matches.services import report_result

    from .test_officials import away_win_report

    postpone_match(match(4), reason="Terrain impraticable", actor=boss)
    with pytest.raises(Conflict, match="reporté"):
        report_result(match(4), away_win_report(), actor=boss)
    assert (match(4).status, match(4).result_state) == ("POSTPONED", "")
    schedule_match(match(4), kickoff=KICKOFF + datetime.timedelta(days=7), venue=None, league=None, actor=boss)
    report_result(match(4), away_win_report(), actor=boss)
    assert match(4).status == "FINISHED"


def test_the_desk_says_a_match_is_postponed_and_offers_no_report(seeded_edition, boss):
    lfp = League.objects.get(code="LFP")
    Match.objects.filter(pk=match(4).pk).update(league=lfp)
    postpone_match(match(4), reason="Terrain impraticable", actor=boss)
    official = Client()
    official.force_login(user_with_role("rep", "league_official", league=lfp))
    page = official.get(reverse("officials:match", args=[match(4).pk])).content.decode()
    assert "Reporté: Terrain impraticable" in page and reverse("officials:report", args=[match(4).pk]) not in page


def test_saving_a_postponement_alone_changes_that_match_alone(seeded_edition, stadium):
    manager = Client(raise_request_exception=False)
    manager.force_login(user_with_role("manager", "competitions_manager"))
    host = match(1).home_club
    host.stadium = stadium
    host.save()
    last_64 = match(1).round
    data = {}
    for row in _schedule_page(manager, last_64.pk).context["rows"]:
        form, prefix = row["form"], f"match-{row['match'].pk}"
        data |= {f"{prefix}-version": form.initial["version"], f"{prefix}-venue": form.initial["venue"] or ""}
    data[f"match-{match(5).pk}-postponement_reason"] = "Intempéries"
    answer = manager.post(f"{reverse('admin:matches_match_schedule')}?round={last_64.pk}", data, follow=True)
    assert "1 match mis à jour" in answer.content.decode()
    assert match(1).venue is None and match(5).status == "POSTPONED"
