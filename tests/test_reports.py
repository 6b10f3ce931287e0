"""Reporting a result over HTTP: `POST /api/v1/matches/{id}/report/` with a token (../shared/API.md, Writes)."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connection
from knox.models import AuthToken

from clubs.models import League
from cupfaf.models import AuditEntry
from matches.models import Goal, Match
from sanctions.models import Incident, Sanction
from tests.conftest import user_with_role
from tests.test_api_matches import get, match_schema  # noqa: F401 (fixture)

AWAY_WIN = {
    "score": {"halfTime": {"home": 0, "away": 1}, "regularTime": {"home": 1, "away": 2}},
    "goals": [
        {"minute": 15, "team": "AWAY", "scorer": "Bchou"},
        {"minute": 60, "team": "HOME", "scorer": "Rahmani"},
        {"minute": 90, "injuryTime": 3, "team": "AWAY", "scorer": "Zouari"},
    ],
}


def post(url, body, **headers):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.load(error)


def token_for(user):
    return AuthToken.objects.create(user=user, expiry=None)[1]


@pytest.fixture
def api(live_server, seeded_edition):
    return live_server.url + "/api/v1"


@pytest.fixture
def staff_token(django_user_model):
    return token_for(django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True))


@pytest.fixture
def official(django_user_model):
    """An official of the LIRF, which organises matches 1 to 16 of the 1/32."""
    lirf = League.objects.get(code="LIRF")
    Match.objects.filter(round__stage="LAST_64", number__lte=16).update(league=lirf)
    return user_with_role("lirf-official", "league_official", league=lirf)


def match(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


def report_url(api, number, stage="LAST_64"):
    return f"{api}/matches/{match(number, stage).pk}/report/"


@pytest.mark.django_db(transaction=True)
def test_staff_report_an_away_win_and_the_winner_takes_its_next_slot(api, staff_token, match_schema):  # noqa: F811
    status, headers, body = post(report_url(api, 1), AWAY_WIN, Authorization=f"Token {staff_token}")
    assert status == 200, body
    match_schema.validate(body)
    assert body["status"] == "FINISHED"
    assert body["score"]["winner"] == "AWAY_TEAM" and body["score"]["regularTime"] == {"home": 1, "away": 2}
    assert [(g["minute"], g["injuryTime"], g["scorer"]) for g in body["goals"]] == [
        (15, None, "Bchou"),
        (60, None, "Rahmani"),
        (90, 3, "Zouari"),
    ]
    reported = match(1)
    assert headers["ETag"] == f'"match-{reported.pk}-v{reported.version}"'
    assert reported.reported_by.username == "federation" and reported.reported_at is not None
    # Seed bracket line 14: "Vainqueur N 1 contre Vainqueur N 5": US Tebessa hosts the 1/16.
    assert match(14, "LAST_32").home_club.name == "US Tebessa"
    entry = AuditEntry.objects.get(action="match.reported")
    assert entry.actor_label == "federation" and entry.data["after"]["winner"] == reported.away_club_id


@pytest.mark.django_db(transaction=True)
def test_x_auth_token_is_accepted_too(api, staff_token):
    assert post(report_url(api, 2), AWAY_WIN, **{"X-Auth-Token": staff_token})[0] == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Token not-a-token"}, {"X-Auth-Token": "0" * 64}])
def test_a_report_needs_a_valid_token(api, headers):
    status, _, body = post(report_url(api, 1), AWAY_WIN, **headers)
    assert status == 401 and body["detail"]
    assert match(1).status == "SCHEDULED"


@pytest.mark.django_db(transaction=True)
def test_a_league_official_reports_the_matches_of_their_league_only(api, official):
    token = token_for(official)
    status, _, body = post(report_url(api, 20), AWAY_WIN, Authorization=f"Token {token}")
    assert status == 403 and "votre ligue" in body["detail"]
    assert match(20).status == "SCHEDULED" and not Goal.objects.exists()
    assert post(report_url(api, 3), AWAY_WIN, Authorization=f"Token {token}")[0] == 200


@pytest.mark.django_db(transaction=True)
def test_a_user_with_no_role_reports_nothing(api, django_user_model):
    token = token_for(django_user_model.objects.create_user("journalist"))
    assert post(report_url(api, 1), AWAY_WIN, Authorization=f"Token {token}")[0] == 403


@pytest.mark.django_db(transaction=True)
def test_art_18_1_an_illegal_result_is_refused_with_its_article_and_changes_nothing(api, staff_token):
    before = match(4)
    level_without_extra_time = {"score": {"regularTime": {"home": 1, "away": 1}, "penalties": {"home": 4, "away": 3}}}
    status, _, body = post(report_url(api, 4), level_without_extra_time, Authorization=f"Token {staff_token}")
    assert status == 400
    assert body["article"] == "18.1"
    assert "prolongation" in body["errors"]["score.extraTime"][0]
    after = match(4)
    assert (after.status, after.version, after.home_regular_time) == ("SCHEDULED", before.version, None)
    assert not AuditEntry.objects.filter(action="match.reported").exists()


@pytest.mark.django_db(transaction=True)
def test_art_18_goals_that_contradict_the_score_are_refused(api, staff_token):
    body = {**AWAY_WIN, "goals": AWAY_WIN["goals"][:2]}
    status, _, answer = post(report_url(api, 5), body, Authorization=f"Token {staff_token}")
    assert status == 400 and answer["article"] == "18.1" and "goals" in answer["errors"]
    assert not Goal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_malformed_report_names_the_field(api, staff_token):
    status, _, body = post(
        report_url(api, 5), {"score": {"regularTime": {"home": "two"}}}, **{"X-Auth-Token": staff_token}
    )
    assert status == 400 and body["errors"]["score.regularTime.home"] == ["Un nombre entier valide est requis."]


@pytest.mark.django_db(transaction=True)
def test_a_report_against_a_stale_reading_gets_409(api, staff_token):
    status, headers, _ = get(f"{api}/matches/{match(6).pk}/")
    etag = headers["ETag"]
    assert get_status_with(f"{api}/matches/{match(6).pk}/", {"If-None-Match": etag}) == 304
    assert post(report_url(api, 6), AWAY_WIN, Authorization=f"Token {staff_token}", **{"If-Match": etag})[0] == 200
    version = match(6).version
    status, _, body = post(report_url(api, 6), AWAY_WIN, Authorization=f"Token {staff_token}", **{"If-Match": etag})
    assert status == 409 and "changé" in body["detail"]
    assert match(6).version == version


def get_status_with(url, headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_a_correction_that_would_change_who_played_the_next_match_is_refused(api, staff_token):
    auth = {"Authorization": f"Token {staff_token}"}
    assert post(report_url(api, 1), AWAY_WIN, **auth)[0] == 200
    following = match(14, "LAST_32")
    following.status = Match.Status.FINISHED
    following.home_regular_time, following.away_regular_time = 2, 0
    following.winner = following.home_club
    following.away_club = match(5).home_club
    following.save()
    home_win = {"score": {"regularTime": {"home": 3, "away": 0}}}
    status, _, body = post(report_url(api, 1), home_win, **auth)
    assert status == 409 and "déjà été joué" in body["detail"]
    assert match(1).winner == match(1).away_club


@pytest.mark.django_db(transaction=True)
def test_an_incident_is_recorded_once_with_its_proposed_sanctions(api, staff_token):
    stopped = {
        "status": "SUSPENDED",
        "score": {"regularTime": {"home": 0, "away": 0}},
        "incidents": [{"type": "LACK_OF_BALLS", "team": "HOME", "minute": 70}],
    }
    for _ in range(2):
        assert post(report_url(api, 7), stopped, **{"X-Auth-Token": staff_token})[0] == 200
    assert Incident.objects.count() == 1
    assert Sanction.objects.filter(status="PROPOSED").count() == 5
    without_incident = {"status": "SUSPENDED", "score": {}}
    status, _, body = post(report_url(api, 8), without_incident, **{"X-Auth-Token": staff_token})
    assert status == 400 and "incidents" in body["errors"]


@pytest.mark.django_db(transaction=True)
def test_two_reports_of_one_match_sent_at_once_leave_exactly_one_result(api, staff_token):
    url = report_url(api, 9)
    etag = get(url.removesuffix("report/"))[1]["ETag"]
    home_win = {"score": {"regularTime": {"home": 2, "away": 0}}}
    barrier, statuses = threading.Barrier(2), []

    def send(body):
        barrier.wait(timeout=10)
        statuses.append(post(url, body, **{"X-Auth-Token": staff_token, "If-Match": etag})[0])

    threads = [threading.Thread(target=send, args=(body,)) for body in (AWAY_WIN, home_win)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    connection.close()
    assert sorted(statuses) == [200, 409]
    reported = match(9)
    assert reported.version == int(etag.strip('"').rsplit("-v", 1)[1]) + 1
    assert AuditEntry.objects.filter(action="match.reported").count() == 1
    winner_through = match(9).winner
    assert winner_through in (reported.home_club, reported.away_club)


@pytest.mark.django_db
def test_issue_token_prints_a_key_once_and_stores_only_its_hash(django_user_model, capsys):
    django_user_model.objects.create_user("federation", is_staff=True)
    call_command("issue_token", "federation")
    key = capsys.readouterr().out.strip()
    assert len(key) == 64
    stored = AuthToken.objects.get()
    assert key not in (stored.digest, stored.token_key) and stored.token_key == key[:15]
    assert stored.expiry is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, words", [("en", "impossible"), ("ar", "ركلات")])
def test_art_18_a_refusal_speaks_the_readers_language(api, staff_token, language, words):
    impossible = {
        "score": {
            "regularTime": {"home": 1, "away": 1},
            "extraTime": {"home": 0, "away": 0},
            "penalties": {"home": 5, "away": 2},
        }
    }
    status, _, body = post(
        report_url(api, 10), impossible, **{"X-Auth-Token": staff_token, "Accept-Language": language}
    )
    assert status == 400 and body["article"] == "18.1"
    assert words in body["errors"]["score.penalties"][0] and "5-2" in body["errors"]["score.penalties"][0]


@pytest.mark.django_db(transaction=True)
def test_a_result_is_provisional_until_someone_else_validates_it_over_the_api(api, staff_token, match_schema):  # noqa: F811
    status, _, body = post(report_url(api, 13), AWAY_WIN, Authorization=f"Token {staff_token}")
    assert status == 200 and body["resultStatus"] == "PROVISIONAL"
    validate_url = report_url(api, 13).replace("/report/", "/validate/")
    status, _, body = post(validate_url, {"version": 1}, Authorization=f"Token {staff_token}")
    assert status == 403 and "Vous avez saisi cette version" in body["detail"]
    officer = token_for(user_with_role("results", "results_officer"))
    status, _, body = post(validate_url, {"version": 2}, Authorization=f"Token {officer}")
    assert status == 409 and "Aucune version" not in body["detail"]
    status, headers, body = post(validate_url, {"version": 1}, Authorization=f"Token {officer}")
    assert status == 200 and body["resultStatus"] == "OFFICIAL", body
    match_schema.validate(body)
    _, _, public = get(f"{api}/matches/{match(13).pk}/")
    assert public["resultStatus"] == "OFFICIAL"
    _, _, untouched = get(f"{api}/matches/{match(12).pk}/")
    assert untouched["resultStatus"] is None


@pytest.mark.django_db(transaction=True)
def test_correcting_an_official_result_over_the_api_needs_a_reason(api, staff_token):
    post(report_url(api, 13), AWAY_WIN, Authorization=f"Token {staff_token}")
    officer = token_for(user_with_role("results", "results_officer"))
    post(report_url(api, 13).replace("/report/", "/validate/"), {"version": 1}, Authorization=f"Token {officer}")
    status, _, body = post(report_url(api, 13), AWAY_WIN, Authorization=f"Token {staff_token}")
    assert status == 400 and body["errors"] == {"reason": ["Requis pour corriger un résultat validé."]}
    status, _, body = post(report_url(api, 13), {**AWAY_WIN, "reason": "Buteur mal orthographié."}, Authorization=f"Token {staff_token}")
    assert status == 200 and body["resultStatus"] == "PROVISIONAL"


@pytest.mark.django_db(transaction=True)
def test_returning_a_report_over_the_api_needs_a_reason(api, staff_token):
    post(report_url(api, 13), AWAY_WIN, Authorization=f"Token {staff_token}")
    officer = token_for(user_with_role("results", "results_officer"))
    return_url = report_url(api, 13).replace("/report/", "/return/")
    status, _, body = post(return_url, {"version": 1}, Authorization=f"Token {officer}")
    assert status == 400 and "reason" in body["errors"]
    status, _, body = post(return_url, {"version": 1, "reason": "Mi-temps fausse."}, Authorization=f"Token {officer}")
    assert status == 200 and body["resultStatus"] == "PROVISIONAL"
    assert match(13).result_state == "RETURNED"
