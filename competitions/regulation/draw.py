"""The integral draw (art. 12.1), region by region in the first phase (art. 13), as pure functions.

A software draw is verifiable: its outcome is a function of two published texts only, the inputs
document (who is in which pot, how many clubs each pot keeps) and the seed. The generator and the
shuffle are simple enough to redo by hand with any SHA-256 tool (README, "Vérifier un tirage"):

- the n-th random number (n = 0, 1, 2…) is SHA-256 of the UTF-8 text "<seed>:<n>", read as a
  256-bit big-endian integer x;
- a ball is picked among m left in the bowl as x mod m, but only when x < 2^256 - (2^256 mod m):
  larger values are thrown away and the next number is used, so every ball is exactly as likely
  (no modulo bias);
- each pot is drawn ball by ball, the picked ball taken out of the bowl (the bowl keeps the order
  of the inputs document). The first balls drawn are the exempted clubs, if the pot needs any; the
  rest form pairings two by two, the first of each two hosting (art. 11.1).
- pots are drawn in the order of the document, numbers continuing from one pot to the next; when
  the next round is drawn at the same time, its pot is "W1…Wk" (winner of pairing k) then the
  exempted clubs, drawn with the same stream of numbers.

Nothing here imports Django.
"""

import hashlib
from dataclasses import dataclass, field

from .rulebook import gettext_noop

ALGORITHM = "cupfaf-draw-1"
_SPACE = 1 << 256


