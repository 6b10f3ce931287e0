"""Reading the federation's published draw format (DOMAIN.md: "The published draw format is loose")."""

import pytest

from competitions.published_draw import parse_published_draw

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
    text = "Le tirage a eu lieu dimanche à Alger.\nL'ASO Chlef affrontera l'AB Barika.\n1. A (L1) – B (L2)"
    parsed = parse_published_draw(text)
    assert parsed.errors == [] and len(parsed.pairings) == 1


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("1. A (L1) – B (L2)\n2. C (L1) – D\n", 2, "division manquante"),
        ("1. A (L1) – B (L2)\n2. C (L1) D (L2)\n", 2, "séparateur manquant"),
        ("1. A (L1) – B (L2)\nquelque chose d'autre\n", 2, "ligne inattendue"),
        ("1. A (L1) – B (L2)\n1. C (L1) – D (L2)\n", 2, "déjà utilisé ligne 1"),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 1 contre Vainqueur N 3\n", 3, "n'existe pas"),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 1 contre Vainqueur N 1\n", 3, "lui-même"),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\n3. E (L1) – F (L2)\n4. G (L1) – H (L2)\n"
            "Vainqueur N 1 contre Vainqueur N 2\nVainqueur N 3 contre Vainqueur N 1\n",
            6,
            "le vainqueur du n° 1 est déjà placé ligne 5",
        ),
        (
            "1. A (L1) – B (L2)\n2. C (L1) – D (L2)\n3. E (L1) – F (L2)\n4. G (L1) – H (L2)\n"
            "Vainqueur N 1 contre Vainqueur N 2\n",
            5,
            "vainqueurs des n° 3, 4 non placés",
        ),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur 1 contre 2\n", 3, "illisible"),
        ("1. A (L1) – B (L2)\n\n3. C (L1) – D (L2)\n", 1, "le n° 2 manque après cette ligne"),
        ("1. A (L1) – B (L2)\n2. C (L1) – D (L2)\nVainqueur N 2 contre Vainqueur N 1\n1. E (L1) – F (L2)", 4, "après"),
    ],
)
def test_broken_lines_are_named_with_their_number(text, line, words):
    parsed = parse_published_draw(text)
    assert parsed.errors, "a broken file must be reported"
    assert any(error.line == line and words in str(error) for error in parsed.errors), [str(e) for e in parsed.errors]
    assert f"ligne {line}" in str(parsed.errors[0])


def test_one_mangled_line_gives_one_error_not_a_cascade(seed_text):
    """A pairing that does not read must not also make its bracket line look wrong."""
    broken = seed_text.replace("4. AS Khroubs (L2)- CRB Henaya (Rég)", "4. AS Khroubs (L2)- CRB Henaya")
    parsed = parse_published_draw(broken)
    assert [str(error) for error in parsed.errors] == [
        "ligne 8: division manquante: chaque club doit être suivi de sa division entre parenthèses, ex. (L1)"
        " — « 4. AS Khroubs (L2)- CRB Henaya »"
    ]


def test_a_repeated_number_quotes_the_line_as_printed():
    parsed = parse_published_draw("1. A (L1) – B (L2)\n1. C (L1) – D (Rég)\n")
    assert [str(error) for error in parsed.errors][0] == "ligne 2: numéro 1 déjà utilisé ligne 1 — « 1. C (L1) – D (Rég) »"
