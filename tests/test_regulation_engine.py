"""The regulation engine, article by article, on the 2023 rulebook as fixtures/reference.json loads it.

The engine is plain Python; the rulebook comes from the database so that these tests also pin the
2023 data (amounts, durations, articles) staff start from.
"""

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competitions.models import Regulation
from competitions.regulation import entry_phase, first_phase, gate_receipts_share, visiting_supporters_minimum
from competitions.regulation.results import (
    ReportedGoal,
    ReportedResult,
    goes_through,
    shootout_possible,
    validate_result,
)
from competitions.regulation.rulebook import CategoryGroup, IncidentType, Penalty, PhaseKind
from competitions.regulation.sanctions import MatchFacts, sanctions_for
from competitions.selectors import rulebook_for
from competitions.regulation.score import Pair, Score, Side

HOME, AWAY = Side.HOME, Side.AWAY


@pytest.fixture
def rulebook(reference):
    return rulebook_for(Regulation.objects.get(code="2023"))


# The rulebook is immutable: hypothesis may share one across the examples of a test.
SHARED_RULEBOOK = [HealthCheck.function_scoped_fixture]


def result(regular, extra=None, penalties=None, half=None, goals=(), finished=True):
    return ReportedResult(
        Score(
            half_time=Pair(*half) if half else Pair(None, None),
            regular_time=Pair(*regular) if regular else Pair(None, None),
            extra_time=Pair(*extra) if extra else None,
            penalties=Pair(*penalties) if penalties else None,
        ),
        tuple(goals),
        finished=finished,
    )


def refusals(fmt, reported):
    return [(r.field, r.article) for r in validate_result(fmt, reported)]


# --- art. 18: match format ----------------------------------------------------------------------


