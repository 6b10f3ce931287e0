"""Checking a software draw from what it published: its inputs, its seed and its pairings.

The same checks anyone can make without our code (README, « Vérifier un tirage »): the inputs and
the seed have the SHA-256 published before the draw, and drawing again from them gives the
pairings recorded.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Draw, DrawMethod
from .regulation import draw as engine


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str = ""


def recorded_outcome(drawn: Draw) -> engine.Outcome:
    """The outcome as the database holds it: this draw's pairings and exempted clubs, and the next round's."""

    def side(club_id, winner_of):
        return engine.WinnerOf(winner_of.number) if winner_of else engine.Entrant(club_id, "")

    def lines(of):
        pairings = [
            engine.DrawnPairing(
                p.number, side(p.home_club_id, p.home_winner_of), side(p.away_club_id, p.away_winner_of), ""
            )
            for p in of.pairings.select_related("home_winner_of", "away_winner_of").order_by("number")
        ]
        exempted = [engine.Exempted(engine.Entrant(e.club_id, ""), "") for e in of.exemptions.order_by("order")]
        return pairings, exempted

    outcome = engine.Outcome()
    outcome.pairings, outcome.exempted = lines(drawn)
    following = Draw.objects.filter(drawn_with=drawn).first()
    if following is not None:
        outcome.next_pairings, outcome.next_exempted = lines(following)
    return outcome


def verify(drawn: Draw) -> list[Check]:
    """Every check of a software draw, passed or not. A draw made with the previous round is checked as that one."""
    if drawn.drawn_with_id and drawn.drawn_with.method == DrawMethod.SOFTWARE:
        drawn = drawn.drawn_with
    if drawn.method != DrawMethod.SOFTWARE:
        return [
            Check("method", False, _("Tirage en cérémonie publique: rien à recalculer, le procès-verbal fait foi."))
        ]
    if not drawn.is_public:
        return [Check("published", False, _("Tirage non publié: sa graine n'est pas encore révélée."))]
    checks = [
        Check(
            "inputs_hash",
            engine.sha256_hex(drawn.inputs) == drawn.inputs_hash,
            f"sha256(inputs) = {engine.sha256_hex(drawn.inputs)}; "
            + _("publié: %(hash)s") % {"hash": drawn.inputs_hash},
        ),
        Check(
            "seed_hash",
            engine.sha256_hex(drawn.seed) == drawn.seed_hash,
            f"sha256(seed) = {engine.sha256_hex(drawn.seed)}; " + _("publié: %(hash)s") % {"hash": drawn.seed_hash},
        ),
    ]
    try:
        expected = engine.outcome_document(engine.perform(engine.parse_inputs(drawn.inputs), drawn.seed))
    except (ValueError, engine.DrawRefused) as error:
        return [*checks, Check("outcome", False, str(error))]
    recorded = engine.outcome_document(recorded_outcome(drawn))
    differing = [
        f"- {want!r} / + {got!r}"
        for want, got in zip(expected.splitlines(), recorded.splitlines(), strict=False)
        if want != got
    ]
    if len(expected.splitlines()) != len(recorded.splitlines()):
        differing.append(
            _("%(expected)s lignes attendues, %(recorded)s enregistrées")
            % {"expected": len(expected.splitlines()), "recorded": len(recorded.splitlines())}
        )
    return [*checks, Check("outcome", not differing, "\n".join(differing[:10]) or expected)]
