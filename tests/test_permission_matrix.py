"""Who may do what: one table, role × action × face (the admin, the officials' desk, the API, the service itself), every
cell proved, allowed and refused, on both databases.

The rule lives in the services (`cupfaf.roles.authorize`); the admin and the API only call them, so
each face must answer the same. A refused cell changes nothing.
"""

import json
from datetime import date
from dataclasses import dataclass

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from clubs.admin import ROSTER_SALT
from clubs.models import Club, League, Region
from clubs.roster import import_roster
from matches import draws
from competitions.models import CupFinal, Draw, Entry, RegionalQuota, Regulation
from competitions.services import enter_clubs, set_regional_quota
from cupfaf.errors import Refused
from cupfaf.roles import ROLES
from matches.models import Match, ResultReport
from matches.services import postpone_match, report_result, return_report, schedule_match, validate_report
from sanctions import services as sanction_services
from sanctions.models import Sanction

from .conftest import user_with_role
from .drawing import decide, regional_edition
from .test_sanctions import STOPPED_FOR_LACK_OF_BALLS, decision_page

pytestmark = pytest.mark.django_db

SUPERUSER, NO_ROLE = "superuser", "staff_without_role"
ACTORS = [*ROLES, SUPERUSER, NO_ROLE]


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)


def make_actor(role):
    if role == SUPERUSER:
        return user_with_role("actor", None, is_superuser=True, is_staff=True)
    if role == NO_ROLE:
        return user_with_role("actor", None, is_staff=True)
    return user_with_role("actor", role, league=League.objects.get(code="LIRF"))


# --- the actions: how to set one up, and whether it happened -------------------------------------


def small_first_phase(boss):
    """Four clubs of one region, one qualifier: ROUND_1 plays two matches."""
    return regional_edition(boss, layout=(("Centre", 4, 1),), l1_clubs=0)


def prepared(boss):
    return draws.prepare_draw(small_first_phase(boss), "ROUND_1", actor=boss)


def performed(boss):
    return draws.perform_draw(prepared(boss), actor=boss)


def reported_incident(boss, seeded_edition):
    report_result(Match.objects.get(round__stage="LAST_64", number=13), STOPPED_FOR_LACK_OF_BALLS, actor=boss)
    return {(s.club.name, s.kind): s for s in Sanction.objects.all()}


@dataclass
class Action:
    allowed: tuple  # roles that may, besides the superuser
    faces: tuple  # "service", "admin", "api"


ACTIONS = {
    "prepare_draw": Action(("draw_officer",), ("service", "admin", "api")),
    "perform_draw": Action(("draw_officer",), ("service", "admin", "api")),
    "publish_draw": Action(("draw_officer",), ("service", "admin", "api")),
    "cancel_draw": Action(("draw_officer",), ("service", "admin")),
    "record_ceremony_draw": Action(("draw_officer",), ("service", "api")),
    "report_result": Action(("results_officer", "league_official"), ("service", "desk", "admin", "api")),
    "validate_result": Action(("results_officer", "league_validator"), ("service", "desk", "admin", "api")),
    "return_result": Action(("results_officer", "league_validator"), ("service", "desk", "admin", "api")),
    "schedule_match": Action(("competitions_manager",), ("service", "admin")),
    "postpone_match": Action(("competitions_manager",), ("service", "admin")),
    "import_clubs": Action(("competitions_manager",), ("service", "admin")),
    # The roll of honour is reference data that staff correct in the admin (audited), no service of its own.
    "correct_history": Action(("competitions_manager",), ("admin",)),
    "enter_clubs": Action(("competitions_manager",), ("service", "admin")),
    "set_regional_quota": Action(("competitions_manager",), ("service",)),
    "copy_regulation": Action(("competitions_manager",), ("service", "admin")),
    "confirm_sanction": Action(("disciplinary_commission",), ("service", "admin")),
    "cancel_sanction": Action(("disciplinary_commission",), ("service", "admin")),
    "record_fine_payment": Action(("finance",), ("service", "admin")),
}

CELLS = [
    (action, face, role)
    for action, spec in ACTIONS.items()
    for face in spec.faces
    for role in ACTORS
]


# The admin is federation staff's: league officials and media are not staff, and never get in.
NOT_STAFF = ("league_official", "league_validator", "media")


