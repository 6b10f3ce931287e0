"""Reading the federation's published draw format (DOMAIN.md: "The published draw format is loose")."""

import datetime

import pytest

from competitions.published_draw import LineError, LineProblem, parse_published_draw

SEED_PAIRINGS = {
    1: ("JS Azazga", "L2", "US Tebessa", "Rég"),
    5: ("CR Ben Badis", "Rég", "J. Sidi -Salem", "Rég"),
    9: ("AB Barika", "L2", "ASO Chlef", "L1"),
    10: ("US Chaouia", "Rég", "JSM Tiaret", "L2"),
    11: ("U. Boukhadra", "Rég", "USM Alger", "L1"),
    13: ("NA Hussein-Dey", "L2", "WA Mostaganem", "L2"),
    14: ("CR.Beni Thamou", "Rég", "O. Akbou", "L2"),
    32: ("MB Rouissat", "Rég", "Guir Abadla", "L2"),
}
SEED_BRACKET = [
    (13, 28),
    (9, 25),
    (24, 19),
    (8, 22),
    (18, 7),
    (23, 31),
    (11, 32),
    (16, 20),
    (21, 6),
    (29, 12),
    (30, 17),
    (26, 15),
    (3, 4),
    (1, 5),
    (10, 27),
    (14, 2),
]


def test_seed_gives_its_32_pairings_and_16_bracket_lines(seed_text):
    parsed = parse_published_draw(seed_text)
    assert parsed.errors == []
    assert [p.number for p in parsed.pairings] == list(range(1, 33))
    for number, expected in SEED_PAIRINGS.items():
        pairing = parsed.pairings[number - 1]
        assert (pairing.home, pairing.home_division, pairing.away, pairing.away_division) == expected
    assert [(line.first, line.second) for line in parsed.bracket] == SEED_BRACKET


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. JS Azazga (L2) – US Tebessa (Rég)", (1, "JS Azazga", "L2", "US Tebessa", "Rég")),
        ("10.US Chaouia (Rég)- JSM Tiaret (L2)", (10, "US Chaouia", "Rég", "JSM Tiaret", "L2")),
        ("11 U. Boukhadra (Rég) – USM Alger (L1)", (11, "U. Boukhadra", "Rég", "USM Alger", "L1")),
        ("32 .MB Rouissat (Rég) – Guir Abadla (L2)", (32, "MB Rouissat", "Rég", "Guir Abadla", "L2")),
        ("4. AS Khroubs (L2)- CRB Henaya (Rég).", (4, "AS Khroubs", "L2", "CRB Henaya", "Rég")),
        ("7. JSD Jijel ( Rég )-MC Ouled Yaiche (Rég)", (7, "JSD Jijel", "Rég", "MC Ouled Yaiche", "Rég")),
        ("2. J. Sidi -Salem (Rég) — NA Hussein-Dey (L2)", (2, "J. Sidi -Salem", "Rég", "NA Hussein-Dey", "L2")),
        ("3- JS Azazga (L2) -- US Tebessa (Rég)", (3, "JS Azazga", "L2", "US Tebessa", "Rég")),
        ("3) JS Azazga (L2) – US Tebessa (Rég)", (3, "JS Azazga", "L2", "US Tebessa", "Rég")),
        ("N°3 JS Azazga (L2) \u2212 US Tebessa (Rég)", (3, "JS Azazga", "L2", "US Tebessa", "Rég")),
    ],
)
def test_quirky_pairing_lines(line, expected):
    # The other numbers of the list, so that the numbering is complete.
    others = [f"{n}. Club {n}A (L1) – Club {n}B (L2)" for n in range(1, expected[0])]
    parsed = parse_published_draw("\n".join([*others, line]))
    assert parsed.errors == []
    pairing = parsed.pairings[-1]
    assert (pairing.number, pairing.home, pairing.home_division, pairing.away, pairing.away_division) == expected


@pytest.mark.parametrize(
    "line",
    ["Vainqueur N 1 contre Vainqueur N 2.", "vainqueur n°1 contre vainqueur N° 2", "Vainqueur N1 contre Vainqueur N2"],
)
def test_quirky_bracket_lines(line):
    parsed = parse_published_draw("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\n" + line)
    assert parsed.errors == []
    assert [(b.first, b.second) for b in parsed.bracket] == [(1, 2)]


def test_prose_before_the_list_is_ignored():
    text = (
        "Le tirage a eu lieu dimanche à Alger.\n3 février 2024: les 32 clubs qualifiés connaissent leur adversaire.\n"
        "L'ASO Chlef affrontera l'AB Barika.\n1. A (L1) – B (L2)"
    )
    parsed = parse_published_draw(text)
    assert parsed.errors == [] and len(parsed.pairings) == 1


def test_headings_say_which_round_and_when(seed_text):
    parsed = parse_published_draw(seed_text)
    assert (parsed.pairings_heading.line, parsed.pairings_heading.stage) == (4, "LAST_64")
    assert parsed.pairings_heading.day == datetime.date(2024, 2, 3)
    assert (parsed.bracket_heading.stage, parsed.bracket_heading.day) == ("LAST_32", datetime.date(2024, 2, 20))


