"""Results under art. 18: which scores a match of a category can end on, and who goes through.

`validate_result` returns every refusal at once, each with the field it concerns, the article it
rests on and a sentence a league official understands (French, marked for translation: the
Django layer translates it with its parameters).
"""

from dataclasses import dataclass, field
from functools import lru_cache

from .score import Pair, Score, Side

from .rulebook import MatchFormatRule, gettext_noop

# Beyond these a number is a typing mistake, not a football score.
MAX_GOALS_REGULAR_TIME = 30
MAX_GOALS_EXTRA_TIME = 15
MAX_SHOOTOUT_KICKS = 30  # per team, sudden death included
MAX_INJURY_TIME = 30
GOAL_TYPES = ("REGULAR", "OWN", "PENALTY")

COUNT_MISMATCH = {
    "halfTime": gettext_noop(
        "Les buts déclarés donnent %(listed)s à la mi-temps, mais le score déclaré est %(score)s: "
        "chaque but doit figurer une fois, à sa minute."
    ),
    "regularTime": gettext_noop(
        "Les buts déclarés donnent %(listed)s à la fin du temps réglementaire, mais le score déclaré est "
        "%(score)s: chaque but doit figurer une fois, à sa minute."
    ),
    "extraTime": gettext_noop(
        "Les buts déclarés donnent %(listed)s en prolongation, mais le score déclaré est %(score)s: "
        "chaque but doit figurer une fois, à sa minute."
    ),
}


@dataclass(frozen=True)
class ReportedGoal:
    """A goal as reported: `team` is the side it counts for (an own goal counts for the other side)."""

    team: Side
    minute: int
    injury_time: int | None = None
    type: str = "REGULAR"
    scorer: str = ""


@dataclass(frozen=True)
class ReportedResult:
    """What a league official reports. `finished` is False for a match stopped or not played."""

    score: Score
    goals: tuple[ReportedGoal, ...] = ()
    finished: bool = True


@dataclass(frozen=True)
class Refusal:
    """Why a reported result cannot stand: where, on which article, and in words."""

    field: str
    article: str
    message: str  # French, with %(name)s placeholders filled from `params`
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % self.params


@dataclass(frozen=True)
class Passage:
    """Who goes through, and on which article."""

    side: Side
    article: str


def validate_result(fmt: MatchFormatRule, result: ReportedResult) -> list[Refusal]:
    """Every reason the regulation refuses `result` for a match played under `fmt`; empty when it stands."""
    refusals = _check_numbers(fmt, result.score)
    if refusals:
        return refusals  # the rest reads the numbers: they must be sound first
    if result.finished:
        refusals += _check_periods(fmt, result.score)
    refusals += _check_goals(fmt, result)
    return refusals


def goes_through(fmt: MatchFormatRule, score: Score) -> Passage | None:
    """Who a valid final score sends through (art. 18): the leader after play, else the shoot-out's winner."""
    side = score.decided_for()
    return Passage(side, fmt.article) if side else None


def shootout_possible(home: int, away: int) -> bool:
    """Whether a shoot-out can end on this score: five kicks each, stopped once one side cannot be
    caught, then sudden death, either side kicking first."""
    return (home, away) in _shootout_endings()


@lru_cache(maxsize=1)
def _shootout_endings() -> frozenset[tuple[int, int]]:
    endings = set()
    # (kicks by the side kicking first, kicks by the other, goals of each)
    pending = [(0, 0, 0, 0)]
    seen = set()
    while pending:
        state = pending.pop()
        if state in seen:
            continue
        seen.add(state)
        kicks_a, kicks_b, goals_a, goals_b = state
        if kicks_b >= MAX_SHOOTOUT_KICKS:
            continue
        a_kicks = kicks_a == kicks_b
        for scored in (0, 1):
            if a_kicks:
                after = (kicks_a + 1, kicks_b, goals_a + scored, goals_b)
            else:
                after = (kicks_a, kicks_b + 1, goals_a, goals_b + scored)
            if _shootout_over(*after):
                endings.add((after[2], after[3]))
                endings.add((after[3], after[2]))
            else:
                pending.append(after)
    return frozenset(endings)


