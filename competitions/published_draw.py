"""Reading the federation's published draw, as newspapers and the FAF print it. Plain Python.

The format is loose (see ../shared/DOMAIN.md): numbers written "1.", "10.US", "11 U.", "32 .MB",
separators "–", "-" or "- " between the clubs, lines that may end with ".". The division tag in
brackets is the reliable anchor, so a pairing line is: number, club, (division), separator, club,
(division). "Vainqueur N x contre Vainqueur N y" lines fix the next round's bracket.

Prose before the first list line is ignored (the press release around the list), except a line
that starts with a number and has brackets: that is a pairing gone wrong. From the first list line
on, every non-blank line must be a pairing, a bracket line or a heading; anything else is an error
naming its line, so a mangled list never imports half-read.

Headings ("32e de finale (3 février 2024):") say which round the list is for and when it is
played; the import checks them against the round it is asked to fill.
"""

import datetime
import re
from dataclasses import dataclass, field
from enum import Enum

_PAIRING = re.compile(
    r"""^\s*(?:n\s*°\s*)?(?P<number>\d{1,4})\s*[.)\-]?\s*
        (?P<home>[^\W\d_][^()]*?)\s*\(\s*(?P<home_division>[^()]+?)\s*\)\s*
        [-\u2010\u2011\u2012\u2013\u2014\u2212]+\s*
        (?P<away>[^\W\d_][^()]*?)\s*\(\s*(?P<away_division>[^()]+?)\s*\)\s*\.?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_BRACKET = re.compile(
    r"^\s*vainqueur\s+n\s*[°o.]?\s*(?P<first>\d{1,4})\s+contre\s+"
    r"vainqueur\s+n\s*[°o.]?\s*(?P<second>\d{1,4})\s*\.?\s*$",
    re.IGNORECASE,
)
_LOOKS_LIKE_PAIRING = re.compile(r"^\s*(n\s*°\s*)?\d.*\(.*\)", re.IGNORECASE)
_LOOKS_LIKE_BRACKET = re.compile(r"^\s*vainqueur\b", re.IGNORECASE)
_HEADING = re.compile(r"\b(tirage|finales?|tour)\b", re.IGNORECASE)
_HEADING_STAGES = (
    (re.compile(r"\b(32\s*(e|è|eme|ème)|1\s*/\s*32|trente-deuxi)", re.IGNORECASE), "LAST_64"),
    (re.compile(r"\b(16\s*(e|è|eme|ème)|1\s*/\s*16|seizi)", re.IGNORECASE), "LAST_32"),
    (re.compile(r"\b(8\s*(e|è|eme|ème)|1\s*/\s*8|huiti[èe]mes?)", re.IGNORECASE), "LAST_16"),
    (re.compile(r"\bquarts?\b|1\s*/\s*4", re.IGNORECASE), "QUARTER_FINALS"),
    (re.compile(r"\bdemi|1\s*/\s*2", re.IGNORECASE), "SEMI_FINALS"),
    (re.compile(r"\bfinale\b", re.IGNORECASE), "FINAL"),
)
_MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
}  # fmt: skip
_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedPairing:
    """One numbered line: the club drawn first (host) against the club drawn second."""

    line: int
    text: str
    number: int
    home: str
    home_division: str
    away: str
    away_division: str


@dataclass(frozen=True)
class PrintedBracketLine:
    """ "Vainqueur N first contre Vainqueur N second": the winner of `first` is drawn first."""

    line: int
    text: str
    first: int
    second: int


class LineProblem(str, Enum):
    """What can be wrong with a line. The words for people live with the service, in every language."""

    PAIRING_AFTER_BRACKET = "pairing_after_bracket"
    UNREADABLE_BRACKET = "unreadable_bracket"
    UNEXPECTED_LINE = "unexpected_line"
    MISSING_DIVISION = "missing_division"
    TOO_MANY_BRACKETS = "too_many_brackets"
    MISSING_CLUB = "missing_club"
    MISSING_SEPARATOR = "missing_separator"
    DUPLICATE_NUMBER = "duplicate_number"
    MISSING_NUMBER = "missing_number"
    MISSING_NUMBER_BEFORE = "missing_number_before"
    WINNER_AGAINST_ITSELF = "winner_against_itself"
    UNKNOWN_PAIRING = "unknown_pairing"
    WINNER_PLACED_TWICE = "winner_placed_twice"
    WINNERS_NOT_PLACED = "winners_not_placed"


@dataclass(frozen=True)
class LineError:
    """A problem on a line of the file; `params` fill in its message (numbers, other line)."""

    line: int
    problem: LineProblem
    text: str = ""
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Heading:
    """A heading of the list: the round it announces (stage code) and the day it gives, when it says."""

    line: int
    text: str
    stage: str | None
    day: datetime.date | None


@dataclass
class PublishedDraw:
    pairings: list[PrintedPairing] = field(default_factory=list)
    bracket: list[PrintedBracketLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    pairings_heading: Heading | None = None  # the last heading before the pairings
    bracket_heading: Heading | None = None  # the last heading between the pairings and the bracket lines


def parse_published_draw(text: str) -> PublishedDraw:
    """Parse a published draw; every problem is collected in `errors` with its line number.

    The numbering and the bracket's references are checked only once every line reads, so that
    one mangled line gives one error, not a cascade. Prose after the last list line (a closing
    paragraph) is ignored like prose before the list, unless it looks like a pairing gone wrong.
    """
    result = PublishedDraw()
    in_list = False
    heading = None  # the heading waiting for the entries it announces
    stray: list[LineError] = []  # lines that are neither entries nor headings, once the list has begun
    last_entry = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if pairing := _PAIRING.match(line):
            in_list, last_entry = True, number
            if result.bracket:
                result.errors.append(LineError(number, LineProblem.PAIRING_AFTER_BRACKET, line))
                continue
            if not result.pairings and heading:
                result.pairings_heading = heading
            heading = None
            result.pairings.append(
                PrintedPairing(
                    line=number,
                    text=line,
                    number=int(pairing["number"]),
                    home=pairing["home"].strip(),
                    home_division=pairing["home_division"].strip(),
                    away=pairing["away"].strip(),
                    away_division=pairing["away_division"].strip(),
                )
            )
        elif bracket := _BRACKET.match(line):
            in_list, last_entry = True, number
            if not result.bracket and heading:
                result.bracket_heading = heading
            heading = None
            result.bracket.append(
                PrintedBracketLine(line=number, text=line, first=int(bracket["first"]), second=int(bracket["second"]))
            )
        elif _LOOKS_LIKE_PAIRING.match(line) or _LOOKS_LIKE_BRACKET.match(line):
            result.errors.append(LineError(number, _diagnose(line), line))
        elif line.endswith(":") and _HEADING.search(line) and len(line) < 120:
            in_list, heading = True, _heading(number, line)
        elif in_list:
            stray.append(LineError(number, LineProblem.UNEXPECTED_LINE, line))
    result.errors += [error for error in stray if error.line < last_entry]
    result.errors.sort(key=lambda error: error.line)
    if not result.errors:
        _check_numbering(result)
    if not result.errors:
        _check_bracket(result)
    return result


def _heading(number: int, line: str) -> Heading:
    stage = next((code for pattern, code in _HEADING_STAGES if pattern.search(line)), None)
    day = None
    if found := _DATE.search(line):
        try:
            day = datetime.date(int(found[3]), _MONTHS[found[2].lower()], int(found[1]))
        except ValueError:
            day = None
    return Heading(number, line, stage, day)


def _diagnose(line: str) -> LineProblem:
    if re.match(r"^\s*vainqueur", line, re.IGNORECASE):
        return LineProblem.UNREADABLE_BRACKET
    brackets = re.findall(r"\(([^()]*)\)", line)
    line = re.sub(r"^\s*n\s*°\s*", "", line, flags=re.IGNORECASE)
    if not re.match(r"^\s*\d", line):
        return LineProblem.UNEXPECTED_LINE
    if len(brackets) < 2:
        return LineProblem.MISSING_DIVISION
    if len(brackets) > 2:
        return LineProblem.TOO_MANY_BRACKETS
    if re.search(r"^\s*\d+\s*[.)\-]?\s*\(|[-\u2013\u2014]\s*\(", line):
        return LineProblem.MISSING_CLUB
    return LineProblem.MISSING_SEPARATOR


def _check_numbering(result: PublishedDraw) -> None:
    """Pairings are numbered 1, 2, 3… without a gap or a repeat."""
    seen: dict[int, PrintedPairing] = {}
    for pairing in result.pairings:
        if pairing.number in seen:
            result.errors.append(
                LineError(
                    pairing.line,
                    LineProblem.DUPLICATE_NUMBER,
                    pairing.text,
                    {"number": pairing.number, "other_line": seen[pairing.number].line},
                )
            )
        seen.setdefault(pairing.number, pairing)
    missing = set(range(1, len(result.pairings) + 1)) - set(seen)
    for number in sorted(missing):
        before = max((p for p in result.pairings if p.number < number), key=lambda p: p.number, default=None)
        if before:
            result.errors.append(LineError(before.line, LineProblem.MISSING_NUMBER, params={"number": number}))
        else:
            result.errors.append(
                LineError(result.pairings[0].line, LineProblem.MISSING_NUMBER_BEFORE, params={"number": number})
            )


def _check_bracket(result: PublishedDraw) -> None:
    """Each bracket line names two pairings of this draw; every winner is placed exactly once."""
    if not result.bracket:
        return
    numbers = {pairing.number for pairing in result.pairings}
    placed: dict[int, int] = {}
    for line in result.bracket:
        if line.first == line.second:
            result.errors.append(LineError(line.line, LineProblem.WINNER_AGAINST_ITSELF, line.text))
            continue
        for reference in (line.first, line.second):
            if reference not in numbers:
                result.errors.append(LineError(line.line, LineProblem.UNKNOWN_PAIRING, line.text, {"number": reference}))
            elif reference in placed:
                result.errors.append(
                    LineError(
                        line.line,
                        LineProblem.WINNER_PLACED_TWICE,
                        line.text,
                        {"number": reference, "other_line": placed[reference]},
                    )
                )
            else:
                placed[reference] = line.line
    unplaced = numbers - set(placed)
    if unplaced and not result.errors:
        result.errors.append(
            LineError(
                result.bracket[-1].line,
                LineProblem.WINNERS_NOT_PLACED,
                params={"numbers": ", ".join(str(n) for n in sorted(unplaced))},
            )
        )
