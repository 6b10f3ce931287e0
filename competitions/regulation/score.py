"""A match's score by period, and what follows from it. Plain Python: no Django here.

Three levels are reported (DOMAIN.md): after regular time, extra time (seniors only), and the
shoot-out. The shoot-out decides who goes through but is not part of the match score.
"""

from dataclasses import dataclass
from enum import Enum


class Side(str, Enum):
    HOME = "HOME"
    AWAY = "AWAY"


class Duration(str, Enum):
    REGULAR = "REGULAR"
    EXTRA_TIME = "EXTRA_TIME"
    PENALTY_SHOOTOUT = "PENALTY_SHOOTOUT"


@dataclass(frozen=True)
class Pair:
    home: int | None
    away: int | None

    @property
    def known(self) -> bool:
        return self.home is not None and self.away is not None

    def __add__(self, other: "Pair") -> "Pair":
        if not (self.known and other.known):
            return Pair(None, None)
        return Pair(self.home + other.home, self.away + other.away)

    def leader(self) -> Side | None:
        if not self.known or self.home == self.away:
            return None
        return Side.HOME if self.home > self.away else Side.AWAY


UNKNOWN = Pair(None, None)


@dataclass(frozen=True)
class Score:
    half_time: Pair = UNKNOWN
    regular_time: Pair = UNKNOWN
    extra_time: Pair | None = None  # goals scored in extra time only
    penalties: Pair | None = None  # the shoot-out only

    @property
    def after_play(self) -> Pair:
        """What was played: regular time plus extra time, without the shoot-out."""
        return self.regular_time + self.extra_time if self.extra_time else self.regular_time

    @property
    def full_time(self) -> Pair:
        """football-data.org's fullTime: every period added, the shoot-out included."""
        total = self.after_play
        return total + self.penalties if self.penalties else total

    @property
    def duration(self) -> Duration:
        if self.penalties:
            return Duration.PENALTY_SHOOTOUT
        if self.extra_time:
            return Duration.EXTRA_TIME
        return Duration.REGULAR

    def decided_for(self) -> Side | None:
        """The side the score sends through, or None while play has not decided it."""
        return self.after_play.leader() or (self.penalties.leader() if self.penalties else None)
