"""The draw algorithm (competitions.regulation.draw): pure functions, no database."""

import collections
import hashlib
import itertools

import pytest

from competitions.regulation import draw
from competitions.regulation.draw import DrawInputs, Entrant, Pot, WinnerOf


def clubs(n, start=1):
    return tuple(Entrant(i, f"Club {i}") for i in range(start, start + n))


def national(n, keep, next_keep=0):
    return DrawInputs("LAST_64", (Pot("national", keep, clubs(n)),), next_keep)


# --- the generator -------------------------------------------------------------------------------


def test_stream_is_sha256_of_seed_and_counter_read_big_endian():
    stream = draw.RandomStream("graine")
    expected = int.from_bytes(hashlib.sha256(b"graine:0").digest(), "big")
    assert stream.block() == expected
    assert stream.block() == int(hashlib.sha256(b"graine:1").hexdigest(), 16)


class ScriptedStream(draw.RandomStream):
    """A stream whose blocks are given, to see what `below` does with each."""

    def __init__(self, blocks):
        super().__init__("")
        self.blocks = list(blocks)

    def block(self):
        return self.blocks.pop(0)


def test_art_12_1_values_past_the_last_multiple_are_redrawn_so_no_ball_is_favoured():
    top = (1 << 256) - 1  # 2^256 mod 3 == 1: the top value would favour ball 0 with a plain modulo
    stream = ScriptedStream([top, 7])
    assert stream.below(3) == 7 % 3
    assert stream.blocks == []


def test_the_largest_value_below_the_limit_is_kept():
    limit = (1 << 256) - (1 << 256) % 3
    assert ScriptedStream([limit - 1]).below(3) == (limit - 1) % 3


def test_below_one_is_always_zero_and_below_zero_is_an_error():
    assert draw.RandomStream("s").below(1) == 0
    with pytest.raises(ValueError):
        draw.RandomStream("s").below(0)


# --- the shape of a round (byes) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "clubs_, qualifiers, keep",
    [
        (100, 1, 64),  # 36 matches, 28 exempted, then 64 → 32 → … → 1
        (64, 1, 32),
        (65, 1, 64),
        (2, 1, 1),
        (1, 1, 1),  # a region with one club: it qualifies without playing
        (3, 4, 3),  # fewer clubs than qualifiers
        (10, 3, 6),  # 10 → 6 → 3
        (12, 3, 6),
        (13, 3, 12),
        (7, 7, 7),
    ],
)
def test_art_13_a_region_keeps_what_halving_rounds_need_to_end_on_its_qualifiers(clubs_, qualifiers, keep):
    assert draw.clubs_left_after_round(clubs_, qualifiers) == keep


@pytest.mark.parametrize(
    "clubs_, keep, matches, byes",
    [(64, 32, 32, 0), (60, 32, 28, 4), (33, 32, 1, 31), (5, 4, 1, 3), (3, 2, 1, 1), (1, 1, 0, 1)],
)
def test_art_12_1_a_round_plays_just_enough_matches_and_exempts_the_others(clubs_, keep, matches, byes):
    assert draw.matches_and_byes(clubs_, keep) == (matches, byes)


# --- performing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, keep, pairings, exempted",
    [(64, 32, 32, 0), (63, 32, 31, 1), (17, 16, 1, 15), (2, 1, 1, 0), (3, 2, 1, 1), (1, 1, 0, 1)],
)
def test_art_12_1_every_club_drawn_once_in_pairings_or_exempted(n, keep, pairings, exempted):
    outcome = draw.perform(national(n, keep), "seed")
    assert len(outcome.pairings) == pairings
    assert len(outcome.exempted) == exempted
    drawn = [e.entrant.id for e in outcome.exempted] + [s.id for p in outcome.pairings for s in (p.home, p.away)]
    assert sorted(drawn) == list(range(1, n + 1))
    assert [p.number for p in outcome.pairings] == list(range(1, pairings + 1))


