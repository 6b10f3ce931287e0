"""The demo edition `make run` loads: Coupe d'Algérie Seniors 2023-24, from the federation's published draw."""

import datetime
import json

from competitions.reference import FIXTURES
from competitions.services import set_up_edition

from . import draw_import


def load_demo_edition(path=FIXTURES / "demo.json"):
    """Set up the demo edition and record its published draw; safe to run again."""
    demo = json.loads(path.read_text(encoding="utf-8"))
    edition = set_up_edition(
        demo["edition"]["season"],
        demo["edition"]["category"],
        demo["edition"]["regulation"],
        round_dates={stage: datetime.date.fromisoformat(day) for stage, day in demo["round_dates"].items()},
    )
    text = (FIXTURES / demo["draw"]["file"]).read_text(encoding="utf-8")
    report = draw_import.import_published_draw(
        text, edition, demo["draw"]["stage"], create_clubs=True, actor_label="make run (démo)"
    )
    return edition, report