def sha256_hex(text: str) -> str:
    """The hexadecimal SHA-256 of `text` in UTF-8: the form commitments are published in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RandomStream:
    """Uniform whole numbers from a seed, as the module docstring describes."""

    def __init__(self, seed: str):
        self.seed = seed
        self.counter = 0

    def block(self) -> int:
        digest = hashlib.sha256(f"{self.seed}:{self.counter}".encode("utf-8")).digest()
        self.counter += 1
        return int.from_bytes(digest, "big")

    def below(self, m: int) -> int:
        """A number in 0…m-1, each equally likely: values past the last whole multiple of m are redrawn."""
        if m < 1:
            raise ValueError("Nothing to draw from.")
        limit = _SPACE - _SPACE % m
        while True:
            x = self.block()
            if x < limit:
                return x % m


def draw_order(balls, stream: RandomStream) -> list:
    """The balls in the order they come out of the bowl."""
    bowl = list(balls)
    return [bowl.pop(stream.below(len(bowl))) for _ in range(len(bowl))]


@dataclass(frozen=True)
class Entrant:
    """A club in a pot: its identifier and its name as the inputs document prints it."""

    id: int
    name: str


@dataclass(frozen=True)
class WinnerOf:
    """The winner of pairing `number` of the round drawn at the same time ("Vainqueur N 13")."""

    number: int


@dataclass(frozen=True)
class Pot:
    """The clubs drawn together (a region in the first phase, everyone in the national phase) and
    how many of them are left after the round."""

    name: str
    keep: int
    entrants: tuple = ()


@dataclass(frozen=True)
class DrawInputs:
    round: str
    pots: tuple
    next_keep: int = 0  # how many clubs the next round keeps, when it is drawn at the same time; 0: not drawn


@dataclass(frozen=True)
class DrawnPairing:
    number: int
    home: object  # Entrant or WinnerOf
    away: object
    pot: str


@dataclass(frozen=True)
class Exempted:
    """A club that goes to the next round without playing this one."""

    entrant: object
    pot: str


@dataclass
class Outcome:
    pairings: list = field(default_factory=list)
    exempted: list = field(default_factory=list)
    next_pairings: list = field(default_factory=list)
    next_exempted: list = field(default_factory=list)


@dataclass(frozen=True)
class DrawProblem:
    """Why a draw cannot be made as asked: the article, and a French sentence with %(name)s placeholders."""

    code: str
    message: str
    params: dict = field(default_factory=dict)
    article: str = "12.1"


class DrawRefused(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(p.message % p.params for p in problems))
        self.problems = list(problems)


def clubs_left_after_round(clubs: int, qualifiers: int) -> int:
    """How many of a region's clubs a first-phase round keeps so that halving rounds end on exactly
    `qualifiers` (art. 13): the round plays just enough matches, the others are exempted."""
    if clubs <= qualifiers:
        return clubs
    keep = qualifiers
    while 2 * keep < clubs:
        keep *= 2
    return keep


def matches_and_byes(clubs: int, keep: int) -> tuple[int, int]:
    """A round of `clubs` that leaves `keep` plays clubs - keep matches; the others are exempted."""
    matches = clubs - keep
    return matches, clubs - 2 * matches


def check_national_round(clubs: int, keep: int) -> list[DrawProblem]:
    """A national round that leaves `keep` clubs is drawn from more than `keep` and at most 2 × `keep` (art. 12.1)."""
    if keep < clubs <= 2 * keep:
        return []
    return [
        DrawProblem(
            "NATIONAL_ROUND_SIZE",
            gettext_noop("Ce tour se joue à %(expected)s clubs au plus et plus de %(keep)s; %(count)s sont qualifiés."),
            {"expected": 2 * keep, "keep": keep, "count": clubs},
            article="12.1",
        )
    ]


def check_first_phase_finished(clubs_by_region: dict, qualifiers_by_region: dict) -> list[DrawProblem]:
    """The national phase is drawn once each region has no more clubs left than its qualifiers (art. 13).

    Both maps are keyed by region name; a region without a quota is not checked.
    """
    return [
        DrawProblem(
            "FIRST_PHASE_UNFINISHED",
            gettext_noop("La première phase n'est pas terminée en %(region)s: %(clubs)s clubs pour %(quota)s qualifiés."),
            {"region": region, "clubs": clubs, "quota": qualifiers_by_region[region]},
            article="13",
        )
        for region, clubs in sorted(clubs_by_region.items())
        if region in qualifiers_by_region and clubs > qualifiers_by_region[region]
    ]


def check_pot(pot: Pot) -> list[DrawProblem]:
    clubs = len(pot.entrants)
    if pot.keep < 1 or clubs < pot.keep or clubs > 2 * pot.keep:
        return [
            DrawProblem(
                "POT_SIZE",
                gettext_noop(
                    "%(pot)s: %(clubs)s clubs ne peuvent pas donner %(keep)s qualifiés en un tour "
                    "(il en faut entre %(keep)s et %(max)s)"
                ),
                {"pot": pot.name, "clubs": clubs, "keep": pot.keep, "max": 2 * pot.keep},
            )
        ]
    keys = [_key(ball) for ball in pot.entrants]
    if len(set(keys)) != len(keys):
        return [DrawProblem("DUPLICATE", gettext_noop("%(pot)s: un club figure deux fois"), {"pot": pot.name})]
    return []


def perform(inputs: DrawInputs, seed: str) -> Outcome:
    """Draw every pot of `inputs` with `seed`, then the next round if asked. Raises DrawRefused."""
    problems = [problem for pot in inputs.pots for problem in check_pot(pot)]
    seen = [_key(ball) for pot in inputs.pots for ball in pot.entrants]
    if len(set(seen)) != len(seen):
        problems.append(DrawProblem("DUPLICATE", gettext_noop("Un club figure dans deux pots."), {}))
    if problems:
        raise DrawRefused(problems)
    stream = RandomStream(seed)
    outcome = Outcome()
    for pot in inputs.pots:
        _draw_pot(pot, stream, outcome.pairings, outcome.exempted)
    if inputs.next_keep:
        (pot,) = next_round_inputs(inputs, outcome).pots
        problems = check_pot(pot)
        if problems:
            raise DrawRefused(problems)
        _draw_pot(pot, stream, outcome.next_pairings, outcome.next_exempted)
    return outcome


def _draw_pot(pot, stream, pairings, exempted):
    matches, byes = matches_and_byes(len(pot.entrants), pot.keep)
    if matches == 0:
        exempted.extend(Exempted(entrant, pot.name) for entrant in pot.entrants)
        return
    order = draw_order(pot.entrants, stream)
    exempted.extend(Exempted(entrant, pot.name) for entrant in order[:byes])
    rest = order[byes:]
    for home, away in zip(rest[0::2], rest[1::2], strict=True):
        pairings.append(DrawnPairing(len(pairings) + 1, home, away, pot.name))


# The inputs document: the text whose SHA-256 is published before the draw.
# cupfaf-draw-1
# round LAST_16
# next 4                      (0 when the next round is not drawn at the same time)
# pot 8 Toutes les régions    (how many clubs the pot keeps, then its name)
# 1043 MC Alger               (a club: identifier, name), one per line, in bowl order


def inputs_document(inputs: DrawInputs) -> str:
    lines = [ALGORITHM, f"round {inputs.round}", f"next {inputs.next_keep}"]
    for pot in inputs.pots:
        lines.append(f"pot {pot.keep} {pot.name}")
        lines.extend(f"{entrant.id} {entrant.name}" for entrant in pot.entrants)
    return "\n".join(lines) + "\n"


def parse_inputs(text: str) -> DrawInputs:
    """Read an inputs document back; ValueError names the line that is wrong."""
    lines = text.splitlines()
    if not lines or lines[0] != ALGORITHM:
        raise ValueError(f"line 1: expected {ALGORITHM!r}")
    try:
        round_code = lines[1].removeprefix("round ")
        next_keep = int(lines[2].removeprefix("next "))
    except (IndexError, ValueError):
        raise ValueError("lines 2-3: expected 'round CODE' and 'next N'") from None
    pots, current, entrants = [], None, []
    for number, line in enumerate(lines[3:], start=4):
        head, _, rest = line.partition(" ")
        if head == "pot":
            if current is not None:
                pots.append(Pot(current[1], current[0], tuple(entrants)))
            keep, _, name = rest.partition(" ")
            if not keep.isdigit():
                raise ValueError(f"line {number}: expected 'pot N NAME'")
            current, entrants = (int(keep), name), []
        elif head.isdigit() and current is not None:
            entrants.append(Entrant(int(head), rest))
        else:
            raise ValueError(f"line {number}: expected 'pot N NAME' or 'ID NAME'")
    if current is not None:
        pots.append(Pot(current[1], current[0], tuple(entrants)))
    return DrawInputs(round_code, tuple(pots), next_keep)


def _side(side) -> str:
    return f"W{side.number}" if isinstance(side, WinnerOf) else str(side.id)


def outcome_document(outcome: Outcome) -> str:
    """The outcome in lines anyone can compare: "1 1043 2210", "exempt 77", "next 1 W3 W1"…"""
    lines = [f"exempt {_side(e.entrant)}" for e in outcome.exempted]
    lines += [f"{p.number} {_side(p.home)} {_side(p.away)}" for p in outcome.pairings]
    lines += [f"next exempt {_side(e.entrant)}" for e in outcome.next_exempted]
    lines += [f"next {p.number} {_side(p.home)} {_side(p.away)}" for p in outcome.next_pairings]
    return "\n".join(lines) + "\n"


def _key(side):
    return ("W", side.number) if isinstance(side, WinnerOf) else ("C", side.id)


def _label(side):
    return f"Vainqueur N {side.number}" if isinstance(side, WinnerOf) else (side.name or str(side.id))


def check_recorded(inputs: DrawInputs, outcome: Outcome, *, next_round: bool = False) -> list[DrawProblem]:
    """What is wrong with a draw held in public and typed in: every eligible club exactly once, in
    its own pot, no club that is not eligible, and as many exempted clubs per pot as the round needs.

    With `next_round`, checks the next round's lines (outcome.next_*) against the pots of `inputs`,
    whose balls are then the winners of this round's pairings and the clubs it exempted."""
    pairings = outcome.next_pairings if next_round else outcome.pairings
    exempted = outcome.next_exempted if next_round else outcome.exempted
    problems = []
    pot_of = {_key(ball): pot for pot in inputs.pots for ball in pot.entrants}
    label = {_key(ball): _label(ball) for pot in inputs.pots for ball in pot.entrants}
    placed = set()
    sides = [(e.entrant, None) for e in exempted] + [(side, p.number) for p in pairings for side in (p.home, p.away)]
    for side, number in sides:
        key = _key(side)
        if key not in pot_of:
            problems.append(
                DrawProblem(
                    "NOT_ELIGIBLE",
                    gettext_noop("%(club)s n'est pas qualifié pour ce tour"),
                    {"club": _label(side), "pairing": number},
                )
            )
        elif key in placed:
            problems.append(
                DrawProblem("TWICE", gettext_noop("%(club)s est tiré deux fois"), {"club": label[key], "pairing": number})
            )
        else:
            placed.add(key)
    for p in pairings:
        home, away = pot_of.get(_key(p.home)), pot_of.get(_key(p.away))
        if home is not None and away is not None and home is not away:
            problems.append(
                DrawProblem(
                    "MIXED_POTS",
                    gettext_noop(
                        "appariement n° %(pairing)s: %(home)s (%(home_pot)s) et %(away)s (%(away_pot)s) "
                        "ne sont pas de la même région"
                    ),
                    {
                        "pairing": p.number,
                        "home": label[_key(p.home)],
                        "away": label[_key(p.away)],
                        "home_pot": home.name,
                        "away_pot": away.name,
                    },
                    article="13",
                )
            )
    missing = [label[key] for key in pot_of if key not in placed]
    if missing:
        problems.append(
            DrawProblem("MISSING", gettext_noop("qualifiés absents du tirage: %(clubs)s"), {"clubs": ", ".join(missing)})
        )
    for pot in inputs.pots:
        byes = matches_and_byes(len(pot.entrants), pot.keep)[1]
        recorded = sum(1 for e in exempted if pot_of.get(_key(e.entrant)) is pot)
        if recorded != byes:
            problems.append(
                DrawProblem(
                    "BYES",
                    gettext_noop("%(pot)s: %(byes)s club(s) exempté(s) attendu(s), %(recorded)s saisi(s)"),
                    {"pot": pot.name, "byes": byes, "recorded": recorded},
                )
            )
    return problems


def next_round_inputs(inputs: DrawInputs, outcome: Outcome) -> DrawInputs:
    """The pot of the round drawn at the same time: the winners of this round's pairings, then the
    clubs it exempted."""
    balls = [WinnerOf(p.number) for p in outcome.pairings] + [e.entrant for e in outcome.exempted]
    return DrawInputs(round="", pots=(Pot(name="tour suivant", keep=inputs.next_keep, entrants=tuple(balls)),))
