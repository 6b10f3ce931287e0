"""The cup's roll of honour (`CupFinal`): loading it from its fixture, and saying a final's score.

The fixture (`fixtures/history.json`) is the federation's record of the past, built from public
sources that each season cites. Loading it creates the seasons not recorded yet and never touches
one already there: staff correct the history in the admin, and `make run` must not undo that.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cupfaf import audit

from .models import CupFinal
from .reference import FIXTURES

FIELDS = (
    "held", "winner", "winner_then", "runner_up", "runner_up_then", "winner_goals", "runner_up_goals",
    "extra_time", "winner_penalties", "runner_up_penalties", "replay_winner_goals", "replay_runner_up_goals",
    "played_on", "venue", "note",
)  # fmt: skip


@transaction.atomic
def load_history(path=FIXTURES / "history.json", *, actor_label):
    """Create the seasons of the fixture at `path` not recorded yet; return how many were created.

    Each season is checked as the admin checks it (its constraints, its sources named in the
    file); a wrong line refuses the whole file with its season and what is wrong.
    """
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    sources = document["sources"]
    recorded = set(CupFinal.objects.values_list("season", flat=True))
    created = []
    for row in document["seasons"]:
        if row["season"] in recorded:
            continue
        unknown = [key for key in row["sources"] if key not in sources]
        if unknown:
            raise ValueError(f"history {row['season']}: unknown sources {unknown}")
        final = CupFinal(
            season=row["season"],
            sources="\n".join(sources[key] for key in row["sources"]),
            **{name: row[name] for name in FIELDS if name in row},
        )
        try:
            final.full_clean()
        except ValidationError as error:
            raise ValueError(f"history {row['season']}: {error.message_dict}") from error
        created.append((final, {name: row[name] for name in ("season", *FIELDS) if name in row}))
    for final, _values in created:
        final.save()
    audit.record_many([("cupfinal.added", final, {"after": values}) for final, values in created], actor_label=actor_label)
    return len(created)


def final_score(final):
    """The final's score in words, from the winner's side: "1-1 a.p., t.a.b. 5-4"; "1-1, rejouée: 2-0"."""
    if not final.held:
        return ""
    line = f"{final.winner_goals}-{final.runner_up_goals}"
    if final.extra_time:
        line += " " + _("a.p.")
    if final.winner_penalties is not None:
        line += ", " + _("t.a.b. %(score)s") % {"score": f"{final.winner_penalties}-{final.runner_up_penalties}"}
    if final.replay_winner_goals is not None:
        line += ", " + _("rejouée: %(score)s") % {"score": f"{final.replay_winner_goals}-{final.replay_runner_up_goals}"}
    return line
