"""The rulebook of one edition of the regulation, as plain data the engine reads.

Amounts, durations, percentages and their articles change between editions of the regulation:
the database holds them (`competitions.models.Regulation` and its rows) and
`competitions.rulebooks.rulebook_for` turns them into a `Rulebook`. Nothing here imports Django.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


def gettext_noop(message):
    """Mark a message for translation; the Django layer translates it when it shows it."""
    return message


class CategoryGroup(StrEnum):
    SENIORS = "SENIORS"
    RESERVES = "RESERVES"
    YOUTH = "YOUTH"
    WOMEN = "WOMEN"


class PhaseKind(StrEnum):
    PRELIMINARY = "PRELIMINARY"
    REGIONAL = "REGIONAL"
    NATIONAL = "NATIONAL"


class IncidentType(StrEnum):
    """What a match report can say went wrong, with the article that deals with it."""

    LACK_OF_BALLS = "LACK_OF_BALLS"  # art. 19: match stopped for lack of balls
    NO_POLICE = "NO_POLICE"  # art. 11.3: not played for lack of a service d'ordre
    CROWD_DISORDER = "CROWD_DISORDER"  # art. 11.1, 11.2
    OBLIGATIONS_BREACH = "OBLIGATIONS_BREACH"  # art. 10
    ARTICLE_10_3_BREACH = "ARTICLE_10_3_BREACH"  # art. 10.3
    NO_SHOW = "NO_SHOW"  # a club did not turn up: no article in the text we hold


class Penalty(StrEnum):
    MATCH_LOST = "MATCH_LOST"  # match perdu par pénalité: the opponent goes through
    FINE = "FINE"  # an amount in DA
    POINTS_DEDUCTION = "POINTS_DEDUCTION"  # from the club's league total, not a cup table
    CUP_SUSPENSION = "CUP_SUSPENSION"  # no cup for the next seasons
    REFERRAL = "REFERRAL"  # the regulation leaves it to staff (or to an article we do not have)


class Party(StrEnum):
    """Whom a sanction rule strikes."""

    ORGANISER = "ORGANISER"  # the club drawn first (art. 11.1)
    OPPONENT = "OPPONENT"  # the organiser's opponent
    AT_FAULT = "AT_FAULT"  # the club the report names


@dataclass(frozen=True)
class MatchFormatRule:
    """How long a match lasts (art. 18): periods, their length, and extra time where there is any."""

    halves: int
    half_minutes: int
    extra_time_half_minutes: int | None
    article: str

    @property
    def regular_minutes(self) -> int:
        return self.halves * self.half_minutes

    @property
    def has_extra_time(self) -> bool:
        return self.extra_time_half_minutes is not None

    @property
    def extra_time_minutes(self) -> int:
        return 2 * self.extra_time_half_minutes if self.has_extra_time else 0


@dataclass(frozen=True)
class SanctionLine:
    """One line of the rulebook: for an incident, in these phases, categories and divisions, this penalty.

    Empty `divisions` means any division. `divisions` are the division codes of the struck club
    in the season of the match.
    """

    incident: IncidentType
    penalty: Penalty
    party: Party
    article: str
    phases: frozenset[PhaseKind]
    groups: frozenset[CategoryGroup]
    divisions: frozenset[str] = frozenset()
    amount: int | None = None
    points: int | None = None
    seasons: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Rulebook:
    """Everything an edition of the regulation fixes that the engine needs."""

    code: str
    formats: dict[str, MatchFormatRule]  # by category code
    sanction_rules: tuple[SanctionLine, ...]
    visiting_supporters_percent: Decimal
    visiting_supporters_article: str
    gate_receipts_percent: Decimal
    gate_receipts_article: str
    gate_receipts_payee: str
