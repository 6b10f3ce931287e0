"""What must never be false is refused by the database itself, not only by a form or a service."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from clubs.models import Club, ClubSeason, Division
from competitions.models import Draw, Pairing
from cupfaf.models import AuditEntry
from matches.models import Goal, Match

from .test_every_constraint import refusal_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def clubs(db):
    return [Club.objects.create(name=name) for name in ("JS Kabylie", "CR Belouizdad", "MC Alger", "USM Alger", "ES Sétif", "MC Oran")]


@pytest.fixture
def last_64(edition):
    return edition.rounds.get(stage="LAST_64")


@pytest.fixture
def match(last_64, clubs):
    return Match.objects.create(round=last_64, number=1, home_club=clubs[0], away_club=clubs[1])


def assert_refused(make, constraint, model=Match):
    """The database refuses what `make` writes, and it is `constraint` (of `model`) that refuses it.

    The trigger `match_club_once_per_round` names itself in its message.
    """
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        make()
    marks = [constraint] if constraint == "match_club_once_per_round" else refusal_marks(model, constraint)
    assert any(mark in str(refused.value) for mark in marks), str(refused.value)


def save_with(match, **fields):
    for name, value in fields.items():
        setattr(match, name, value)
    match.save()


def test_a_club_never_meets_itself(last_64, clubs):
    assert_refused(
        lambda: Match.objects.create(round=last_64, number=1, home_club=clubs[0], away_club=clubs[0]),
        "match_club_not_against_itself",
    )


def test_a_club_never_meets_itself_in_a_pairing(last_64, clubs):
    draw = Draw.objects.create(round=last_64, method="CEREMONY")
    assert_refused(
        lambda: Pairing.objects.create(draw=draw, number=1, home_club=clubs[0], away_club=clubs[0]),
        "pairing_club_not_against_itself",
        Pairing,
    )


def test_a_pairing_number_is_unique_in_its_round(last_64, clubs):
    draw = Draw.objects.create(round=last_64, method="CEREMONY")
    Pairing.objects.create(draw=draw, number=1, home_club=clubs[0], away_club=clubs[1])
    assert_refused(
        lambda: Pairing.objects.create(draw=draw, number=1, home_club=clubs[2], away_club=clubs[3]),
        "pairing_unique_number",
        Pairing,
    )


def test_a_pairing_side_is_a_club_or_a_winner_never_both_nor_neither(last_64, clubs):
    draw = Draw.objects.create(round=last_64, method="CEREMONY")
    first = Pairing.objects.create(draw=draw, number=1, home_club=clubs[0], away_club=clubs[1])
    assert_refused(
        lambda: Pairing.objects.create(draw=draw, number=2, away_club=clubs[2]), "pairing_home_is_club_or_winner", Pairing
    )
    assert_refused(
        lambda: Pairing.objects.create(
            draw=draw, number=2, home_club=clubs[2], home_winner_of=first, away_club=clubs[3]
        ),
        "pairing_home_is_club_or_winner",
        Pairing,
    )
    assert_refused(
        lambda: Pairing.objects.create(draw=draw, number=2, home_club=clubs[2]), "pairing_away_is_club_or_winner", Pairing
    )
    assert_refused(
        lambda: Pairing.objects.create(
            draw=draw, number=2, home_club=clubs[2], away_club=clubs[3], away_winner_of=first
        ),
        "pairing_away_is_club_or_winner",
        Pairing,
    )


def test_a_round_has_one_draw(last_64):
    Draw.objects.create(round=last_64, method="CEREMONY")
    # A second draw that is valid in every other way: only the one-draw-per-round rule refuses it.
    assert_refused(lambda: Draw.objects.create(round=last_64, method="CEREMONY"), "field:round", Draw)


def test_a_match_number_is_unique_in_its_round(match, last_64, clubs):
    assert_refused(
        lambda: Match.objects.create(round=last_64, number=1, home_club=clubs[2], away_club=clubs[3]),
        "match_unique_number_in_round",
    )


@pytest.mark.parametrize(
    ("side", "other_side"),
    [("home_club", "home_club"), ("home_club", "away_club"), ("away_club", "home_club"), ("away_club", "away_club")],
)
def test_a_club_plays_at_most_once_in_a_round(match, last_64, clubs, side, other_side):
    # The club of `match` on `side` appears again on `other_side` of another match of the round.
    again = {other_side: getattr(match, side), ("away_club" if other_side == "home_club" else "home_club"): clubs[2]}
    assert_refused(lambda: Match.objects.create(round=last_64, number=2, **again), "match_club_once_per_round")


def test_a_club_plays_at_most_once_in_a_round_also_on_update(match, last_64, clubs):
    other = Match.objects.create(round=last_64, number=2, home_club=clubs[2], away_club=clubs[3])
    assert_refused(lambda: save_with(other, away_club=clubs[0]), "match_club_once_per_round")


def test_a_club_plays_again_in_another_round(match, edition, clubs):
    last_32 = edition.rounds.get(stage="LAST_32")
    Match.objects.create(round=last_32, number=1, home_club=clubs[0], away_club=clubs[2])


def test_a_shootout_only_where_the_score_after_play_is_level(match):
    assert_refused(
        lambda: save_with(match, home_regular_time=2, away_regular_time=1, home_penalties=4, away_penalties=3),
        "match_shootout_only_when_level_and_decisive",
    )


def test_a_shootout_only_where_extra_time_left_it_level(match):
    assert_refused(
        lambda: save_with(
            match,
            home_regular_time=1,
            away_regular_time=1,
            home_extra_time=1,
            away_extra_time=0,
            home_penalties=4,
            away_penalties=3,
        ),
        "match_shootout_only_when_level_and_decisive",
    )


def test_a_shootout_has_a_winner(match):
    assert_refused(
        lambda: save_with(match, home_regular_time=1, away_regular_time=1, home_penalties=4, away_penalties=4),
        "match_shootout_only_when_level_and_decisive",
    )


def test_a_level_shootout_after_level_extra_time_is_accepted(match):
    save_with(
        match,
        home_regular_time=1,
        away_regular_time=1,
        home_extra_time=1,
        away_extra_time=1,
        home_penalties=5,
        away_penalties=4,
        winner=match.home_club,
        status="FINISHED",
    )


def test_extra_time_only_after_a_level_regular_time(match):
    assert_refused(
        lambda: save_with(match, home_regular_time=1, away_regular_time=0, home_extra_time=1, away_extra_time=0),
        "match_extra_time_only_after_level_regular_time",
    )


def test_a_score_has_both_sides(match):
    assert_refused(lambda: save_with(match, home_regular_time=1), "match_regular_time_both_sides")


def test_half_time_cannot_exceed_the_final_score(match):
    assert_refused(
        lambda: save_with(match, home_half_time=2, away_half_time=0, home_regular_time=1, away_regular_time=0),
        "match_half_time_within_regular_time",
    )


def test_the_winner_is_one_of_the_two_clubs(match, clubs):
    # Awarded, so that only the participant rule can refuse it (a scheduled match has no winner at all).
    assert_refused(
        lambda: save_with(match, status="AWARDED", winner=clubs[2], awarded_reason="r", awarded_article="19.2"),
        "match_winner_is_a_participant",
    )


def test_a_finished_match_has_a_score_and_a_winner(match):
    assert_refused(lambda: save_with(match, status="FINISHED"), "match_finished_has_score_and_winner")


def test_an_awarded_match_states_its_decision(match):
    assert_refused(lambda: save_with(match, status="AWARDED", winner=match.away_club), "match_awarded_has_decision")
    match.refresh_from_db()
    assert_refused(
        lambda: save_with(match, awarded_reason="Manque de ballons", awarded_article="19.2"), "match_awarded_has_decision"
    )
    match.refresh_from_db()
    save_with(
        match, status="AWARDED", winner=match.away_club, awarded_reason="Manque de ballons", awarded_article="19.2"
    )


def test_the_next_slot_goes_with_the_next_match(match, edition, clubs):
    assert_refused(lambda: save_with(match, next_slot="HOME"), "match_next_slot_with_next_match")


def test_one_match_feeds_each_slot(match, last_64, edition, clubs):
    following = Match.objects.create(round=edition.rounds.get(stage="LAST_32"), number=1)
    save_with(match, next_match=following, next_slot="HOME")
    other = Match.objects.create(round=last_64, number=2, home_club=clubs[2], away_club=clubs[3])
    assert_refused(lambda: save_with(other, next_match=following, next_slot="HOME"), "match_one_feeder_per_slot")


def test_a_club_has_one_division_per_season(edition, clubs):
    ClubSeason.objects.create(club=clubs[0], season=edition.season, division=Division.objects.get(code="L1"))
    assert_refused(
        lambda: ClubSeason.objects.create(
            club=clubs[0], season=edition.season, division=Division.objects.get(code="L2")
        ),
        "clubseason_one_per_season",
        ClubSeason,
    )


@pytest.mark.parametrize("minute", [0, 121])
def test_a_goal_is_scored_during_play(match, minute):
    assert_refused(
        lambda: Goal.objects.create(match=match, team="HOME", minute=minute, scorer="Oukil"), "goal_minute_in_play", Goal
    )


def test_scores_cannot_be_negative(match):
    # The column's own CHECK (a positive integer field), which Django names after the column.
    with pytest.raises(IntegrityError, match="home_regular_time"), transaction.atomic():
        save_with(match, home_regular_time=-1, away_regular_time=0)


def test_every_change_moves_the_version_on(match):
    assert match.version == 1
    save_with(match, kickoff=None)
    save_with(match, status="POSTPONED")
    match.refresh_from_db()
    assert match.version == 3


def test_the_audit_trail_cannot_be_changed_or_deleted(seeded_edition):
    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 2


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM cupfaf_auditentry", "UPDATE cupfaf_auditentry SET actor_label = 'someone else'"],
)
def test_the_database_refuses_to_change_or_delete_the_audit_trail(seeded_edition, statement):
    """Raw SQL goes around the application: the trigger (audit_append_only on PostgreSQL,
    audit_no_update / audit_no_delete on SQLite) refuses it all the same."""
    before = list(AuditEntry.objects.values_list("id", "actor_label"))
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(AuditEntry.objects.values_list("id", "actor_label")) == before


def finish(match, **score):
    for name, value in score.items():
        setattr(match, name, value)
    match.status = "FINISHED"
    match.save()


@pytest.mark.parametrize(
    ("score", "winner_side"),
    [
        ({"home_regular_time": 3, "away_regular_time": 0}, "away"),
        ({"home_regular_time": 1, "away_regular_time": 2}, "home"),
        ({"home_regular_time": 1, "away_regular_time": 1}, "home"),  # level, no extra time, no shoot-out
        ({"home_regular_time": 1, "away_regular_time": 1, "home_extra_time": 0, "away_extra_time": 1}, "home"),
        (
            {"home_regular_time": 0, "away_regular_time": 0, "home_penalties": 5, "away_penalties": 4},
            "away",
        ),
    ],
)
def test_a_finished_matchs_winner_follows_the_score(match, score, winner_side):
    """Art. 18.1: the score after play decides, else the shoot-out; a winner against it is refused."""
    winner = match.home_club if winner_side == "home" else match.away_club
    assert_refused(lambda: finish(match, winner=winner, **score), "match_finished_winner_follows_score")


@pytest.mark.parametrize(
    ("score", "winner_side"),
    [
        ({"home_regular_time": 1, "away_regular_time": 2}, "away"),  # MO Bejaia 1-2 USM El Harrach
        ({"home_regular_time": 1, "away_regular_time": 1, "home_extra_time": 1, "away_extra_time": 0}, "home"),
        ({"home_regular_time": 2, "away_regular_time": 2, "home_penalties": 3, "away_penalties": 4}, "away"),
    ],
)
def test_a_winner_that_follows_the_score_is_accepted(match, score, winner_side):
    winner = match.home_club if winner_side == "home" else match.away_club
    finish(match, winner=winner, **score)
    match.refresh_from_db()
    assert match.winner == winner


def test_an_awarded_match_may_go_against_the_score(match):
    save_with(
        match,
        home_regular_time=3,
        away_regular_time=0,
        status="AWARDED",
        winner=match.away_club,
        awarded_reason="Match arrêté pour manque de ballons",
        awarded_article="19.2",
    )


def test_no_winner_before_the_match_is_decided(match):
    assert_refused(lambda: save_with(match, winner=match.home_club), "match_winner_only_once_decided")


def test_a_match_does_not_feed_itself(match):
    assert_refused(lambda: save_with(match, next_match=match, next_slot="HOME"), "match_does_not_feed_itself")


def test_a_winner_is_placed_once_in_the_next_draw(edition, last_64, clubs):
    first_draw = Draw.objects.create(round=last_64, method="CEREMONY")
    first = Pairing.objects.create(draw=first_draw, number=1, home_club=clubs[0], away_club=clubs[1])
    second = Pairing.objects.create(draw=first_draw, number=2, home_club=clubs[2], away_club=clubs[3])
    next_draw = Draw.objects.create(round=edition.rounds.get(stage="LAST_32"), method="CEREMONY")
    Pairing.objects.create(draw=next_draw, number=1, home_winner_of=first, away_winner_of=second)
    third = Pairing.objects.create(draw=first_draw, number=3, home_club=clubs[4], away_club=clubs[5])
    # Each side alone, so that each rule is the only one to refuse.
    assert_refused(
        lambda: Pairing.objects.create(draw=next_draw, number=2, home_winner_of=first, away_winner_of=third),
        "pairing_home_winner_placed_once",
        Pairing,
    )
    assert_refused(
        lambda: Pairing.objects.create(draw=next_draw, number=2, home_winner_of=third, away_winner_of=second),
        "pairing_away_winner_placed_once",
        Pairing,
    )


def test_a_saved_field_moves_the_version_in_the_database(match):
    match.status = "POSTPONED"
    match.save(update_fields=["status"])
    assert match.version == 2
    match.refresh_from_db()
    assert match.version == 2


def test_two_saves_from_stale_copies_both_count(match):
    """The version is moved on by the database, so two writers that read version 1 give version 3."""
    first, second = Match.objects.get(pk=match.pk), Match.objects.get(pk=match.pk)
    first.save()
    second.save()
    match.refresh_from_db()
    assert match.version == 3


def test_moving_a_round_moves_its_matches(match, last_64):
    before = match.last_updated
    last_64.date = last_64.date.replace(day=10)
    last_64.save()
    match.refresh_from_db()
    assert match.version == 2 and match.last_updated > before


def test_a_winner_never_meets_itself_in_a_pairing(edition, last_64, clubs):
    first_draw = Draw.objects.create(round=last_64, method="CEREMONY")
    first = Pairing.objects.create(draw=first_draw, number=1, home_club=clubs[0], away_club=clubs[1])
    next_draw = Draw.objects.create(round=edition.rounds.get(stage="LAST_32"), method="CEREMONY")
    assert_refused(
        lambda: Pairing.objects.create(draw=next_draw, number=1, home_winner_of=first, away_winner_of=first),
        "pairing_winner_not_against_itself",
        Pairing,
    )


def test_a_performed_or_published_draw_says_when(last_64):
    assert_refused(
        lambda: Draw.objects.create(round=last_64, method="CEREMONY", status="PERFORMED"), "draw_performed_has_time", Draw
    )
    assert_refused(
        lambda: Draw.objects.create(round=last_64, method="CEREMONY", status="PUBLISHED", performed_at=timezone.now()),
        "draw_published_has_time",
        Draw,
    )


def test_a_partly_loaded_match_still_moves_its_last_update(match):
    before = match.last_updated
    partial = Match.objects.only("id", "status", "version").get(pk=match.pk)
    partial.status = "POSTPONED"
    partial.save()
    match.refresh_from_db()
    assert (match.status, match.version) == ("POSTPONED", 2) and match.last_updated > before
