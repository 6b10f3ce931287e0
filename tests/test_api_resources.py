"""The resources of ../shared/API.md beyond matches: an edition's matches, clubs, a club's matches and
its iCalendar feed (RFC 5545, parsed back), draws paginated like every list."""

import datetime

import icalendar
import pytest
from django.test import Client

from clubs.models import Club, Season, Stadium
from matches.models import Match
from matches.services import report_result, schedule_match
from tests.test_officials import away_win_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


def match(number, stage="LAST_64"):
    return Match.objects.select_related("home_club", "away_club").get(round__stage=stage, number=number)


def test_an_editions_matches_are_paginated_and_filtered(api, seeded_edition):
    body = api.get(f"/api/v1/editions/{seeded_edition.pk}/matches/").json()
    assert set(body) == {"next", "previous", "results"} and len(body["results"]) == 48
    assert len(api.get(f"/api/v1/editions/{seeded_edition.pk}/matches/?stage=last_64").json()["results"]) == 32
    page = api.get(f"/api/v1/editions/{seeded_edition.pk}/matches/?limit=20").json()
    assert len(page["results"]) == 20 and page["next"]
    assert api.get(f"/api/v1/editions/{seeded_edition.pk}/matches/?edition=1").status_code == 400
    missing = api.get("/api/v1/editions/999999/matches/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"


def test_clubs_with_their_division_in_a_season(api, seeded_edition):
    body = api.get("/api/v1/clubs/?limit=200").json()
    clubs = {club["name"]: club for club in body["results"]}
    assert len(clubs) == 64 and body["next"] is None
    assert clubs["MB Rouissat"]["division"] == "REG" and clubs["MB Rouissat"]["season"] == 2023
    assert clubs["JS Kabylie"]["division"] == "L1"
    Season.objects.create(start_year=2030)
    later = {club["name"]: club for club in api.get("/api/v1/clubs/?season=2030&limit=200").json()["results"]}
    assert later["JS Kabylie"]["division"] is None and later["JS Kabylie"]["season"] == 2030
    assert {club["name"]: club for club in api.get("/api/v1/clubs/?limit=200").json()["results"]}["JS Kabylie"]["season"] == 2030
    for hostile in ("abc", "٢٠٢٣", "99999", ""):
        assert api.get(f"/api/v1/clubs/?season={hostile}").status_code == 400


def test_a_club_and_its_seasons(api, seeded_edition):
    kabylie = Club.objects.get(name="JS Kabylie")
    body = api.get(f"/api/v1/clubs/{kabylie.pk}/").json()
    assert body["name"] == "JS Kabylie" and body["seasons"] == [{"season": 2023, "division": "L1"}]
    assert api.get("/api/v1/clubs/999999/").status_code == 404


def test_the_club_list_costs_the_same_queries_whatever_its_length(api, seeded_edition, django_assert_num_queries):
    with django_assert_num_queries(4) as few:
        api.get("/api/v1/clubs/?limit=10")
    with django_assert_num_queries(len(few.captured_queries)):
        api.get("/api/v1/clubs/?limit=200")


def test_a_clubs_matches_home_and_away_by_status_and_date(api, seeded_edition, admin_user):
    first = match(1)
    host = first.home_club
    url = f"/api/v1/clubs/{host.pk}/matches/"
    assert [m["id"] for m in api.get(url).json()["results"]] == [first.pk]
    assert [m["id"] for m in api.get(url + "?venue=HOME").json()["results"]] == [first.pk]
    assert api.get(url + "?venue=away").json()["results"] == []
    assert api.get(url + "?status=FINISHED").json()["results"] == []
    assert len(api.get(url + "?dateFrom=2024-02-03&dateTo=2024-02-03").json()["results"]) == 1
    assert api.get(url + "?dateFrom=2024-02-04").json()["results"] == []
    report_result(first, away_win_report(), actor=admin_user)  # the visitor goes through to the 1/16
    visitor = Club.objects.get(pk=first.away_club_id)
    results = api.get(f"/api/v1/clubs/{visitor.pk}/matches/").json()["results"]
    assert [m["stage"] for m in results] == ["LAST_64", "LAST_32"]
    assert [m["id"] for m in api.get(url + "?status=FINISHED").json()["results"]] == [first.pk]
    assert api.get(url + "?club=1").status_code == 400
    assert api.get("/api/v1/clubs/999999/matches/").status_code == 404


def test_draws_are_paginated_like_every_list(api, seeded_edition):
    body = api.get("/api/v1/draws/").json()
    assert set(body) == {"next", "previous", "results"} and len(body["results"]) == 2
    assert len(api.get("/api/v1/draws/?limit=1").json()["results"]) == 1


def calendar_of(api, club, query=""):
    response = api.get(f"/api/v1/clubs/{club.pk}/calendar.ics{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_a_clubs_calendar_follows_rfc_5545(api, seeded_edition, admin_user):
    first = match(1)
    host = first.home_club
    parsed = calendar_of(api, host)
    assert str(parsed["version"]) == "2.0" and str(parsed["prodid"])
    uid = f"match-{first.pk}@cupfaf"
    event = events(parsed)[uid]
    # Only the round's date is known: an all-day event.
    assert event.decoded("dtstart") == datetime.date(2024, 2, 3) and event["dtstart"].params.get("VALUE") == "DATE"
    assert int(event["sequence"]) == 0 and str(event["status"]) == "CONFIRMED"
    assert str(event["summary"]) == f"32e de finale n° 1: {host} – {first.away_club}"

    stadium = Stadium.objects.create(name="Stade du 1er Novembre", city="Tizi Ouzou", capacity=20_000)
    kickoff = datetime.datetime(2024, 2, 3, 15, 0, tzinfo=datetime.UTC)
    schedule_match(first, kickoff=kickoff, venue=None, league=None, actor=admin_user)
    event = events(calendar_of(api, host))[uid]
    assert event.decoded("dtstart") == kickoff and int(event["sequence"]) == 1
    assert event["dtstart"].to_ical().endswith(b"Z")  # in UTC
    schedule_match(first, kickoff=kickoff, venue=stadium, league=None, actor=admin_user)
    event = events(calendar_of(api, host))[uid]
    assert int(event["sequence"]) == 2 and str(event["location"]) == "Stade du 1er Novembre, Tizi Ouzou"

    report_result(match(1), away_win_report(), actor=admin_user)
    event = events(calendar_of(api, host))[uid]
    assert str(event["summary"]).endswith("(0-2)") and int(event["sequence"]) == 2  # a result is no reschedule

    Match.objects.filter(pk=first.pk).update(status="CANCELLED", winner=None)
    assert str(events(calendar_of(api, host))[uid]["status"]) == "CANCELLED"


def test_a_calendar_speaks_the_requested_language(api, seeded_edition):
    host = match(1).home_club
    event = events(calendar_of(api, host, "?lang=ar"))[f"match-{match(1).pk}@cupfaf"]
    assert "32" in str(event["summary"]) and "n°" not in str(event["summary"])
    english = events(calendar_of(api, host, "?lang=en"))[f"match-{match(1).pk}@cupfaf"]
    assert str(english["summary"]).startswith("Round of 64 no. 1")


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/clubs/999999/calendar.ics", 404),
        ("/api/v1/clubs/{club}/calendar.ics?lang=de", 400),
        ("/api/v1/clubs/{club}/calendar.ics?lang=", 400),
        ("/api/v1/clubs/{club}/calendar.ics?season=2023", 400),
        ("/api/v1/clubs/abc/calendar.ics", 404),
    ],
)
def test_a_calendar_refuses_in_json(api, seeded_edition, url, status):
    response = api.get(url.format(club=match(1).home_club_id))
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_newsrooms_page_may_read_the_api_from_any_origin_but_never_write(api, seeded_edition):
    read = api.get("/api/v1/matches/", HTTP_ORIGIN="https://www.elwatan-dz.com")
    assert read["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        "/api/v1/matches/",
        HTTP_ORIGIN="https://www.elwatan-dz.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*" and "GET" in preflight["Access-Control-Allow-Methods"]
    write = api.options(
        f"/api/v1/matches/{match(1).pk}/report/",
        HTTP_ORIGIN="https://www.elwatan-dz.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in write.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Origin" not in api.get("/officials/", HTTP_ORIGIN="https://evil.example")
