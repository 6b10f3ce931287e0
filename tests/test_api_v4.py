"""The football-data.org v4 face (/v4/): a client library written for https://api.football-data.org/v4
(football-api, from PyPI) works against ours by changing its base URL only; their envelope, shapes,
filters, errors and headers, read through the same selectors as /api/v1/."""

import datetime

import pytest
from django.test import Client
from football_api import FootballClient, NotFoundError

from competitions.regulation.results import ReportedGoal, ReportedResult
from competitions.regulation.score import Pair, Score, Side
from matches.models import Match
from matches.services import Report, report_result
from matches.v4 import scorer_key
from tests.test_officials import away_win_report

pytestmark = pytest.mark.django_db

MATCH_KEYS = {
    "area", "competition", "season", "id", "utcDate", "status", "minute", "injuryTime", "attendance", "venue",
    "matchday", "stage", "group", "lastUpdated", "homeTeam", "awayTeam", "score", "goals", "penalties",
    "bookings", "substitutions", "odds", "referees",
}  # fmt: skip
OURS = {"number", "homeSlot", "awaySlot", "nextMatch", "awarded", "resultStatus"}


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


def match(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


def shootout_with_scorers():
    """1-1 after 90 minutes, no goal in extra time, 4-3 on penalties; the scorers named."""
    goals = (
        ReportedGoal(team=Side.AWAY, minute=15, injury_time=None, type="REGULAR", scorer="Ammar Oukil"),
        ReportedGoal(team=Side.HOME, minute=90, injury_time=3, type="PENALTY", scorer="Karim  Aribi"),
    )
    return Report(ReportedResult(Score(Pair(0, 1), Pair(1, 1), Pair(0, 0), Pair(4, 3)), goals))


def test_a_football_data_client_works_by_changing_its_base_url(live_server, seeded_edition, admin_user):
    """football-api 0.1.0, unchanged: it parses our answers into its models, sends an unknown key as
    X-Auth-Token (read as anonymous), follows no redirect, and raises its NotFoundError on our 404."""
    thirteen = match(13)
    report_result(thirteen, shootout_with_scorers(), actor=admin_user)
    with FootballClient(api_key="not-one-of-ours", base_url=f"{live_server.url}/v4") as client:
        day = client.get_matches(date_from="2024-02-03", date_to="2024-02-03")
        assert day.result_set.count == len(day.matches) == 32 and day.result_set.played == 1
        assert all(m.competition.type == "CUP" and m.area.code == "DZA" for m in day.matches)

        one = client.get_match(thirteen.pk)
        assert (one.home_team.id, one.away_team.id) == (thirteen.home_club_id, thirteen.away_club_id)
        assert (one.score.winner, one.score.duration) == ("HOME_TEAM", "PENALTY_SHOOTOUT")
        assert (one.score.full_time.home, one.score.full_time.away) == (5, 4)  # their meaning: every period added
        assert (one.score.half_time.home, one.score.half_time.away) == (0, 1)
        assert [(g.minute, g.injury_time, g.team.id, g.scorer.name, g.score.home, g.score.away) for g in one.goals] == [
            (15, None, thirteen.away_club_id, "Ammar Oukil", 0, 1),
            (90, 3, thirteen.home_club_id, "Karim  Aribi", 1, 1),
        ]
        assert one.stage == "LAST_64" and one.matchday == 1 and one.season.current_matchday == 1  # the 1/32 is being played

        home = client.get_team_matches(thirteen.home_club_id, venue="HOME", limit=1)
        assert [m.id for m in home.matches] == [thirteen.pk] and home.result_set.wins == 1
        away = client.get_team_matches(thirteen.home_club_id, venue="AWAY")
        assert all(m.away_team.id == thirteen.home_club_id for m in away.matches)
        winner = client.get_team_matches(thirteen.home_club_id)
        assert [m.stage for m in winner.matches] == ["LAST_64", "LAST_32"]  # through to its 1/16 slot

        code = seeded_edition.slug
        assert client.get_competitions().competitions[0].code == code
        assert client.get_competition(code).current_season.start_date == datetime.date(2024, 2, 3)
        eighth = client.get_competition_matches(code, matchday=2)
        assert eighth.result_set.count == 16 and {m.stage for m in eighth.matches} == {"LAST_32"}
        assert client.get_team(thirteen.home_club_id).running_competitions[0].id == seeded_edition.pk
        assert client.get_head2head(thirteen.pk).aggregates["homeTeam"]["wins"] == 1
        with pytest.raises(NotFoundError):
            client.get_match(999_999)


def test_a_list_has_their_envelope_and_a_match_their_fields_and_ours(api, seeded_edition, admin_user):
    report_result(match(1), away_win_report(), actor=admin_user)
    body = api.get(f"/v4/competitions/{seeded_edition.pk}/matches?stage=last_64&status=FINISHED").json()
    assert list(body) == ["filters", "resultSet", "competition", "matches"]
    assert body["filters"] == {"stage": "LAST_64", "status": ["FINISHED"], "permission": "TIER_ONE"}
    assert body["resultSet"] == {"count": 1, "first": "2024-02-03", "last": "2024-02-03", "played": 1}
    (found,) = body["matches"]
    assert set(found) == MATCH_KEYS | OURS
    assert isinstance(found["venue"], str | None) and found["season"]["startDate"] == "2024-02-03"
    assert set(found["homeTeam"]) == {"id", "name", "shortName", "tla", "crest", "division"}
    assert found["score"]["winner"] == "AWAY_TEAM" and found["resultStatus"] == "PROVISIONAL"
    first = match(1)
    assert found["nextMatch"] == {"id": first.next_match_id, "slot": first.next_slot}
    waiting = api.get(f"/v4/matches/{first.next_match_id}").json()
    assert waiting[f"{first.next_slot.lower()}Slot"] == {"winnerOf": 1}


def test_paths_answer_with_or_without_a_final_slash_and_never_redirect(api, seeded_edition):
    for path in ("/v4/matches/{pk}", "/v4/matches/{pk}/", "/v4/matches/{pk}/head2head", "/v4/teams/{club}/matches/"):
        response = api.get(path.format(pk=match(1).pk, club=match(1).home_club_id))
        assert response.status_code == 200 and response["X-API-Version"] == "v4", path


def test_matches_of_today_by_default_and_of_ten_days_at_most(api, seeded_edition):
    today = datetime.datetime.now(datetime.UTC).date()
    body = api.get("/v4/matches").json()
    assert body["filters"]["dateFrom"] == body["filters"]["dateTo"] == today.isoformat()
    assert body["resultSet"]["count"] == 0
    refused = api.get("/v4/matches?dateFrom=2024-02-01&dateTo=2024-02-12")
    assert refused.status_code == 400
    assert refused.json()["errorCode"] == 400 and "dateTo" in refused.json()["message"]
    assert api.get("/v4/matches?dateFrom=2024-02-01&dateTo=2024-02-11").json()["resultSet"]["count"] == 32
    alone = api.get("/v4/matches?dateFrom=2024-02-01")
    assert alone.status_code == 400 and "dateFrom" in alone.json()["message"]
    by_ids = api.get(f"/v4/matches?ids={match(1).pk},{match(2).pk}").json()
    assert [m["number"] for m in by_ids["matches"]] == [1, 2] and by_ids["filters"]["ids"] == f"{match(1).pk},{match(2).pk}"


def test_status_filters_read_live_and_scheduled_as_football_data_does(api, seeded_edition):
    Match.objects.filter(pk=match(1).pk).update(status="PAUSED")
    Match.objects.filter(pk=match(2).pk).update(status="TIMED")
    day = "dateFrom=2024-02-03&dateTo=2024-02-03"
    live = api.get(f"/v4/matches?status=LIVE&{day}").json()
    assert [m["number"] for m in live["matches"]] == [1]
    assert {"IN_PLAY", "PAUSED"} <= set(live["filters"]["status"])
    scheduled = api.get(f"/v4/matches?status=scheduled&{day}").json()["matches"]
    assert len(scheduled) == 31 and 2 in {m["number"] for m in scheduled}


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=PLAYING", "status"),
        ("stage=LAST_5", "stage"),
        ("ids=1,x", "ids"),
        ("date=2024-02-30", "date"),
        ("limit=0", "limit"),
        ("dateFrom=2024-02-05&dateTo=2024-02-01", "dateTo"),
        ("season=2023", "season"),  # /matches takes no season: a mistyped filter must not return everything
        ("status=", "status"),
    ],
)
def test_a_wrong_filter_is_a_400_in_their_error_shape_naming_it(api, seeded_edition, query, field):
    response = api.get(f"/v4/matches?{query}")
    body = response.json()
    assert response.status_code == 400 and body["errorCode"] == 400
    assert field in body["errors"] and field in body["message"]