def _shootout_over(kicks_a, kicks_b, goals_a, goals_b):
    if kicks_a <= 5 and kicks_b <= 5 and not (kicks_a == kicks_b == 5):
        return goals_a > goals_b + (5 - kicks_b) or goals_b > goals_a + (5 - kicks_a)
    return kicks_a == kicks_b and goals_a != goals_b


def _check_numbers(fmt, score):
    refusals = []
    periods = (
        ("halfTime", score.half_time, MAX_GOALS_REGULAR_TIME),
        ("regularTime", score.regular_time, MAX_GOALS_REGULAR_TIME),
        ("extraTime", score.extra_time, MAX_GOALS_EXTRA_TIME),
        ("penalties", score.penalties, MAX_SHOOTOUT_KICKS),
    )
    for name, pair, highest in periods:
        if pair is None or (pair.home is None and pair.away is None):
            continue
        where = f"score.{name}"
        if not pair.known:
            refusals.append(
                Refusal(where, fmt.article, gettext_noop("Indiquez le score des deux équipes, pas d'une seule."))
            )
            continue
        for value in (pair.home, pair.away):
            if not isinstance(value, int) or isinstance(value, bool):
                refusals.append(Refusal(where, fmt.article, gettext_noop("Un score est un nombre entier.")))
            elif value < 0:
                refusals.append(Refusal(where, fmt.article, gettext_noop("Un score ne peut pas être négatif.")))
            elif value > highest:
                refusals.append(
                    Refusal(
                        where,
                        fmt.article,
                        gettext_noop("%(value)s buts: au-delà de %(highest)s, c'est une erreur de saisie."),
                        {"value": value, "highest": highest},
                    )
                )
    if score.half_time.known and not score.regular_time.known:
        refusals.append(
            Refusal(
                "score.regularTime",
                fmt.article,
                gettext_noop("Le score à la mi-temps ne va pas sans le score du temps réglementaire."),
            )
        )
    return refusals


def _check_periods(fmt, score):
    refusals = []
    regular, extra, shootout = score.regular_time, score.extra_time, score.penalties
    if not regular.known:
        return [
            Refusal(
                "score.regularTime",
                fmt.article,
                gettext_noop("Un match terminé a un score à la fin du temps réglementaire (%(minutes)s minutes)."),
                {"minutes": fmt.regular_minutes},
            )
        ]
    half = score.half_time
    if half.known and (half.home > regular.home or half.away > regular.away):
        refusals.append(
            Refusal(
                "score.halfTime",
                fmt.article,
                gettext_noop(
                    "Mi-temps %(half)s mais fin du temps réglementaire %(regular)s: "
                    "une équipe ne perd pas de buts en seconde période."
                ),
                {"half": _shown(half), "regular": _shown(regular)},
            )
        )
    level = regular.home == regular.away
    if extra is not None:
        if not fmt.has_extra_time:
            refusals.append(
                Refusal(
                    "score.extraTime",
                    fmt.article,
                    gettext_noop(
                        "Pas de prolongation dans cette catégorie (%(halves)s × %(minutes)s min): "
                        "à égalité, on passe directement aux tirs au but."
                    ),
                    {"halves": fmt.halves, "minutes": fmt.half_minutes},
                )
            )
            return refusals
        if not level:
            refusals.append(
                Refusal(
                    "score.extraTime",
                    fmt.article,
                    gettext_noop(
                        "Prolongation déclarée après un score de %(regular)s: elle ne se joue qu'en cas "
                        "d'égalité à la fin du temps réglementaire."
                    ),
                    {"regular": _shown(regular)},
                )
            )
            return refusals
    elif fmt.has_extra_time and level:
        refusals.append(
            Refusal(
                "score.extraTime",
                fmt.article,
                gettext_noop(
                    "Égalité %(regular)s à la fin du temps réglementaire: une prolongation de 2 × %(minutes)s min "
                    "se joue. Indiquez les buts marqués pendant la prolongation (0-0 s'il n'y en a pas)."
                ),
                {"regular": _shown(regular), "minutes": fmt.extra_time_half_minutes},
            )
        )
        return refusals
    after_play = score.after_play
    if shootout is not None:
        if after_play.home != after_play.away:
            refusals.append(
                Refusal(
                    "score.penalties",
                    fmt.article,
                    gettext_noop("Tirs au but déclarés après un score décisif (%(score)s): ils n'ont pas lieu d'être."),
                    {"score": _shown(after_play)},
                )
            )
        elif shootout.home == shootout.away:
            refusals.append(
                Refusal(
                    "score.penalties",
                    fmt.article,
                    gettext_noop("Une séance de tirs au but désigne un vainqueur: elle ne finit pas sur %(score)s."),
                    {"score": _shown(shootout)},
                )
            )
        elif not shootout_possible(shootout.home, shootout.away):
            refusals.append(
                Refusal(
                    "score.penalties",
                    fmt.article,
                    gettext_noop(
                        "Tirs au but %(score)s impossibles: la séance s'arrête dès qu'une équipe ne peut plus "
                        "être rejointe (cinq tirs chacune, puis mort subite)."
                    ),
                    {"score": _shown(shootout)},
                )
            )
    elif after_play.home == after_play.away:
        refusals.append(
            Refusal(
                "score.penalties",
                fmt.article,
                gettext_noop("Égalité %(score)s après le jeu: les tirs au but désignent le vainqueur. Indiquez-les."),
                {"score": _shown(after_play)},
            )
        )
    return refusals