def expected_allowed(action, role, face):
    if face == "admin" and role in NOT_STAFF:
        return False
    return role == SUPERUSER or role in ACTIONS[action].allowed


def api(user):
    key = AuthToken.objects.create(user=user, expiry=None)[1]
    client = Client(raise_request_exception=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


def admin(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def attempt(action, face, actor, boss, request):
    """Try `action` through `face` as `actor`; return a function telling whether it happened."""
    if action in ("prepare_draw",):
        edition = small_first_phase(boss)
        if face == "service":
            _service(lambda: draws.prepare_draw(edition, "ROUND_1", actor=actor))
        elif face == "admin":
            admin(actor).post(
                reverse("admin:competitions_draw_prepare"), {"edition": edition.pk, "stage": "ROUND_1"}
            )
        else:
            post_json(api(actor), f"/api/v1/editions/{edition.pk}/draws/", {"stage": "ROUND_1"})
        return lambda: Draw.objects.filter(round__edition=edition).exists()

    if action == "perform_draw":
        draw = prepared(boss)
        if face == "service":
            _service(lambda: draws.perform_draw(draw, actor=actor))
        elif face == "admin":
            admin(actor).post(reverse("admin:competitions_draw_perform", args=[draw.pk]), {"seed": ""})
        else:
            post_json(api(actor), f"/api/v1/draws/{draw.pk}/perform/", {})
        return lambda: Draw.objects.get(pk=draw.pk).status == "PERFORMED"

    if action == "publish_draw":
        draw = performed(boss)
        if face == "service":
            _service(lambda: draws.publish_draw(draw, actor=actor))
        elif face == "admin":
            admin(actor).post(
                reverse("admin:competitions_draw_changelist"), {"action": "publish", "_selected_action": [draw.pk]}
            )
        else:
            post_json(api(actor), f"/api/v1/draws/{draw.pk}/publish/", {})
        return lambda: Draw.objects.get(pk=draw.pk).status == "PUBLISHED"

    if action == "cancel_draw":
        draw = prepared(boss)
        if face == "service":
            _service(lambda: draws.cancel_draw(draw, actor=actor, reason="clubs qualifiés changés"))
        else:
            admin(actor).post(
                reverse("admin:competitions_draw_changelist"),
                {"action": "cancel", "apply": "1", "_selected_action": [draw.pk], "reason": "clubs changés"},
            )
        return lambda: not Draw.objects.filter(pk=draw.pk).exists()

    if action == "record_ceremony_draw":
        edition = small_first_phase(boss)
        clubs = list(Club.objects.order_by("name"))
        if face == "service":
            _service(
                lambda: draws.record_ceremony_draw(
                    edition, "ROUND_1", pairings=[(clubs[0], clubs[1]), (clubs[2], clubs[3])], actor=actor
                )
            )
        else:
            post_json(
                api(actor),
                f"/api/v1/editions/{edition.pk}/draws/",
                {
                    "stage": "ROUND_1",
                    "method": "CEREMONY",
                    "pairings": [
                        {"home": clubs[0].pk, "away": clubs[1].pk},
                        {"home": clubs[2].pk, "away": clubs[3].pk},
                    ],
                },
            )
        return lambda: Draw.objects.filter(round__edition=edition).exists()

    seeded_edition = request.getfixturevalue("seeded_edition")
    match = Match.objects.get(round__stage="LAST_64", number=1)

    if action == "report_result":
        Match.objects.filter(pk=match.pk).update(league=League.objects.get(code="LIRF"))
        if face == "service":
            from .drawing import decide as report

            _service(lambda: report(Match.objects.get(pk=match.pk), actor))
        elif face == "api":
            post_json(
                api(actor),
                f"/api/v1/matches/{match.pk}/report/",
                {"score": {"halfTime": {"home": 0, "away": 0}, "regularTime": {"home": 1, "away": 0}}},
            )
        else:
            url = f"/officials/matches/{match.pk}/report/" if face == "desk" else f"/admin/matches/match/{match.pk}/result/"
            form = {
                "version": Match.objects.get(pk=match.pk).version,
                "status": "FINISHED",
                "half_time_home": 0,
                "half_time_away": 0,
                "regular_time_home": 1,
                "regular_time_away": 0,
                "goals-TOTAL_FORMS": 0,
                "goals-INITIAL_FORMS": 0,
                "incidents-TOTAL_FORMS": 0,
                "incidents-INITIAL_FORMS": 0,
                "confirm": "1",
            }
            admin(actor).post(url, form)
        return lambda: Match.objects.get(pk=match.pk).status == "FINISHED"

    if action in ("validate_result", "return_result"):
        from .drawing import decide as report

        Match.objects.filter(pk=match.pk).update(league=League.objects.get(code="LIRF"))
        report(Match.objects.get(pk=match.pk), boss)
        version = ResultReport.objects.get(match=match)
        reason = {"reason": "Mi-temps à vérifier."} if action == "return_result" else {}
        verb = "validate" if action == "validate_result" else "return"
        if face == "service":
            call = validate_report if action == "validate_result" else return_report
            _service(lambda: call(match, number=1, actor=actor, **reason))
        elif face == "desk":
            admin(actor).post(f"/officials/matches/{match.pk}/{verb}/", {"number": 1, **reason})
        elif face == "admin":
            admin(actor).post(f"/admin/matches/resultreport/{version.pk}/{verb}/", reason)
        else:
            post_json(api(actor), f"/api/v1/matches/{match.pk}/{verb}/", {"version": 1, **reason})
        decided = "VALIDATED" if action == "validate_result" else "RETURNED"
        return lambda: ResultReport.objects.get(pk=version.pk).state == decided

    if action == "schedule_match":
        lfp = League.objects.get(code="LFP")
        if face == "service":
            _service(lambda: schedule_match(match, kickoff=None, venue=None, league=lfp, actor=actor))
        else:
            admin(actor).post(
                reverse("admin:matches_match_change", args=[match.pk]),
                {
                    "kickoff_0": "",
                    "kickoff_1": "",
                    "venue": "",
                    "league": lfp.pk,
                    "goals-TOTAL_FORMS": "0",
                    "goals-INITIAL_FORMS": "0",
                    "incidents-TOTAL_FORMS": "0",
                    "incidents-INITIAL_FORMS": "0",
                    "reports-TOTAL_FORMS": "0",
                    "reports-INITIAL_FORMS": "0",
                },
            )
        return lambda: Match.objects.get(pk=match.pk).league_id == lfp.pk

    if action == "postpone_match":
        if face == "service":
            _service(lambda: postpone_match(match, reason="Intempéries", actor=actor))
        else:
            admin(actor).post(
                reverse("admin:matches_match_schedule") + f"?round={match.round_id}",
                {
                    f"match-{m.pk}-{field}": value
                    for m in Match.objects.filter(round=match.round_id)
                    for field, value in (("version", m.version), ("postponement_reason", "Intempéries" if m == match else ""))
                },
            )
        return lambda: Match.objects.get(pk=match.pk).status == "POSTPONED"

    if action == "import_clubs":
        rows = [{"club": "Club Importé", "division": "REG"}]
        if face == "service":
            _service(lambda: import_roster(rows, seeded_edition.season, actor=actor))
        else:
            preview = signing.dumps({"season": seeded_edition.season_id, "rows": rows}, salt=ROSTER_SALT, compress=True)
            admin(actor).post(reverse("admin:clubs_club_import"), {"preview": preview})
        return lambda: Club.objects.filter(name="Club Importé").exists()

    if action == "correct_history":
        final = CupFinal.objects.create(
            season=2023, winner="CR Belouizdad", runner_up="MC Alger", winner_goals=1, runner_up_goals=0, sources="s"
        )
        admin(actor).post(
            reverse("admin:competitions_cupfinal_change", args=[final.pk]),
            {"season": 2023, "held": "on", "winner": "CR Belouizdad", "runner_up": "MC Alger", "winner_goals": 2,
             "runner_up_goals": 0, "sources": "s", "note": "", "venue": "", "played_on": "2024-07-05"},
        )  # fmt: skip
        return lambda: CupFinal.objects.get(pk=final.pk).winner_goals == 2

    if action == "enter_clubs":
        club = Club.objects.create(name="Nouveau Club")
        if face == "service":
            _service(lambda: enter_clubs(seeded_edition, [club], actor=actor))
        else:
            admin(actor).post(reverse("admin:competitions_entry_add"), {"edition": seeded_edition.pk, "club": club.pk})
        return lambda: Entry.objects.filter(club=club).exists()

    if action == "set_regional_quota":
        region = Region.objects.create(code="CEN", name="Centre")
        _service(lambda: set_regional_quota(seeded_edition, region, 2, actor=actor))
        return lambda: RegionalQuota.objects.filter(region=region).exists()

    if action == "copy_regulation":
        source = Regulation.objects.get(code="2023")
        if face == "service":
            from competitions.services import copy_regulation

            _service(lambda: copy_regulation(source, code="2024", title="2024", actor=actor))
        else:
            admin(actor).post(
                reverse("admin:competitions_regulation_changelist"),
                {"action": "start_next_edition", "_selected_action": [source.pk]},
            )
        return lambda: Regulation.objects.filter(code="2024").exists()

    proposed = reported_incident(boss, seeded_edition)
    lost = proposed[("NA Hussein-Dey", "MATCH_LOST")]
    fine = proposed[("WA Mostaganem", "FINE")]

    if action == "confirm_sanction":
        if face == "service":
            _service(lambda: sanction_services.confirm_sanction(lost, actor=actor))
        else:
            admin(actor).post(
                reverse("admin:sanctions_sanction_changelist"),
                {"action": "confirm_selected", "_selected_action": [lost.pk]},
            )
        return lambda: Sanction.objects.get(pk=lost.pk).status == "CONFIRMED"

    if action == "cancel_sanction":
        if face == "service":
            _service(lambda: sanction_services.cancel_sanction(lost, actor=actor, reason="appel"))
        else:
            _decide_in_admin(actor, lost, "cancel", "appel accueilli")
        return lambda: Sanction.objects.get(pk=lost.pk).status == "CANCELLED"

    if action == "record_fine_payment":
        sanction_services.confirm_sanction(fine, actor=boss)
        if face == "service":
            _service(lambda: sanction_services.record_fine_payment(fine, actor=actor, paid_on=date.today(), reference="R-1"))
        else:
            admin(actor).post(
                reverse("admin:sanctions_fine_change", args=[fine.pk]),
                {"paid_on": date.today().isoformat(), "payment_reference": "R-1"},
            )
        return lambda: Sanction.objects.get(pk=fine.pk).fine_state == "PAID"

    raise AssertionError(action)


def _service(call):
    try:
        call()
    except Refused:
        pass  # the cell's assertion says whether a refusal was expected


def _decide_in_admin(actor, sanction, decision, reason):
    decision_page(admin(actor), sanction, decision=decision, decision_reason=reason)


@pytest.mark.parametrize(("action", "face", "role"), CELLS, ids=[f"{a}-{f}-{r}" for a, f, r in CELLS])
def test_permission_matrix(reference, boss, request, action, face, role):
    actor = make_actor(role)
    happened = attempt(action, face, actor, boss, request)
    assert happened() == expected_allowed(action, role, face)


def test_the_matrix_covers_every_role_and_every_face():
    assert {role for _, _, role in CELLS} == set(ROLES) | {SUPERUSER, NO_ROLE}
    assert {face for _, face, _ in CELLS} == {"service", "desk", "admin", "api"}


def test_a_league_official_reports_only_their_leagues_matches(seeded_edition):
    official = make_actor("league_official")  # an official of the LIRF
    match = Match.objects.get(round__stage="LAST_64", number=1)
    Match.objects.filter(pk=match.pk).update(league=League.objects.get(code="LFP"))
    response = post_json(
        api(official),
        f"/api/v1/matches/{match.pk}/report/",
        {"score": {"halfTime": {"home": 0, "away": 0}, "regularTime": {"home": 1, "away": 0}}},
    )
    assert response.status_code == 403 and "votre ligue" in response.json()["detail"]
    with pytest.raises(Refused):
        decide(Match.objects.get(pk=match.pk), official)
    assert Match.objects.get(pk=match.pk).status == "SCHEDULED"


def test_an_api_refusal_is_a_403_with_its_reason(reference, boss):
    edition = small_first_phase(boss)
    response = post_json(api(make_actor("auditor")), f"/api/v1/editions/{edition.pk}/draws/", {"stage": "ROUND_1"})
    assert response.status_code == 403 and "competitions.prepare_draw" in response.json()["detail"]