@pytest.mark.parametrize("n, keep", [(65, 32), (31, 32), (0, 32), (10, 0)])
def test_a_pot_that_cannot_give_its_qualifiers_in_one_round_is_refused(n, keep):
    with pytest.raises(draw.DrawRefused) as refused:
        draw.perform(national(n, keep), "seed")
    assert refused.value.problems[0].code == "POT_SIZE"
    assert refused.value.problems[0].article == "12.1"


def test_every_club_suspended_leaves_an_empty_pot_which_is_refused():
    with pytest.raises(draw.DrawRefused):
        draw.perform(DrawInputs("ROUND_1", (Pot("Centre", 1, ()),)), "seed")


def test_a_club_in_two_pots_is_refused():
    inputs = DrawInputs("ROUND_1", (Pot("Centre", 1, clubs(2)), Pot("Est", 1, clubs(2, start=2))))
    with pytest.raises(draw.DrawRefused) as refused:
        draw.perform(inputs, "seed")
    assert "DUPLICATE" in [p.code for p in refused.value.problems]


def test_art_13_regions_are_drawn_apart_with_numbers_following_on():
    inputs = DrawInputs(
        "ROUND_1",
        (Pot("Centre", 2, clubs(4)), Pot("Est", 1, clubs(1, start=10)), Pot("Ouest", 3, clubs(5, start=20))),
    )
    outcome = draw.perform(inputs, "seed")
    by_pot = collections.defaultdict(list)
    for p in outcome.pairings:
        by_pot[p.pot].append(p)
        assert {p.home.id // 10, p.away.id // 10} in ({0}, {2})  # both clubs from the same region
    assert [p.number for p in outcome.pairings] == [1, 2, 3, 4]
    assert (len(by_pot["Centre"]), len(by_pot["Ouest"]), len(by_pot["Est"])) == (2, 2, 0)
    assert [(e.entrant.id, e.pot) for e in outcome.exempted if e.pot == "Est"] == [(10, "Est")]
    assert len([e for e in outcome.exempted if e.pot == "Ouest"]) == 1


def test_the_next_round_drawn_at_the_same_time_pairs_winners_and_exempted_clubs():
    outcome = draw.perform(national(12, 8, next_keep=4), "seed")
    assert len(outcome.pairings) == 4 and len(outcome.exempted) == 4
    sides = [s for p in outcome.next_pairings for s in (p.home, p.away)]
    assert sorted(s.number for s in sides if isinstance(s, WinnerOf)) == [1, 2, 3, 4]
    assert sorted(s.id for s in sides if isinstance(s, Entrant)) == sorted(e.entrant.id for e in outcome.exempted)


def test_same_inputs_and_seed_give_the_same_draw_and_any_change_another():
    inputs = national(32, 16, next_keep=8)
    reference = draw.outcome_document(draw.perform(inputs, "seed"))
    assert draw.outcome_document(draw.perform(inputs, "seed")) == reference
    assert draw.outcome_document(draw.perform(inputs, "seee")) != reference
    reordered = DrawInputs(inputs.round, (Pot("national", 16, inputs.pots[0].entrants[::-1]),), 8)
    assert draw.outcome_document(draw.perform(reordered, "seed")) != reference
    replaced = DrawInputs(inputs.round, (Pot("national", 16, (*inputs.pots[0].entrants[:-1], Entrant(99, "X"))),), 8)
    assert draw.outcome_document(draw.perform(replaced, "seed")) != reference


def test_the_inputs_document_reads_back_to_the_same_inputs():
    inputs = DrawInputs("ROUND_2", (Pot("Centre", 2, clubs(3)), Pot("Hauts Plateaux", 1, clubs(2, start=5))), 0)
    text = draw.inputs_document(inputs)
    assert text.splitlines()[:4] == ["cupfaf-draw-1", "round ROUND_2", "next 0", "pot 2 Centre"]
    assert draw.parse_inputs(text) == inputs


@pytest.mark.parametrize(
    "text", ["", "other-algo\n", "cupfaf-draw-1\nround X\nnext x\n", "cupfaf-draw-1\nround X\nnext 0\nbad line\n"]
)
def test_a_malformed_inputs_document_names_what_is_wrong(text):
    with pytest.raises(ValueError, match="line"):
        draw.parse_inputs(text)


# --- uniformity: fixed seeds, so the counts are the same on every run and cannot flake ------------


def test_art_12_1_each_club_is_equally_likely_to_host_the_first_pairing():
    runs, n = 8000, 8
    hosts = collections.Counter(
        draw.perform(national(n, n // 2), f"uniform-{i}").pairings[0].home.id for i in range(runs)
    )
    expected = runs / n  # 1000; one standard deviation is about 30
    assert set(hosts) == set(range(1, n + 1))
    assert all(abs(count - expected) < 150 for count in hosts.values()), hosts


def test_art_12_1_every_order_of_four_balls_is_equally_likely():
    runs = 24 * 500
    orders = collections.Counter(tuple(draw.draw_order("ABCD", draw.RandomStream(f"perm-{i}"))) for i in range(runs))
    assert set(orders) == set(itertools.permutations("ABCD"))
    chi_square = sum((count - 500) ** 2 / 500 for count in orders.values())
    assert chi_square < 60  # 23 degrees of freedom: the 99.99th percentile is about 57


# --- a draw typed in after a public ceremony ----------------------------------------------------


def recorded(pairings, exempted=(), pot=""):
    return draw.Outcome(
        pairings=[
            draw.DrawnPairing(i, Entrant(h, f"Club {h}"), Entrant(a, f"Club {a}"), pot)
            for i, (h, a) in enumerate(pairings, 1)
        ],
        exempted=[draw.Exempted(Entrant(c, f"Club {c}"), pot) for c in exempted],
    )


def codes(inputs, outcome):
    return sorted(p.code for p in draw.check_recorded(inputs, outcome))


def test_a_recorded_draw_with_every_club_once_passes():
    assert codes(national(6, 4), recorded([(1, 2), (3, 4)], exempted=[5, 6])) == []


@pytest.mark.parametrize(
    "pairings, exempted, expected",
    [
        ([(1, 2), (3, 4)], [5], ["BYES", "MISSING"]),  # club 6 forgotten
        ([(1, 2), (3, 4)], [5, 5], ["MISSING", "TWICE"]),
        ([(1, 2), (3, 9)], [5, 6], ["MISSING", "NOT_ELIGIBLE"]),  # 9 not qualified, 4 missing
        ([(1, 2), (3, 4), (5, 6)], [], ["BYES"]),  # a round that keeps 4 of 6 has 2 exempted clubs
    ],
)
def test_a_recorded_draw_names_every_problem(pairings, exempted, expected):
    assert codes(national(6, 4), recorded(pairings, exempted)) == expected


def test_art_13_a_recorded_first_phase_pairing_across_regions_is_refused():
    inputs = DrawInputs("ROUND_1", (Pot("Centre", 1, clubs(2)), Pot("Est", 1, clubs(2, start=3))))
    problems = draw.check_recorded(inputs, recorded([(1, 3), (2, 4)]))
    assert {p.code for p in problems} == {"MIXED_POTS"}
    assert problems[0].article == "13"


@pytest.mark.parametrize(
    ("clubs", "keep", "refused"),
    [(16, 8, False), (9, 8, False), (8, 8, True), (17, 8, True), (2, 1, False), (1, 1, True)],
)
def test_art_12_1_a_national_round_is_drawn_from_more_than_it_keeps_and_at_most_twice_as_many(clubs, keep, refused):
    problems = draw.check_national_round(clubs, keep)
    assert bool(problems) == refused
    assert all(p.article == "12.1" and p.params["count"] == clubs for p in problems)


def test_art_13_the_national_phase_waits_for_every_region_to_reach_its_qualifiers():
    quotas = {"Centre": 3, "Est": 2, "Sud": 1}
    assert draw.check_first_phase_finished({"Centre": 3, "Est": 2, "Sud": 1}, quotas) == []
    assert draw.check_first_phase_finished({"Centre": 2, "Ouest": 40}, quotas) == []  # fewer, or no quota
    (problem,) = draw.check_first_phase_finished({"Centre": 3, "Est": 4}, quotas)
    assert (problem.article, problem.params) == ("13", {"region": "Est", "clubs": 4, "quota": 2})
