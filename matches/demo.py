"""The demo edition `make run` loads: Coupe d'Algérie Seniors 2023-24, from the federation's published draw."""

import csv
import datetime
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clubs import roster
from clubs.models import Club, League
from clubs.names import name_key
from competitions.reference import FIXTURES
from competitions.regulation.results import ReportedGoal, ReportedResult
from competitions.regulation.score import Pair, Score, Side
from competitions.services import enter_clubs, set_up_edition
from competitions.stages import KNOCKOUT_STAGES
from cupfaf.roles import group_name

from . import draw_import
from .models import GoalType, Match, ResultState
from .services import Report, report_result, schedule_match, validate_report

DEMO = "make run (démo)"


def load_demo_edition(path=FIXTURES / "demo.json"):
    """Set up the demo edition, record its published draw and its clubs' stadiums and entries, and have the LFP
    organise its national phase; safe to run again."""
    demo = json.loads(path.read_text(encoding="utf-8"))
    edition = set_up_edition(
        demo["edition"]["season"],
        demo["edition"]["category"],
        demo["edition"]["regulation"],
        round_dates={stage: datetime.date.fromisoformat(day) for stage, day in demo["round_dates"].items()},
    )
    text = (FIXTURES / demo["draw"]["file"]).read_text(encoding="utf-8")
    report = draw_import.import_published_draw(
        text, edition, demo["draw"]["stage"], create_clubs=True, actor_label=DEMO
    )
    # The clubs' wilaya, stadium and league, from public sources (the file's `source` column), through
    # the same import as staff's files; then the clubs of the draw recorded as entered.
    season = edition.season
    rows, _ignored = roster.load_file((FIXTURES / demo["roster"]).read_bytes(), demo["roster"])
    roster.import_roster(rows, season, actor=None, actor_label=DEMO)
    drawn = Club.objects.filter(home_matches__round__edition=edition) | Club.objects.filter(away_matches__round__edition=edition)
    enter_clubs(edition, drawn.distinct(), actor=None, actor_label=DEMO)
    organiser = League.objects.get(code=demo["national_phase_league"])
    national = Match.objects.filter(round__edition=edition, round__stage__in=KNOCKOUT_STAGES, league__isnull=True)
    for match in national:
        schedule_match(match, kickoff=match.kickoff, venue=match.venue, league=organiser, actor=None, actor_label=DEMO)
    if "results" in demo:
        load_demo_results(edition, FIXTURES / demo["results"])
    return edition, report


# The demo's results are reported by one results officer and validated by another, as the regulation's
# two-person rule asks; neither can sign in (no password).
DEMO_REPORTER, DEMO_VALIDATOR = "demo.saisie", "demo.validation"


def _demo_officer(username):
    user, _created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": DEMO})
    if _created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=group_name("results_officer")))
    return user


def _number(text):
    return int(text) if text.strip() else None


def _goal(text):
    """"88:home:Mostefaoui (pen)" or "90+2:away:Name" as a reported goal."""
    minute, side, scorer = text.split(":", 2)
    minute, _plus, injury = minute.partition("+")
    kind = GoalType.REGULAR
    if scorer.endswith("(pen)"):
        kind, scorer = GoalType.PENALTY, scorer.removesuffix("(pen)").strip()
    return ReportedGoal(Side.HOME if side == "home" else Side.AWAY, int(minute), int(injury) if injury else None, kind, scorer)


def load_demo_results(edition, path):
    """Report and validate the results of `path` (public sources, cited line by line in its `sources`
    column) through the officials' services; a match already reported is left as it is."""
    reporter, validator = _demo_officer(DEMO_REPORTER), _demo_officer(DEMO_VALIDATOR)
    with open(path, encoding="utf-8", newline="") as lines:
        for row in csv.DictReader(lines):
            match = Match.objects.select_related("home_club", "away_club").get(
                round__edition=edition, round__stage=row["stage"], number=int(row["number"])
            )
            if match.result_state:
                continue
            for side in ("home", "away"):
                club = getattr(match, f"{side}_club")
                if club is None or name_key(club.name) != name_key(row[side]):
                    raise ValueError(f"{path.name}: {row['stage']} n° {row['number']} is not {row['home']} – {row['away']}")
            extra = Pair(_number(row["home_extra"]), _number(row["away_extra"]))
            penalties = Pair(_number(row["home_penalties"]), _number(row["away_penalties"]))
            score = Score(
                half_time=Pair(None, None),
                regular_time=Pair(int(row["home_90"]), int(row["away_90"])),
                extra_time=extra if extra.known else None,
                penalties=penalties if penalties.known else None,
            )
            goals = tuple(_goal(goal) for goal in row["goals"].split(";") if goal)
            report_result(match, Report(ReportedResult(score, goals)), actor=reporter)
            validate_report(match, number=1, actor=validator)
    return Match.objects.filter(round__edition=edition, result_state=ResultState.VALIDATED).count()
