"""Sanctions for the incidents of art. 10, 11 and 19, by phase, category and division.

The rulebook's lines say what each incident costs; this module picks the lines that apply to the
facts of one match and names the club each one strikes. Where the rulebook has no line, or sends
to an article we do not hold (art. 25), the proposal is a referral to staff, never an invented
sanction.
"""

from dataclasses import dataclass

from .score import Side

from .rulebook import CategoryGroup, IncidentType, Party, Penalty, PhaseKind, Rulebook, gettext_noop


@dataclass(frozen=True)
class MatchFacts:
    """What the rulebook needs to know about a match: its phase, its category, each club's division."""

    phase: PhaseKind
    group: CategoryGroup
    home_division: str | None  # division codes in the season of the match; None when not recorded
    away_division: str | None


@dataclass(frozen=True)
class ReportedIncident:
    """An incident as a match report states it: what, which club the report names, when."""

    type: IncidentType
    team: Side
    minute: int | None = None
    description: str = ""


@dataclass(frozen=True)
class ProposedSanction:
    """A sanction the regulation calls for, on one side of the match, with its article."""

    side: Side
    penalty: Penalty
    article: str
    amount: int | None = None
    points: int | None = None
    seasons: int | None = None
    note: str = ""

    def suspended_seasons(self, season: int) -> tuple[int, int]:
        """For a cup suspension imposed in `season` (start year): the first and last seasons it covers,
        "the next seasons" (art. 10, 19.2), the current one not included."""
        return season + 1, season + self.seasons


NO_RULE = gettext_noop(
    "Le règlement %(code)s ne prévoit rien pour cet incident dans ce cas (phase, catégorie, division): "
    "décision du personnel de la fédération."
)
UNKNOWN_DIVISION = gettext_noop(
    "La division du club pour la saison n'est pas enregistrée: la sanction qui en dépend (art. %(article)s) "
    "est laissée au personnel de la fédération."
)


def sanctions_for(rulebook: Rulebook, facts: MatchFacts, incident: IncidentType, at_fault: Side) -> list[ProposedSanction]:
    """The sanctions `rulebook` calls for when `incident` happens in a match with these `facts`.

    `at_fault` is the side the report names; rules that strike the organiser or its opponent
    ignore it (the club drawn first answers for the match, art. 11.1).
    """
    proposals = []
    for rule in rulebook.sanction_rules:
        if rule.incident != incident or facts.phase not in rule.phases or facts.group not in rule.groups:
            continue
        side = _struck_side(rule.party, at_fault)
        if rule.divisions:
            division = facts.home_division if side == Side.HOME else facts.away_division
            if division is None:
                proposals.append(
                    ProposedSanction(
                        side, Penalty.REFERRAL, rule.article, note=UNKNOWN_DIVISION % {"article": rule.article}
                    )
                )
                continue
            if division not in rule.divisions:
                continue
        proposals.append(
            ProposedSanction(
                side,
                rule.penalty,
                rule.article,
                amount=rule.amount,
                points=rule.points,
                seasons=rule.seasons,
                note=rule.note,
            )
        )
    if not proposals:
        proposals.append(ProposedSanction(at_fault, Penalty.REFERRAL, "", note=NO_RULE % {"code": rulebook.code}))
    return _without_repeats(proposals)


def _struck_side(party, at_fault):
    if party == Party.ORGANISER:
        return Side.HOME
    if party == Party.OPPONENT:
        return Side.AWAY
    return at_fault


def _without_repeats(proposals):
    # Two division-dependent lines with an unknown division would refer the same thing twice.
    seen, kept = set(), []
    for proposal in proposals:
        if proposal not in seen:
            seen.add(proposal)
            kept.append(proposal)
    return kept
