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
    created, seen = [], set()
    for number, row in enumerate(document["seasons"], start=1):
        where = f"{Path(path).name}, season {row.get('season', f'n° {number}')}"
        unknown = set(row) - {"season", "sources", *FIELDS}
        if unknown or "season" not in row or not row.get("sources"):
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}, or no season or no sources")
        if row["season"] in seen:
            raise ValueError(f"{where}: given twice")
        seen.add(row["season"])
        if row["season"] in recorded:
            continue
        unknown = [key for key in row["sources"] if key not in sources]
        if unknown:
            raise ValueError(f"{where}: unknown sources {unknown}")
        final = CupFinal(
            season=row["season"],
            sources="\n".join(sources[key] for key in row["sources"]),
            **{name: row[name] for name in FIELDS if name in row},
        )
        try:
            final.full_clean()
        except ValidationError as error:
            raise ValueError(f"{where}: {error.messages}") from error
        created.append((final, {name: row[name] for name in ("season", *FIELDS) if name in row}))
    for final, _values in created:
        final.save()
    audit.record_many([("cupfinal.added", final, {"after": values}) for final, values in created], actor_label=actor_label)
    return len(created)


def final_score_parts(final):
    """The final's score, from the winner's side, as [(what, score)]: [("", "1-1"), ("t.a.b.", "5-4")].

    Each score is its own part so that a page keeps its digits left to right in Arabic text.
    """
    if not final.held:
        return []
    parts = [(_("a.p.") if final.extra_time else "", f"{final.winner_goals}-{final.runner_up_goals}")]
    if final.winner_penalties is not None:
        parts.append((_("t.a.b."), f"{final.winner_penalties}-{final.runner_up_penalties}"))
    if final.replay_winner_goals is not None:
        parts.append((_("rejouée"), f"{final.replay_winner_goals}-{final.replay_runner_up_goals}"))
    return parts


def final_score(final):
    """The final's score in words, from the winner's side: "1-1 a.p., t.a.b. 5-4"; "1-1, rejouée 2-0"."""
    parts = final_score_parts(final)
    if not parts:
        return ""
    (what, score), rest = parts[0], parts[1:]
    return ", ".join([f"{score} {what}".strip(), *(f"{what} {score}" for what, score in rest)])
