"""Every database constraint has a test that fails without it: one row each, a valid record turned
into exactly the wrong one (an UPDATE that no form or service would write), refused by that
constraint, named. `test_the_table_covers_every_constraint` fails when a model gains a constraint
this table does not try.

Checked by mutation: each constraint dropped alone by a migration makes its row fail.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from clubs.models import Club, ClubAlias, ClubSeason, Division, League, Region, Season, Stadium, User, Wilaya
from competitions.models import (
    Category,
    CupFinal,
    Draw,
    Edition,
    Entry,
    Exemption,
    MatchFormat,
    Pairing,
    Phase,
    RegionalQuota,
    Regulation,
    Round,
    SanctionRule,
)
from competitions.services import copy_regulation, set_up_edition
from matches.models import Goal, Match, ResultReport
from sanctions.models import Incident, Sanction

from .test_sanctions import stop_for_lack_of_balls

pytestmark = pytest.mark.django_db

APPS = ("clubs", "competitions", "matches", "sanctions", "cupfaf")


def refusal_marks(model, constraint):
    """What the database's message says when `constraint` of `model` refuses a row.

    A named constraint: its name (a UNIQUE on SQLite names its columns instead). `field:NAME`, a
    field's own uniqueness: its column, as both databases print it.
    """
    table = model._meta.db_table
    if constraint.startswith("field:"):
        column = model._meta.get_field(constraint.removeprefix("field:")).column
        return [f"UNIQUE constraint failed: {table}.{column}", f"Key ({column})=", f'Key ("{column}")=']
    found = next(c for c in model._meta.constraints if c.name == constraint)
    marks = [f'"{constraint}"', f"failed: {constraint}"]
    if isinstance(found, models.UniqueConstraint):
        columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in found.fields)
        marks.append(f"UNIQUE constraint failed: {columns}")
    return marks


def assert_refused(make, model, constraint):
    """The database refuses what `make` writes, and it is `constraint` of `model` that refuses it."""
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        make()
    message = str(refused.value)
    assert any(mark in message for mark in refusal_marks(model, constraint)), message


def update(obj, **fields):
    """An UPDATE straight to the database, past save() and every form and service."""
    return lambda: type(obj).objects.filter(pk=obj.pk).update(**fields)


@pytest.fixture
def world(seeded_edition, django_user_model):
    """The demo edition, plus one of everything the constraints speak of."""
    boss = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    validator = django_user_model.objects.create_user("validator")
    proposed = stop_for_lack_of_balls(13, boss)
    match = Match.objects.get(round__stage="LAST_64", number=2)
    versions = [
        ResultReport.objects.create(
            match=match,
            number=1,
            state=ResultReport.State.VALIDATED,
            content={},
            submitted_by=boss,
            submitted_at=NOW,
            decided_by=validator,
            decided_at=NOW,
        ),
        ResultReport.objects.create(match=match, number=2, content={}, submitted_by=boss, submitted_at=NOW),
    ]
    clubs = list(Club.objects.order_by("id")[:4])
    draw = Draw.objects.get(round__stage="LAST_64")
    centre, est = Region.objects.create(code="CEN", name="Centre"), Region.objects.create(code="EST", name="Est")
    return {
        "boss": boss,
        "edition": seeded_edition,
        "match": match,
        "other_match": Match.objects.get(round__stage="LAST_64", number=3),
        "awarded_source": Match.objects.get(round__stage="LAST_64", number=13),
        "clubs": clubs,
        "draw": draw,
        "sanctions": proposed,
        "incident": Incident.objects.get(),
        "goal": Goal.objects.create(match=match, team="HOME", minute=10, scorer="Rahmani"),
        "versions": versions,
        "stadiums": [
            Stadium.objects.create(name="Stade 1er Novembre", city="Tizi Ouzou", capacity=20_000),
            Stadium.objects.create(name="Stade du 5 Juillet", city="Alger", capacity=64_000),
        ],
        "aliases": [
            ClubAlias.objects.create(club=clubs[0], name="JSA"),
            ClubAlias.objects.create(club=clubs[1], name="UST"),
        ],
        "regions": [centre, est],
        "quotas": [
            RegionalQuota.objects.create(edition=seeded_edition, region=centre, qualifiers=2),
            RegionalQuota.objects.create(edition=seeded_edition, region=est, qualifiers=1),
        ],
        "entries": [
            Entry.objects.create(edition=seeded_edition, club=clubs[0]),
            Entry.objects.create(edition=seeded_edition, club=clubs[1]),
        ],
        "exemptions": [
            Exemption.objects.create(draw=draw, club=clubs[0], order=1),
            Exemption.objects.create(draw=draw, club=clubs[1], order=2),
        ],
        "next_edition": set_up_edition(2024, "SENIORS_MEN", "2023"),
        "next_regulation": copy_regulation(Regulation.objects.get(code="2023"), code="2024", title="2024", actor=boss),
        "finals": [
            CupFinal.objects.create(season=2023, winner="CR Belouizdad", runner_up="MC Alger", winner_goals=1, runner_up_goals=0, sources="s"),
            CupFinal.objects.create(season=2019, held=False, note="COVID-19", sources="s"),
        ],
    }


def rule(penalty):
    return SanctionRule.objects.filter(penalty=penalty).first()


def sanction(w, club, kind):
    return w["sanctions"][(club, kind)]


NOW = timezone.now()
NAHD, WAM = "NA Hussein-Dey", "WA Mostaganem"

# (model, constraint, how to break it given the world)
TABLE = [
    # clubs
    (Season, "season_plausible_year", lambda w: update(Season.objects.get(start_year=2023), start_year=1900)),
    (Season, "field:start_year", lambda w: update(Season.objects.get(start_year=2024), start_year=2023)),
    (Division, "division_rank_positive", lambda w: update(Division.objects.get(code="L1"), rank=0)),
    (Division, "field:code", lambda w: update(Division.objects.get(code="L2"), code="L1")),
    (Division, "field:name", lambda w: update(Division.objects.get(code="L2"), name=Division.objects.get(code="L1").name)),
    (Division, "field:rank", lambda w: update(Division.objects.get(code="L2"), rank=Division.objects.get(code="L1").rank)),
    (Region, "field:code", lambda w: update(w["regions"][1], code="CEN")),
    (Region, "field:name", lambda w: update(w["regions"][1], name="Centre")),
    (Wilaya, "wilaya_number_range", lambda w: update(Wilaya.objects.get(number=1), number=100)),
    (Wilaya, "field:number", lambda w: update(Wilaya.objects.get(number=2), number=1)),
    (Wilaya, "field:name", lambda w: update(Wilaya.objects.get(number=2), name=Wilaya.objects.get(number=1).name)),
    (League, "field:code", lambda w: update(League.objects.get(code="LIRF"), code="LFP")),
    (League, "field:name", lambda w: update(League.objects.get(code="LIRF"), name=League.objects.get(code="LFP").name)),
    (Stadium, "stadium_unique_name_city", lambda w: update(w["stadiums"][1], name="Stade 1er Novembre", city="Tizi Ouzou")),
    (Stadium, "stadium_capacity_positive", lambda w: update(w["stadiums"][0], capacity=0)),
    (Club, "club_name_not_blank", lambda w: update(w["clubs"][0], name_key="")),
    (Club, "field:name_key", lambda w: update(w["clubs"][1], name_key=w["clubs"][0].name_key)),
    (ClubAlias, "clubalias_not_blank", lambda w: update(w["aliases"][0], name_key="")),
    (ClubAlias, "field:name_key", lambda w: update(w["aliases"][1], name_key=w["aliases"][0].name_key)),
    (
        ClubSeason,
        "clubseason_one_per_season",
        lambda w: update(ClubSeason.objects.filter(season__start_year=2023).order_by("id")[1], club=ClubSeason.objects.filter(season__start_year=2023).order_by("id")[0].club),
    ),
    (User, "field:username", lambda w: update(User.objects.create_user("someone"), username="boss")),
    # competitions: the roll of honour
    (CupFinal, "field:season", lambda w: update(w["finals"][1], season=2023)),
    (CupFinal, "cupfinal_season_in_range", lambda w: update(w["finals"][0], season=1950)),
    (CupFinal, "cupfinal_held_has_finalists", lambda w: update(w["finals"][0], runner_up="", runner_up_slug="")),
    (CupFinal, "cupfinal_held_has_finalists", lambda w: update(w["finals"][0], runner_up_slug="cr-belouizdad")),
    (CupFinal, "cupfinal_held_has_finalists", lambda w: update(w["finals"][1], note="")),
    (CupFinal, "cupfinal_held_has_finalists", lambda w: update(w["finals"][1], played_on="2020-07-05")),
    (CupFinal, "cupfinal_held_has_finalists", lambda w: update(w["finals"][0], winner_slug="")),
    (CupFinal, "cupfinal_shootout_after_a_draw", lambda w: update(w["finals"][0], winner_penalties=5, runner_up_penalties=4)),
    (CupFinal, "cupfinal_shootout_after_a_draw", lambda w: update(w["finals"][0], winner_goals=0, winner_penalties=5)),
    (CupFinal, "cupfinal_replay_after_a_draw", lambda w: update(w["finals"][0], replay_winner_goals=2, replay_runner_up_goals=0)),
    (CupFinal, "cupfinal_winner_won", lambda w: update(w["finals"][0], winner_goals=0)),
    # competitions: the rulebook
    (Regulation, "regulation_percentages_in_range", lambda w: update(w["next_regulation"], gate_receipts_percent=101)),
    (Regulation, "field:code", lambda w: update(w["next_regulation"], code="2023")),
    (Category, "category_group_valid", lambda w: update(Category.objects.first(), group="NOPE")),
    (Category, "field:code", lambda w: update(Category.objects.order_by("order")[1], code=Category.objects.order_by("order")[0].code)),
    (Category, "field:name", lambda w: update(Category.objects.order_by("order")[1], name=Category.objects.order_by("order")[0].name)),
    (Category, "field:order", lambda w: update(Category.objects.order_by("order")[1], order=Category.objects.order_by("order")[0].order)),
    (
        MatchFormat,
        "matchformat_one_per_category",
        lambda w: update(
            MatchFormat.objects.filter(regulation__code="2023").order_by("id")[1],
            category=MatchFormat.objects.filter(regulation__code="2023").order_by("id")[0].category,
        ),
    ),
    (MatchFormat, "matchformat_durations_positive", lambda w: update(MatchFormat.objects.first(), half_minutes=61)),
    (MatchFormat, "matchformat_extra_time_positive", lambda w: update(MatchFormat.objects.first(), extra_time_half_minutes=0)),
    (SanctionRule, "rule_incident_valid", lambda w: update(SanctionRule.objects.first(), incident="NOPE")),
    (SanctionRule, "rule_penalty_valid", lambda w: update(rule("MATCH_LOST"), penalty="NOPE")),
    (SanctionRule, "rule_party_valid", lambda w: update(SanctionRule.objects.first(), party="NOPE")),
    (SanctionRule, "rule_fine_has_amount", lambda w: update(rule("FINE"), amount=None)),
    (SanctionRule, "rule_deduction_has_points", lambda w: update(rule("POINTS_DEDUCTION"), points=None)),
    (SanctionRule, "rule_suspension_has_seasons", lambda w: update(rule("CUP_SUSPENSION"), seasons=None)),
    # competitions: editions, phases, rounds
    (Edition, "edition_one_per_season_category", lambda w: update(w["next_edition"], season=w["edition"].season)),
    (Edition, "field:slug", lambda w: update(w["next_edition"], slug=w["edition"].slug)),
    (Phase, "phase_unique_kind", lambda w: update(w["edition"].phases.get(kind="NATIONAL"), kind=w["edition"].phases.get(order=1).kind)),
    (Phase, "phase_unique_order", lambda w: update(w["edition"].phases.get(kind="NATIONAL"), order=1)),
    (Phase, "phase_kind_valid", lambda w: update(w["edition"].phases.get(kind="NATIONAL"), kind="NOPE")),
    (Round, "round_unique_stage", lambda w: update(w["edition"].rounds.get(stage="LAST_32"), stage="LAST_64")),
    (Round, "round_unique_order", lambda w: update(w["edition"].rounds.get(stage="LAST_32"), order=w["edition"].rounds.get(stage="LAST_64").order)),
    (Round, "round_stage_valid", lambda w: update(w["edition"].rounds.get(stage="LAST_32"), stage="LAST_128")),
    # competitions: draws
    (Draw, "draw_status_valid", lambda w: update(w["draw"], status="NOPE")),
    (Draw, "draw_performed_has_time", lambda w: update(w["draw"], performed_at=None)),
    (Draw, "draw_published_has_time", lambda w: update(w["draw"], published_at=None)),
    (Draw, "draw_software_has_commitment", lambda w: update(w["draw"], method="SOFTWARE", seed="s")),
    (Draw, "draw_software_performed_has_seed", lambda w: update(w["draw"], method="SOFTWARE", inputs_hash="h", algorithm="a")),
    (Draw, "field:round", lambda w: update(Draw.objects.get(round__stage="LAST_32"), round=w["draw"].round)),
    (Pairing, "pairing_unique_number", lambda w: update(w["draw"].pairings.get(number=2), number=1)),
    (
        Pairing,
        "pairing_home_winner_placed_once",
        lambda w: update(
            Pairing.objects.get(draw__round__stage="LAST_32", number=2),
            home_winner_of=Pairing.objects.get(draw__round__stage="LAST_32", number=1).home_winner_of,
        ),
    ),
    (
        Pairing,
        "pairing_away_winner_placed_once",
        lambda w: update(
            Pairing.objects.get(draw__round__stage="LAST_32", number=2),
            away_winner_of=Pairing.objects.get(draw__round__stage="LAST_32", number=1).away_winner_of,
        ),
    ),
    (Pairing, "pairing_number_positive", lambda w: update(w["draw"].pairings.get(number=1), number=0)),
    (Pairing, "pairing_home_is_club_or_winner", lambda w: update(w["draw"].pairings.get(number=1), home_club=None)),
    (Pairing, "pairing_away_is_club_or_winner", lambda w: update(w["draw"].pairings.get(number=1), away_club=None)),
    (
        Pairing,
        "pairing_club_not_against_itself",
        lambda w: update(w["draw"].pairings.get(number=1), away_club=w["draw"].pairings.get(number=1).home_club),
    ),
    (
        Pairing,
        "pairing_winner_not_against_itself",
        lambda w: update(
            Pairing.objects.get(draw__round__stage="LAST_32", number=1),
            away_winner_of=Pairing.objects.get(draw__round__stage="LAST_32", number=1).home_winner_of,
        ),
    ),
    (Exemption, "exemption_club_once", lambda w: update(w["exemptions"][1], club=w["clubs"][0])),
    (Exemption, "exemption_unique_order", lambda w: update(w["exemptions"][1], order=1)),
    (Entry, "entry_once_per_edition", lambda w: update(w["entries"][1], club=w["clubs"][0])),
    (RegionalQuota, "quota_once_per_region", lambda w: update(w["quotas"][1], region=w["regions"][0])),
    (RegionalQuota, "quota_positive", lambda w: update(w["quotas"][0], qualifiers=0)),
    # matches
    (Match, "field:pairing", lambda w: update(w["other_match"], pairing=w["match"].pairing)),
    (Match, "match_unique_number_in_round", lambda w: update(w["other_match"], number=w["match"].number)),
    (
        Match,
        "match_one_feeder_per_slot",
        lambda w: update(w["other_match"], next_match=w["match"].next_match, next_slot=w["match"].next_slot),
    ),
    (Match, "match_number_positive", lambda w: update(w["match"], number=0)),
    (Match, "match_club_not_against_itself", lambda w: update(w["match"], away_club=w["match"].home_club)),
    (Match, "match_next_slot_with_next_match", lambda w: update(w["match"], next_match=None)),
    (Match, "match_does_not_feed_itself", lambda w: update(w["match"], next_match=w["match"], next_slot="HOME")),
    (Match, "match_status_valid", lambda w: update(w["match"], status="NOPE")),
    (Match, "match_half_time_both_sides", lambda w: update(w["match"], home_regular_time=1, away_regular_time=1, home_half_time=0)),
    (Match, "match_regular_time_both_sides", lambda w: update(w["match"], home_regular_time=1)),
    (
        Match,
        "match_extra_time_both_sides",
        lambda w: update(w["match"], home_regular_time=1, away_regular_time=1, home_extra_time=0),
    ),
    (
        Match,
        "match_penalties_both_sides",
        lambda w: update(
            w["match"], home_regular_time=1, away_regular_time=1, home_extra_time=0, away_extra_time=0, home_penalties=4
        ),
    ),
    (
        Match,
        "match_half_time_within_regular_time",
        lambda w: update(w["match"], home_half_time=2, away_half_time=0, home_regular_time=1, away_regular_time=0),
    ),
    (
        Match,
        "match_extra_time_only_after_level_regular_time",
        lambda w: update(w["match"], home_regular_time=1, away_regular_time=0, home_extra_time=0, away_extra_time=0),
    ),
    (
        Match,
        "match_shootout_only_when_level_and_decisive",
        lambda w: update(
            w["match"], home_regular_time=1, away_regular_time=1, home_extra_time=0, away_extra_time=0, home_penalties=4, away_penalties=4
        ),
    ),
    (
        Match,
        "match_winner_is_a_participant",
        lambda w: update(
            w["match"], status="AWARDED", winner=w["other_match"].home_club, awarded_reason="r", awarded_article="19.2"
        ),
    ),
    (Match, "match_winner_only_once_decided", lambda w: update(w["match"], winner=w["match"].home_club)),
    (Match, "match_finished_has_score_and_winner", lambda w: update(w["match"], status="FINISHED")),
    (
        Match,
        "match_finished_winner_follows_score",
        lambda w: update(
            w["match"], status="FINISHED", home_regular_time=0, away_regular_time=1, winner=w["match"].home_club
        ),
    ),
    (Match, "match_awarded_has_decision", lambda w: update(w["match"], status="AWARDED", winner=w["match"].home_club)),
    (Match, "match_version_positive", lambda w: update(w["match"], version=0)),
    (Goal, "goal_minute_in_play", lambda w: update(w["goal"], minute=121)),
    (Goal, "goal_injury_time_range", lambda w: update(w["goal"], injury_time=31)),
    (Goal, "goal_team_valid", lambda w: update(w["goal"], team="BOTH")),
    (Goal, "goal_type_valid", lambda w: update(w["goal"], type="NOPE")),
    (Goal, "goal_scorer_named", lambda w: update(w["goal"], scorer="")),
    (Match, "match_result_state_valid", lambda w: update(w["match"], result_state="OFFICIAL")),
    (ResultReport, "resultreport_unique_number", lambda w: update(w["versions"][1], number=1)),
    (
        ResultReport,
        "resultreport_one_waiting_per_match",
        lambda w: update(w["versions"][0], state="SUBMITTED", decided_by=None, decided_at=None),
    ),
    (ResultReport, "resultreport_number_positive", lambda w: update(w["versions"][1], number=0)),
    (ResultReport, "resultreport_state_valid", lambda w: update(w["versions"][1], state="OFFICIAL")),
    # Four eyes: the person who submitted a version never validates or returns it.
    (ResultReport, "resultreport_decider_not_submitter", lambda w: update(w["versions"][0], decided_by=w["boss"])),
    (ResultReport, "resultreport_decided_when_validated_or_returned", lambda w: update(w["versions"][1], state="VALIDATED")),
    (ResultReport, "resultreport_returned_has_reason", lambda w: update(w["versions"][0], state="RETURNED")),
    # sanctions
    (
        Incident,
        "incident_once_per_match",
        lambda w: lambda: Incident.objects.create(match=w["incident"].match, type=w["incident"].type, team=w["incident"].team),
    ),
    (Incident, "incident_type_valid", lambda w: update(w["incident"], type="NOPE")),
    (Incident, "incident_team_valid", lambda w: update(w["incident"], team="BOTH")),
    (Incident, "incident_minute_range", lambda w: update(w["incident"], minute=151)),
    (Sanction, "sanction_kind_valid", lambda w: update(sanction(w, NAHD, "MATCH_LOST"), kind="NOPE")),
    (Sanction, "sanction_status_valid", lambda w: update(sanction(w, NAHD, "MATCH_LOST"), status="NOPE", decided_at=NOW)),
    (Sanction, "sanction_fine_has_amount", lambda w: update(sanction(w, WAM, "FINE"), amount=None)),
    (Sanction, "sanction_deduction_has_points", lambda w: update(sanction(w, NAHD, "POINTS_DEDUCTION"), points=None)),
    (Sanction, "sanction_suspension_has_seasons", lambda w: update(sanction(w, NAHD, "CUP_SUSPENSION"), last_season=2023)),
    (Sanction, "sanction_suspension_has_seasons", lambda w: update(sanction(w, NAHD, "CUP_SUSPENSION"), last_season=None)),
    (
        Sanction,
        "sanction_referral_not_confirmed",
        lambda w: update(sanction(w, NAHD, "MATCH_LOST"), kind="REFERRAL", status="CONFIRMED", decided_at=NOW),
    ),
    (Sanction, "sanction_decision_has_time", lambda w: update(sanction(w, NAHD, "MATCH_LOST"), status="CONFIRMED")),
    (
        Sanction,
        "sanction_cancel_has_reason",
        lambda w: update(sanction(w, NAHD, "MATCH_LOST"), status="CANCELLED", decided_at=NOW, reason=""),
    ),
    (
        Sanction,
        "sanction_fine_state_when_decided",
        lambda w: update(sanction(w, WAM, "FINE"), status="CONFIRMED", decided_at=NOW, fine_state=""),
    ),
    (
        Sanction,
        "sanction_paid_fine_has_payment",
        lambda w: update(sanction(w, WAM, "FINE"), status="CONFIRMED", decided_at=NOW, fine_state="PAID", paid_on=NOW.date()),
    ),
]


@pytest.mark.parametrize(("model", "constraint", "breaking"), TABLE, ids=[f"{m.__name__}.{c}" for m, c, _ in TABLE])
def test_the_database_refuses_it(world, model, constraint, breaking):
    assert_refused(breaking(world), model, constraint)


def declared_constraints():
    """Every constraint the models declare: Meta constraints, unique fields and one-to-ones."""
    found = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            found |= {(model, c.name) for c in model._meta.constraints}
            found |= {
                (model, f"field:{field.name}")
                for field in model._meta.local_fields
                if field.unique and not field.primary_key
            }
    return found


def test_the_table_covers_every_constraint():
    tried = {(model, constraint) for model, constraint, _ in TABLE}
    assert declared_constraints() - tried == set()
    assert len(tried) <= len(TABLE)