@pytest.mark.parametrize(
    ("heading", "stage"),
    [
        ("Tirage des 1/8 de finale:", "LAST_16"),
        ("Huitièmes de finale (1er mars 2024):", "LAST_16"),
        ("Tirage au sort des quarts de finale:", "QUARTER_FINALS"),
        ("Demi-finales:", "SEMI_FINALS"),
        ("Tirage au sort de la finale:", "FINAL"),
        ("Tirage au sort du 3e tour régional:", None),
        ("Tirage au sort des seizièmes de finale (20 février 2024):", "LAST_32"),
        ("Trente-deuxièmes de finale:", "LAST_64"),
        ("Tirage des 1/2 finales:", "SEMI_FINALS"),
    ],
)
def test_heading_stages(heading, stage):
    parsed = parse_published_draw(heading + "\n1. A (L1) – B (L2)")
    assert parsed.pairings_heading.stage == stage


@pytest.mark.parametrize(
    ("text", "line", "problem", "params"),
    [
        ("1. A (L1) – B (L2)\n2. C (L1) – D\n", 2, LineProblem.MISSING_DIVISION, {}),
        ("1. A (L1) – B (L2)\n2. C (L1) D (L2)\n", 2, LineProblem.MISSING_SEPARATOR, {}),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2) (L3)\n", 2, LineProblem.TOO_MANY_BRACKETS, {}),
        ("1. A (L1) – B (L2)\n2. C (L1) – (L2)\n", 2, LineProblem.MISSING_CLUB, {}),
        ("1. A (L1) – B (L2)\n2. (L1) – D (L2)\n", 2, LineProblem.MISSING_CLUB, {}),
        ("1. Club (L1) 2 – B (L2)\n", 1, LineProblem.MISSING_SEPARATOR, {}),
        ("2. C (L1) – D (L2)\n", 1, LineProblem.MISSING_NUMBER_BEFORE, {"number": 1}),
        ("1. A (L1) – B (L2)\nquelque chose d'autre\n2. C (L1) – D (L2)", 2, LineProblem.UNEXPECTED_LINE, {}),
        (
            "1. A (Rég) – B (Rég)\n2. C (Rég) – D (Rég) (match avancé, tour suivant le 5 octobre 2023)\n",
            2,
            LineProblem.TOO_MANY_BRACKETS,
            {},
        ),
        ("1. A (L1) – B (L2)\n1. C (L1) – D (L2)\n", 2, LineProblem.DUPLICATE_NUMBER, {"number": 1, "other_line": 1}),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 1 contre Vainqueur N 3\n",
            3,
            LineProblem.UNKNOWN_PAIRING,
            {"number": 3},
        ),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 1 contre Vainqueur N 1\n",
            3,
            LineProblem.WINNER_AGAINST_ITSELF,
            {},
        ),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\n3. E (L1) – F (L2)\n4. G (L1) – H (L2)\n"
            "Vainqueur N 1 contre Vainqueur N 2\nVainqueur N 3 contre Vainqueur N 1\n",
            6,
            LineProblem.WINNER_PLACED_TWICE,
            {"number": 1, "other_line": 5},
        ),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\n3. E (L1) – F (L2)\n4. G (L1) – H (L2)\n"
            "Vainqueur N 1 contre Vainqueur N 2\n",
            5,
            LineProblem.WINNERS_NOT_PLACED,
            {"numbers": "3, 4"},
        ),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur 1 contre 2\n", 3, LineProblem.UNREADABLE_BRACKET, {}),
        ("1. A (L1) – B (L2)\n\n3. C (L1) – D (L2)\n", 1, LineProblem.MISSING_NUMBER, {"number": 2}),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 2 contre Vainqueur N 1\n1. E (L1) – F (L2)",
            4,
            LineProblem.PAIRING_AFTER_BRACKET,
            {},
        ),
    ],
)
def test_broken_lines_are_named_with_their_number(text, line, problem, params):
    parsed = parse_published_draw(text)
    assert (parsed.errors[0].line, parsed.errors[0].problem, parsed.errors[0].params) == (line, problem, params)


def test_one_mangled_line_gives_one_error_not_a_cascade(seed_text):
    """A pairing that does not read must not also make its bracket line look wrong."""
    broken = seed_text.replace("4. AS Khroubs (L2)- CRB Henaya (Rég)", "4. AS Khroubs (L2)- CRB Henaya")
    parsed = parse_published_draw(broken)
    assert parsed.errors == [LineError(8, LineProblem.MISSING_DIVISION, "4. AS Khroubs (L2)- CRB Henaya")]


def test_a_repeated_number_quotes_the_line_as_printed():
    parsed = parse_published_draw("1. A (L1) – B (L2)\n1. C (L1) – D (Rég)\n")
    assert parsed.errors[0].text == "1. C (L1) – D (Rég)"


def test_prose_after_the_list_is_ignored(seed_text):
    closing = "\nLa finale aura lieu le 5 juillet 2024 au stade du 5-Juillet.\nD'autres détails suivront.\n"
    parsed = parse_published_draw(seed_text + closing)
    assert parsed.errors == [] and len(parsed.bracket) == 16
    assert parsed.bracket_heading.stage == "LAST_32"


def test_a_mangled_line_after_the_list_is_still_an_error(seed_text):
    parsed = parse_published_draw(seed_text + "\n33. CR Zaouia (Rég) ASM Oran (L2)\n")
    assert [(error.line, error.problem) for error in parsed.errors] == [(55, LineProblem.MISSING_SEPARATOR)]