def test_errors_are_their_shape_and_an_unknown_key_reads_as_anonymous(api, seeded_edition):
    for path, named in (
        ("/v4/matches/999999", "999999"),
        ("/v4/teams/999999", "999999"),
        ("/v4/competitions/nope", "nope"),
        ("/v4/areas", "README"),
        ("/v4/matches/x", "README"),
        ("/v4", "README"),  # the face's root: no redirect to /v4/ (their clients follow none)
    ):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["errorCode"] == 404, path
        assert named in response.json()["message"], path
    refused = api.post("/v4/matches", {})
    assert refused.status_code == 405 and refused.json()["errorCode"] == 405
    stranger = api.get("/v4/competitions", HTTP_X_AUTH_TOKEN="0123456789abcdef", HTTP_AUTHORIZATION="Token zz")
    assert stranger.status_code == 200 and stranger["X-Authenticated-Client"] == "anonymous"
    assert api.get("/api/v1/editions/", HTTP_X_AUTH_TOKEN="0123456789abcdef").status_code == 401  # ours stays strict


def test_rate_headers_429_and_cors_as_on_our_face(api, seeded_edition, settings, one_clock_minute):
    settings.API_RATES = {"anon": "2/min", "user": "2/min", "media": "2/min"}
    first = api.get("/v4/competitions", HTTP_ORIGIN="https://newsroom.example")
    assert first["X-Requests-Available-Minute"] == "1" and first["Access-Control-Allow-Origin"] == "*"
    api.get("/v4/competitions")
    refused = api.get("/v4/competitions")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["errorCode"] == 429 and refused.json()["message"]