def test_art_18_1_seniors_play_two_halves_of_45_then_extra_time_of_two_15(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    assert (fmt.halves, fmt.half_minutes, fmt.extra_time_half_minutes, fmt.article) == (2, 45, 15, "18.1")


@pytest.mark.parametrize(
    "category, minutes",
    [("U19_MEN", 45), ("U17_MEN", 40), ("U15_MEN", 30), ("SENIORS_WOMEN", 45), ("U20_WOMEN", 45), ("U17_WOMEN", 40)],
)
def test_art_18_2_youth_and_women_durations_without_extra_time(rulebook, category, minutes):
    fmt = rulebook.formats[category]
    assert (fmt.halves, fmt.half_minutes, fmt.has_extra_time, fmt.article) == (2, minutes, False, "18.2")


def test_art_18_1_an_away_win_stands_and_the_visitor_goes_through(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    reported = result((1, 2), half=(0, 1))
    assert validate_result(fmt, reported) == []
    passage = goes_through(fmt, reported.score)
    assert (passage.side, passage.article) == (AWAY, "18.1")


def test_art_18_1_a_level_senior_match_without_extra_time_is_refused(rulebook):
    assert refusals(rulebook.formats["SENIORS_MEN"], result((1, 1), penalties=(4, 3))) == [("score.extraTime", "18.1")]


def test_art_18_1_extra_time_then_shootout_decides(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    after_extra_time = result((1, 1), extra=(1, 0))
    assert validate_result(fmt, after_extra_time) == []
    assert goes_through(fmt, after_extra_time.score).side == HOME
    shootout = result((0, 0), extra=(0, 0), penalties=(3, 4))
    assert validate_result(fmt, shootout) == []
    assert goes_through(fmt, shootout.score).side == AWAY


def test_art_18_1_extra_time_after_a_decisive_score_is_refused(rulebook):
    assert refusals(rulebook.formats["SENIORS_MEN"], result((2, 1), extra=(0, 0))) == [("score.extraTime", "18.1")]


def test_art_18_2_extra_time_in_a_u17_match_is_refused(rulebook):
    fmt = rulebook.formats["U17_MEN"]
    refused = validate_result(fmt, result((1, 1), extra=(1, 0)))
    assert [(r.field, r.article) for r in refused] == [("score.extraTime", "18.2")]
    assert "2 × 40" in refused[0].text and "directement aux tirs au but" in refused[0].text


def test_art_18_2_level_youth_match_goes_straight_to_penalties(rulebook):
    fmt = rulebook.formats["U17_MEN"]
    assert validate_result(fmt, result((2, 2), penalties=(5, 4))) == []
    assert refusals(fmt, result((2, 2))) == [("score.penalties", "18.2")]


def test_art_18_a_shootout_after_a_decisive_score_is_refused(rulebook):
    assert refusals(rulebook.formats["U19_MEN"], result((2, 1), penalties=(4, 3))) == [("score.penalties", "18.2")]
    assert refusals(rulebook.formats["SENIORS_MEN"], result((1, 1), extra=(1, 0), penalties=(4, 3))) == [
        ("score.penalties", "18.1")
    ]


@pytest.mark.parametrize("penalties", [(3, 3), (5, 2), (4, 0), (7, 5), (6, 3)])
def test_art_18_a_shootout_cannot_end_level_or_on_an_impossible_score(rulebook, penalties):
    assert refusals(rulebook.formats["SENIORS_MEN"], result((0, 0), extra=(0, 0), penalties=penalties)) == [
        ("score.penalties", "18.1")
    ]


@pytest.mark.parametrize("penalties", [(5, 4), (4, 2), (3, 0), (5, 3), (8, 7), (0, 1), (4, 5)])
def test_art_18_possible_shootout_endings(penalties):
    assert shootout_possible(*penalties)


@pytest.mark.parametrize(
    "reported, field",
    [
        (result((-1, 0)), "score.regularTime"),
        (result((45, 0)), "score.regularTime"),
        (result((1, None)), "score.regularTime"),
        (result((0, 0), extra=(0, -2), penalties=(4, 3)), "score.extraTime"),
        (result((0, 0), extra=(0, 0), penalties=(99, 98)), "score.penalties"),
        (result((1, 0), half=(2, 0)), "score.halfTime"),
    ],
)
def test_art_18_negative_or_absurd_numbers_are_refused(rulebook, reported, field):
    found = refusals(rulebook.formats["SENIORS_MEN"], reported)
    assert found and {f for f, _ in found} == {field} and {a for _, a in found} == {"18.1"}


def test_art_18_a_finished_match_has_a_score(rulebook):
    assert refusals(rulebook.formats["SENIORS_MEN"], result(None)) == [("score.regularTime", "18.1")]


def test_art_18_goals_must_match_the_score(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    goals = [ReportedGoal(AWAY, 15), ReportedGoal(HOME, 60)]
    assert refusals(fmt, result((1, 2), goals=goals)) == [("goals", "18.1")]
    assert validate_result(fmt, result((1, 2), goals=[*goals, ReportedGoal(AWAY, 90, injury_time=3)])) == []
    # A goal before the break is a half-time goal.
    assert refusals(fmt, result((1, 2), half=(0, 0), goals=[*goals, ReportedGoal(AWAY, 80)])) == [("goals", "18.1")]


def test_art_18_goals_in_extra_time_count_for_extra_time(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    goals = [ReportedGoal(HOME, 30), ReportedGoal(AWAY, 70), ReportedGoal(HOME, 104)]
    assert validate_result(fmt, result((1, 1), extra=(1, 0), goals=goals)) == []
    assert refusals(fmt, result((1, 1), extra=(0, 1), goals=goals)) == [("goals", "18.1")]


def test_art_18_2_a_goal_after_the_end_of_a_u15_match_is_refused(rulebook):
    fmt = rulebook.formats["U15_MEN"]
    found = validate_result(fmt, result((1, 0), goals=[ReportedGoal(HOME, 75)]))
    assert [(r.field, r.article) for r in found] == [("goals[0].minute", "18.2")]
    assert "60 minutes" in found[0].text


def test_art_18_injury_time_only_at_the_end_of_a_period(rulebook):
    fmt = rulebook.formats["SENIORS_MEN"]
    assert refusals(fmt, result((1, 0), goals=[ReportedGoal(HOME, 30, injury_time=2)])) == [
        ("goals[0].injuryTime", "18.1")
    ]
    assert validate_result(fmt, result((1, 0), goals=[ReportedGoal(HOME, 45, injury_time=2)])) == []


def test_art_18_a_stopped_match_needs_no_winner(rulebook):
    assert validate_result(rulebook.formats["SENIORS_MEN"], result((0, 0), finished=False)) == []


# --- art. 18, generated results ------------------------------------------------------------------

goals_per_side = st.integers(min_value=-2, max_value=40)
pairs = st.tuples(goals_per_side, goals_per_side)
categories = st.sampled_from(["SENIORS_MEN", "U17_MEN", "U15_MEN", "SENIORS_WOMEN"])


@settings(max_examples=400, deadline=None, suppress_health_check=SHARED_RULEBOOK)
@given(category=categories, regular=pairs, extra=st.none() | pairs, penalties=st.none() | pairs)
def test_art_18_every_accepted_result_sends_exactly_one_side_through(rulebook, category, regular, extra, penalties):
    fmt = rulebook.formats[category]
    reported = result(regular, extra=extra, penalties=penalties)
    if validate_result(fmt, reported):
        return
    passage = goes_through(fmt, reported.score)
    assert passage is not None and passage.article == fmt.article
    after_play = reported.score.after_play
    if after_play.home != after_play.away:
        assert passage.side == (HOME if after_play.home > after_play.away else AWAY)
    else:
        shootout = reported.score.penalties
        assert passage.side == (HOME if shootout.home > shootout.away else AWAY)


@settings(max_examples=200, deadline=None, suppress_health_check=SHARED_RULEBOOK)
@given(
    category=categories,
    home=st.integers(0, 9),
    away=st.integers(0, 9),
    extra=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_art_18_every_real_result_is_accepted(rulebook, category, home, away, extra):
    fmt = rulebook.formats[category]
    if home != away:
        reported = result((home, away))
    elif fmt.has_extra_time and extra[0] != extra[1]:
        reported = result((home, away), extra=extra)
    else:
        level_extra = (extra[0], extra[0]) if fmt.has_extra_time else None
        reported = result((home, away), extra=level_extra, penalties=(5, 4))
    assert validate_result(fmt, reported) == []


# --- art. 12: entry ------------------------------------------------------------------------------


@pytest.mark.parametrize("division", ["L2", "IR", "REG", "HON", "PHON", None])
def test_art_12_2_every_club_but_l1_enters_at_the_preliminary_phase(division):
    assert entry_phase(CategoryGroup.SENIORS, division) == first_phase(CategoryGroup.SENIORS)
    assert entry_phase(CategoryGroup.SENIORS, division).value == "PRELIMINARY"
    assert entry_phase(CategoryGroup.SENIORS, division).article == "12.2"


def test_art_12_2_l1_clubs_enter_at_the_national_phase():
    decision = entry_phase(CategoryGroup.SENIORS, "L1")
    assert (decision.value, decision.article) == ("NATIONAL", "12.2")


@pytest.mark.parametrize("group", [CategoryGroup.YOUTH, CategoryGroup.WOMEN])
def test_art_12_3_youth_and_women_start_with_a_regional_phase(group):
    decision = entry_phase(group, "L1")
    assert (decision.value, decision.article) == ("REGIONAL", "12.3")


# --- art. 11.4 and 11.5 --------------------------------------------------------------------------


@pytest.mark.parametrize("capacity, seats", [(20000, 2000), (12345, 1235), (9, 1)])
def test_art_11_4_at_least_ten_percent_of_the_seats_for_visiting_supporters(rulebook, capacity, seats):
    decision = visiting_supporters_minimum(capacity, rulebook)
    assert (decision.value, decision.article) == (seats, "11.4")


def test_art_11_4_unless_both_clubs_agreed_in_writing(rulebook):
    decision = visiting_supporters_minimum(20000, rulebook, written_agreement=True)
    assert (decision.value, decision.article) == (None, "11.4")


def test_art_11_5_the_faf_share_of_gate_receipts_goes_to_the_lfp(rulebook):
    decision = gate_receipts_share(1_000_002, rulebook)
    assert (decision.value.amount, decision.value.payee, decision.article) == (250_001, "LFP", "11.5")
    assert gate_receipts_share(3, rulebook).value.amount == 1  # 0.75 DA, to the nearest dinar


# --- art. 19: lack of balls, cell by cell --------------------------------------------------------

DIVISIONS = ["L1", "L2", "IR", "REG", "HON", "PHON"]
FIRST_PHASE = {
    CategoryGroup.SENIORS: PhaseKind.PRELIMINARY,
    CategoryGroup.RESERVES: PhaseKind.REGIONAL,
    CategoryGroup.YOUTH: PhaseKind.REGIONAL,
    CategoryGroup.WOMEN: PhaseKind.REGIONAL,
}


def expected_art_19(phase, group, division):
    """The table of art. 19 written out by hand: (side, penalty, amount, points, seasons, article)."""
    if phase != PhaseKind.NATIONAL:
        lost = (HOME, Penalty.MATCH_LOST, None, None, None, "19.1")
        if group == CategoryGroup.RESERVES:
            return {lost, (HOME, Penalty.REFERRAL, None, None, None, "19.1")}
        if group in (CategoryGroup.YOUTH, CategoryGroup.WOMEN) or division in ("HON", "PHON"):
            return {lost, (HOME, Penalty.FINE, 20_000, None, None, "19.1")}
        if division in ("L2", "IR", "REG"):
            return {lost, (HOME, Penalty.FINE, 50_000, None, None, "19.1")}
        return {lost}  # an L1 club plays no preliminary match (art. 12.2)
    if group == CategoryGroup.SENIORS:
        return {
            (HOME, Penalty.MATCH_LOST, None, None, None, "19.2"),
            (HOME, Penalty.POINTS_DEDUCTION, None, 3, None, "19.2"),
            (HOME, Penalty.FINE, 1_000_000, None, None, "19.2"),
            (AWAY, Penalty.FINE, 500_000, None, None, "19.2"),
            (HOME, Penalty.CUP_SUSPENSION, None, None, 2, "19.2"),
        }
    # Reserves, youth, women: the club at fault (here the visitor, to tell it from the organiser).
    return {(AWAY, Penalty.MATCH_LOST, None, None, None, "19.2"), (AWAY, Penalty.FINE, 100_000, None, None, "19.2")}


@pytest.mark.parametrize("division", DIVISIONS)
@pytest.mark.parametrize("group", list(CategoryGroup))
@pytest.mark.parametrize("national", [False, True], ids=["first-phase", "national-phase"])
def test_art_19_lack_of_balls_cell_by_cell(rulebook, national, group, division):
    phase = PhaseKind.NATIONAL if national else FIRST_PHASE[group]
    facts = MatchFacts(phase=phase, group=group, home_division=division, away_division=division)
    proposed = sanctions_for(rulebook, facts, IncidentType.LACK_OF_BALLS, at_fault=AWAY)
    found = {(p.side, p.penalty, p.amount, p.points, p.seasons, p.article) for p in proposed}
    assert found == expected_art_19(phase, group, division)
    assert len(proposed) == len(found)


def test_art_19_1_fine_needs_the_division_of_the_season(rulebook):
    facts = MatchFacts(PhaseKind.PRELIMINARY, CategoryGroup.SENIORS, home_division=None, away_division="REG")
    proposed = sanctions_for(rulebook, facts, IncidentType.LACK_OF_BALLS, at_fault=HOME)
    assert [(p.penalty, p.article) for p in proposed] == [(Penalty.MATCH_LOST, "19.1"), (Penalty.REFERRAL, "19.1")]
    assert "division" in proposed[1].note


# --- art. 10 and 11.3 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "incident, article, amount",
    [(IncidentType.OBLIGATIONS_BREACH, "10", 1_000_000), (IncidentType.ARTICLE_10_3_BREACH, "10.3", 5_000_000)],
)
def test_art_10_breach_costs_the_match_a_fine_and_two_seasons(rulebook, incident, article, amount):
    facts = MatchFacts(PhaseKind.NATIONAL, CategoryGroup.SENIORS, "L1", "L2")
    proposed = sanctions_for(rulebook, facts, incident, at_fault=AWAY)
    assert {(p.side, p.penalty, p.amount, p.seasons, p.article) for p in proposed} == {
        (AWAY, Penalty.MATCH_LOST, None, None, article),
        (AWAY, Penalty.FINE, amount, None, article),
        (AWAY, Penalty.CUP_SUSPENSION, None, 2, article),
    }


def test_art_11_3_no_police_is_left_to_staff_under_article_25(rulebook):
    facts = MatchFacts(PhaseKind.PRELIMINARY, CategoryGroup.SENIORS, "REG", "HON")
    proposed = sanctions_for(rulebook, facts, IncidentType.NO_POLICE, at_fault=AWAY)
    assert [(p.side, p.penalty, p.article) for p in proposed] == [(HOME, Penalty.REFERRAL, "11.3")]
    assert "article 25" in proposed[0].note


def test_art_11_1_crowd_disorder_strikes_the_club_the_report_names_and_is_left_to_staff(rulebook):
    facts = MatchFacts(PhaseKind.NATIONAL, CategoryGroup.SENIORS, "L1", "L1")
    proposed = sanctions_for(rulebook, facts, IncidentType.CROWD_DISORDER, at_fault=AWAY)
    assert [(p.side, p.penalty, p.article) for p in proposed] == [(AWAY, Penalty.REFERRAL, "11.1")]


def test_an_incident_the_rulebook_does_not_cover_is_left_to_staff(rulebook):
    facts = MatchFacts(PhaseKind.NATIONAL, CategoryGroup.SENIORS, "L1", "L1")
    proposed = sanctions_for(rulebook, facts, IncidentType.NO_SHOW, at_fault=AWAY)
    assert [(p.side, p.penalty, p.article) for p in proposed] == [(AWAY, Penalty.REFERRAL, "")]
    assert "2023" in proposed[0].note


def test_the_rulebook_is_data_another_edition_other_amounts(rulebook):
    lines = tuple(
        dataclasses.replace(line, amount=2_000_000) if line.amount == 1_000_000 and line.article == "19.2" else line
        for line in rulebook.sanction_rules
    )
    edition_2025 = dataclasses.replace(rulebook, code="2025", sanction_rules=lines, gate_receipts_percent=Decimal(30))
    facts = MatchFacts(PhaseKind.NATIONAL, CategoryGroup.SENIORS, "L1", "L1")
    fines = {p.amount for p in sanctions_for(edition_2025, facts, IncidentType.LACK_OF_BALLS, HOME) if p.amount}
    assert fines == {2_000_000, 500_000}
    assert gate_receipts_share(1000, edition_2025).value.amount == 300
