"""The demo edition `make run` loads: Coupe d'Algérie Seniors 2023-24, from the federation's published draw."""

import datetime
import json

from clubs import roster
from clubs.models import Club, League
from competitions.reference import FIXTURES
from competitions.services import enter_clubs, set_up_edition
from competitions.stages import KNOCKOUT_STAGES

from . import draw_import
from .models import Match
from .services import schedule_match

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
    return edition, report