def _check_goals(fmt, result):
    if not result.goals:
        return []
    refusals = []
    score = result.score
    played = fmt.regular_minutes + (fmt.extra_time_minutes if score.extra_time is not None else 0)
    period_ends = {fmt.half_minutes * n for n in range(1, fmt.halves + 1)}
    if score.extra_time is not None:
        period_ends |= {fmt.regular_minutes + fmt.extra_time_half_minutes, played}
    counts = {"halfTime": [0, 0], "regularTime": [0, 0], "extraTime": [0, 0]}
    for index, goal in enumerate(result.goals):
        where = f"goals[{index}]"
        if goal.type not in GOAL_TYPES:
            refusals.append(
                Refusal(
                    f"{where}.type",
                    fmt.article,
                    gettext_noop("Type de but inconnu: %(type)s."),
                    {"type": goal.type},
                )
            )
        if not 1 <= goal.minute <= played:
            refusals.append(
                Refusal(
                    f"{where}.minute",
                    fmt.article,
                    gettext_noop("But à la %(minute)se minute: le match a duré %(played)s minutes."),
                    {"minute": goal.minute, "played": played},
                )
            )
            continue
        if goal.injury_time is not None and (
            goal.minute not in period_ends or not 1 <= goal.injury_time <= MAX_INJURY_TIME
        ):
            refusals.append(
                Refusal(
                    f"{where}.injuryTime",
                    fmt.article,
                    gettext_noop(
                        "Temps additionnel « %(minute)s+%(injury)s »: il ne s'ajoute qu'à la dernière minute "
                        "d'une période, et au plus %(highest)s minutes."
                    ),
                    {"minute": goal.minute, "injury": goal.injury_time, "highest": MAX_INJURY_TIME},
                )
            )
        side = 0 if goal.team == Side.HOME else 1
        if goal.minute <= fmt.regular_minutes:
            counts["regularTime"][side] += 1
            if goal.minute <= fmt.half_minutes:
                counts["halfTime"][side] += 1
        else:
            counts["extraTime"][side] += 1
    if refusals:
        return refusals
    for name, message, pair in (
        ("halfTime", COUNT_MISMATCH["halfTime"], score.half_time),
        ("regularTime", COUNT_MISMATCH["regularTime"], score.regular_time),
        ("extraTime", COUNT_MISMATCH["extraTime"], score.extra_time or Pair(0, 0)),
    ):
        listed = Pair(*counts[name])
        if pair.known and listed != pair:
            refusals.append(Refusal("goals", fmt.article, message, {"listed": _shown(listed), "score": _shown(pair)}))
    return refusals


def _shown(pair):
    return f"{pair.home}-{pair.away}"