def test_the_cached_face_keeps_its_headers_and_answers_304(api, seeded_edition, settings):
    settings.API_RESPONSE_CACHE = True
    first = api.get("/v4/competitions")
    again = api.get("/v4/competitions", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    hit = api.get("/v4/competitions")
    assert hit.content == first.content and hit["X-API-Version"] == "v4"


def test_a_lists_queries_do_not_grow_with_its_length(api, seeded_edition, django_assert_num_queries):
    with django_assert_num_queries(8) as few:  # the edition; rows, editions, goals, feeders, divisions; editions, matchdays
        api.get(f"/v4/competitions/{seeded_edition.pk}/matches?limit=1")
    with django_assert_num_queries(len(few.captured_queries)):
        api.get(f"/v4/competitions/{seeded_edition.pk}/matches")


def test_a_scorers_id_is_stable_for_the_same_name_in_the_same_club(seeded_edition):
    club = match(1).home_club
    assert scorer_key(club, "Karim  Aribi") == scorer_key(club, "karim aribi") != scorer_key(club, "Karim Aribi2")
    assert scorer_key(club, "Karim Aribi") != scorer_key(match(1).away_club, "Karim Aribi")


def test_an_unpublished_round_never_shows(api, seeded_edition):
    eighth = api.get(f"/v4/competitions/{seeded_edition.pk}/matches?stage=LAST_16").json()
    assert eighth["resultSet"]["count"] == 0
    assert api.get(f"/v4/matches/{match(1).pk}").json()["stage"] == "LAST_64"


def test_an_unknown_competition_is_a_400_not_an_empty_list(api, seeded_edition):
    """A mistyped code must not read as "no matches"."""
    response = api.get("/v4/matches?competitions=PL,1&date=2024-02-03")
    assert response.status_code == 400 and "PL" in response.json()["errors"]["competitions"][0]
    team = match(1).home_club_id
    assert api.get(f"/v4/teams/{team}/matches?competitions=999").status_code == 400
    code = seeded_edition.slug.upper()
    found = api.get(f"/v4/matches?competitions={code}&date=2024-02-03").json()
    assert found["resultSet"]["count"] == 32 and found["filters"]["competitions"] == code  # as written


def test_competitions_take_their_areas_filter(api, seeded_edition):
    assert api.get("/v4/competitions?areas=12").json()["count"] == 1
    elsewhere = api.get("/v4/competitions?areas=2072").json()
    assert elsewhere["count"] == 0 and elsewhere["filters"] == {"areas": "2072"}
    assert api.get("/v4/competitions?areas=x").json()["errorCode"] == 400
    assert "aucun" in api.get(f"/v4/competitions/{seeded_edition.pk}?foo=1").json()["message"]


def test_head_to_head_counts_every_match_it_lists(api, seeded_edition):
    body = api.get(f"/v4/matches/{match(1).pk}/head2head").json()
    assert body["aggregates"]["numberOfMatches"] == body["resultSet"]["count"] == 1
    assert body["aggregates"]["homeTeam"]["wins"] == 0  # not played yet


@pytest.mark.parametrize(
    "path, status",
    [
        ("/v4/matches?competitions=" + "9" * 30 + "&date=2024-02-03", 400),
        (f"/v4/competitions/{'9' * 30}", 404),
        (f"/v4/competitions/{'9' * 30}/matches", 404),
        (f"/v4/teams/{'9' * 19}", 404),
    ],
)
def test_an_id_no_database_holds_is_a_clear_error_never_a_500(api, seeded_edition, path, status):
    response = api.get(path)
    assert response.status_code == status and response.json()["errorCode"] == status
