"""The match resource of ../shared/API.md, over HTTP, checked against the OpenAPI schema the API serves."""

import datetime
import json
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from matches.draw_import import import_published_draw
from competitions.models import Draw
from competitions.services import set_up_edition
from matches.models import Goal, Match

MATCH_KEYS = {
    "id",
    "edition",
    "stage",
    "number",
    "utcDate",
    "status",
    "resultStatus",
    "venue",
    "homeTeam",
    "awayTeam",
    "homeSlot",
    "awaySlot",
    "score",
    "awarded",
    "goals",
    "nextMatch",
    "lastUpdated",
}
SCORE_KEYS = {"winner", "duration", "halfTime", "regularTime", "extraTime", "penalties", "fullTime", "afterPlay"}


def get(url):
    """GET over HTTP; return (status, headers, decoded JSON body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.load(error)


@pytest.fixture
def api(live_server, seed_text, reference):
    """The live server with the demo edition recorded (committed, so the server thread sees it)."""
    edition = set_up_edition(2023, "SENIORS_MEN", "2023", round_dates={"LAST_64": datetime.date(2024, 2, 3)})
    import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    return live_server.url + "/api/v1"


@pytest.fixture
def match_schema(api):
    status, _, document = get(api + "/schema/?format=json")
    assert status == 200
    assert document["openapi"].startswith("3.1")
    registry = Registry().with_resource("urn:cupfaf-api", Resource.from_contents(document, DRAFT202012))
    return Draft202012Validator({"$ref": "urn:cupfaf-api#/components/schemas/Match"}, registry=registry)


def matches(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


def test_schema_describes_the_match_endpoints(api):
    _, _, document = get(api + "/schema/?format=json")
    assert {"/api/v1/matches/", "/api/v1/matches/{id}/"} <= set(document["paths"])
    match = document["components"]["schemas"]["Match"]
    assert set(match["properties"]) == MATCH_KEYS


@pytest.mark.django_db(transaction=True)
def test_the_32_pairings_of_2023_24(api, match_schema):
    status, _, page = get(api + "/matches/?stage=LAST_64")
    assert status == 200
    assert set(page) >= {"next", "previous", "results"}
    results = page["results"]
    assert len(results) == 32
    for item in results:
        match_schema.validate(item)
        assert set(item) == MATCH_KEYS and set(item["score"]) == SCORE_KEYS
    first = results[0]
    assert first["stage"] == "LAST_64" and first["number"] == 1
    assert first["homeTeam"]["name"] == "JS Azazga" and first["homeTeam"]["division"] == "L2"
    assert first["awayTeam"]["name"] == "US Tebessa" and first["awayTeam"]["division"] == "REG"
    assert first["utcDate"] == "2024-02-03T00:00:00Z"
    assert first["status"] == "SCHEDULED"
    assert first["edition"] == {
        "id": first["edition"]["id"],
        "name": "Coupe d'Algérie Seniors garçons 2023-24",
        "season": 2023,
        "category": "SENIORS_MEN",
    }
    # Bracket line 14 of the seed: "Vainqueur N 1 contre Vainqueur N 5".
    assert first["nextMatch"] == {"id": matches(14, "LAST_32").pk, "slot": "HOME"}
    assert first["score"]["winner"] is None and first["score"]["regularTime"] == {"home": None, "away": None}
    assert [item["number"] for item in results] == list(range(1, 33))


@pytest.mark.django_db(transaction=True)
def test_a_round_of_32_match_waits_for_the_winners_the_seed_names(api, match_schema):
    status, _, item = get(api + f"/matches/{matches(1, 'LAST_32').pk}/")
    assert status == 200
    match_schema.validate(item)
    assert item["homeTeam"] is None and item["awayTeam"] is None
    assert item["homeSlot"] == {"winnerOf": 13} and item["awaySlot"] == {"winnerOf": 28}


@pytest.mark.django_db(transaction=True)
def test_score_by_period_after_extra_time_and_penalties(api, match_schema):
    match = matches(31)  # NC Magra – CS Constantine
    match.home_half_time, match.away_half_time = 0, 1
    match.home_regular_time, match.away_regular_time = 1, 1
    match.home_extra_time, match.away_extra_time = 1, 1
    match.home_penalties, match.away_penalties = 4, 3
    match.status, match.winner = "FINISHED", match.home_club
    match.save()
    Goal.objects.create(match=match, team="AWAY", minute=15, scorer="Mohamed Benchaira")
    Goal.objects.create(match=match, team="HOME", minute=90, injury_time=3, scorer="X", type="PENALTY")
    _, _, item = get(api + f"/matches/{match.pk}/")
    match_schema.validate(item)
    assert item["status"] == "FINISHED"
    assert item["score"] == {
        "winner": "HOME_TEAM",
        "duration": "PENALTY_SHOOTOUT",
        "halfTime": {"home": 0, "away": 1},
        "regularTime": {"home": 1, "away": 1},
        "extraTime": {"home": 1, "away": 1},
        "penalties": {"home": 4, "away": 3},
        "fullTime": {"home": 6, "away": 5},
        "afterPlay": {"home": 2, "away": 2},
    }
    assert item["goals"] == [
        {"minute": 15, "injuryTime": None, "team": "AWAY", "scorer": "Mohamed Benchaira", "type": "REGULAR"},
        {"minute": 90, "injuryTime": 3, "team": "HOME", "scorer": "X", "type": "PENALTY"},
    ]


@pytest.mark.django_db(transaction=True)
def test_an_awarded_match_goes_against_the_score(api, match_schema):
    match = matches(3)
    match.home_regular_time, match.away_regular_time = 2, 0
    match.status, match.winner = "AWARDED", match.away_club
    match.awarded_reason, match.awarded_article = "Match arrêté pour manque de ballons", "19.2"
    match.save()
    _, _, item = get(api + f"/matches/{match.pk}/")
    match_schema.validate(item)
    assert item["status"] == "AWARDED"
    assert item["score"]["winner"] == "AWAY_TEAM"
    assert item["awarded"]["article"] == "19.2"
    assert item["awarded"]["originalScore"]["regularTime"] == {"home": 2, "away": 0}
    assert item["awarded"]["originalScore"]["winner"] == "HOME_TEAM"  # whom the pitch had sent through
    assert item["awarded"]["reason"] == "Match arrêté pour manque de ballons"


@pytest.mark.django_db(transaction=True)
def test_filters_by_edition_stage_and_status(api):
    edition_id = Match.objects.first().round.edition_id
    match = matches(7)
    match.status = "POSTPONED"
    match.save()
    _, _, page = get(api + f"/matches/?edition={edition_id}&status=POSTPONED,CANCELLED")
    assert [item["number"] for item in page["results"]] == [7]
    _, _, page = get(api + "/matches/?status=postponed")
    assert [item["number"] for item in page["results"]] == [7]
    _, _, page = get(api + "/matches/?stage=LAST_32")
    assert len(page["results"]) == 16
    _, _, page = get(api + f"/matches/?edition={edition_id + 1}")
    assert page["results"] == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("edition=abc", "edition"),
        ("edition=1.5", "edition"),
        ("edition=99999999999999999999", "edition"),
        ("season=abc", "season"),
        ("stage=NOPE", "stage"),
        ("status=FOO", "status"),
        ("status=FINISHED,BAR", "status"),
        ("venue=HOME", "venue"),
        ("club=1&venue=SIDE", "venue"),
        ("dateFrom=03-02-2024", "dateFrom"),
        ("stauts=FINISHED", "stauts"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=201", "limit"),
        ("cursor=garbage", "cursor"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(api, query, parameter):
    status, _, body = get(api + "/matches/?" + query)
    assert status == 400, body
    assert list(body["errors"]) == [parameter] and body["errors"][parameter][0]
    assert body["detail"]


@pytest.mark.django_db(transaction=True)
def test_filters_by_club_and_venue(api):
    kabylie = matches(3).home_club_id  # JS Kabylie hosts CR Belouizdad
    belouizdad = matches(3).away_club_id
    _, _, page = get(api + f"/matches/?club={kabylie}")
    assert [item["number"] for item in page["results"]] == [3]
    _, _, page = get(api + f"/matches/?club={kabylie}&venue=HOME")
    assert [item["number"] for item in page["results"]] == [3]
    _, _, page = get(api + f"/matches/?club={kabylie}&venue=AWAY")
    assert page["results"] == []
    _, _, page = get(api + f"/matches/?club={belouizdad}&venue=AWAY&stage=last_64")
    assert [item["number"] for item in page["results"]] == [3]


@pytest.mark.django_db(transaction=True)
def test_filters_by_day_in_utc(api):
    match = matches(5)
    match.kickoff = datetime.datetime(2024, 2, 4, 23, 30, tzinfo=datetime.UTC)  # postponed to the next day
    match.save()
    _, _, page = get(api + "/matches/?dateFrom=2024-02-04&dateTo=2024-02-04")
    assert [item["number"] for item in page["results"]] == [5]
    assert page["results"][0]["utcDate"] == "2024-02-04T23:30:00Z"
    _, _, page = get(api + "/matches/?dateFrom=2024-02-03&dateTo=2024-02-03")
    assert len(page["results"]) == 31
    _, _, page = get(api + "/matches/?dateFrom=2024-02-05")
    assert page["results"] == []  # the 1/16 has no date yet in this edition


@pytest.mark.django_db(transaction=True)
def test_filters_by_last_update(api):
    Match.objects.update(last_updated=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    changed = matches(9)
    changed.status = "POSTPONED"
    changed.save()  # a real change moves lastUpdated to now
    _, _, page = get(api + f"/matches/?lastUpdatedFrom={datetime.datetime.now(datetime.UTC).date().isoformat()}")
    assert [item["number"] for item in page["results"]] == [9]
    _, _, page = get(api + "/matches/?lastUpdatedFrom=2024-01-01")
    assert len(page["results"]) == 48


@pytest.mark.django_db(transaction=True)
def test_following_next_never_skips_or_repeats(api):
    url, seen = api + "/matches/?limit=7", []
    while url:
        _, _, page = get(url)
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == 48 and len(set(seen)) == 48 and seen == sorted(seen)


@pytest.mark.django_db(transaction=True)
def test_matches_of_an_unpublished_draw_are_hidden(api):
    Draw.objects.filter(round__stage="LAST_32").update(status="PERFORMED")
    _, _, page = get(api + "/matches/?stage=LAST_32")
    assert page["results"] == []
    status, _, body = get(api + f"/matches/{matches(1, 'LAST_32').pk}/")
    assert status == 404 and body == {"detail": "Non trouvé.", "errors": {}}


@pytest.mark.django_db(transaction=True)
def test_the_api_writes_nothing(api):
    request = urllib.request.Request(
        api + f"/matches/{matches(1).pk}/", data=b"{}", method="PUT", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405


def test_the_list_costs_the_same_queries_whatever_its_length(seeded_edition, client):
    for number in (1, 2):
        match = matches(number)
        Goal.objects.create(match=match, team="HOME", minute=10, scorer="A")
    counts = []
    for limit in (2, 48):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/matches/?limit={limit}")
        assert response.status_code == 200 and len(response.json()["results"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1] == 5  # the rows, then their editions, goals, feeders, the clubs' divisions
