"""Reads of matches that need care (query counts, visibility)."""

import datetime
from itertools import groupby
from types import SimpleNamespace

from django.db.models import Count, OuterRef, Q, Subquery

from clubs.models import ClubSeason
from competitions.models import Draw, Edition
from competitions.stages import KNOCKOUT_STAGES, REGIONAL_ROUND_PREFIX
from cupfaf.days import start_of_utc_day

from .models import Goal, Match, Slot


def public_matches():
    """Published matches as model instances, with what a club's calendar reads (the API reads rows: `match_rows`)."""
    return Match.objects.public().select_related(
        "round__edition__season", "round__edition__category", "venue", "home_club", "away_club"
    )


# What the match resource reads, one row per match (`match_rows`).
ROW_FIELDS = (
    "id", "number", "status", "kickoff", "last_updated", "version", "attendance", "result_state",
    "home_half_time", "away_half_time", "home_regular_time", "away_regular_time", "home_extra_time",
    "away_extra_time", "home_penalties", "away_penalties", "winner_id", "home_club_id", "away_club_id",
    "next_match_id", "next_slot", "awarded_reason", "awarded_article", "venue_id", "venue__name", "venue__city",
    "venue__capacity", "round_id", "round__stage", "round__order", "round__date", "round__edition_id",
    "home_club__name", "home_club__short_name", "away_club__name", "away_club__short_name",
    "neutral_venue", "postponement_reason",
)  # fmt: skip


def public_match_values():
    """The published matches as rows of ROW_FIELDS, to filter, order and page before `match_rows`."""
    return Match.objects.public().values(*ROW_FIELDS)


class MatchRow:
    """A published match as the API reads it, built from a row instead of a model instance with its
    related instances (Django's select_related and prefetches cost more than the rest of a list).

    It answers what the representations ask of a `Match`: the same attributes, its goals
    (`goal_list`) and the matches that feed its slots (`feeder_list`), and the model's own `score`
    and `official`.
    """

    score = property(Match.score.fget)
    official = property(Match.official.fget)

    def __init__(self, row, edition, clubs, feeders, goals):
        self.__dict__.update(row)
        self.pk = row["id"]
        self.round = SimpleNamespace(
            id=row["round_id"], stage=row["round__stage"], order=row["round__order"], date=row["round__date"],
            edition_id=row["round__edition_id"], edition=edition,
        )  # fmt: skip
        self.venue = (
            SimpleNamespace(name=row["venue__name"], city=row["venue__city"], capacity=row["venue__capacity"])
            if row["venue_id"]
            else None
        )
        self.home_club, self.away_club = clubs
        self.feeder_list, self.goal_list = feeders, goals


class ClubInSeason(SimpleNamespace):
    """A club of a `MatchRow`, with its division in the match's season."""

    def division_in(self, season):
        return self.division


def match_rows(rows):
    """`MatchRow`s of `rows` (from `public_match_values`, already filtered, ordered and paged), with
    their editions, goals, the matches that feed their slots and their clubs' divisions: four more
    queries (each a small one: fewer tables in the rows' query make PostgreSQL plan it faster)."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    editions = {
        edition["id"]: SimpleNamespace(
            id=edition["id"],
            pk=edition["id"],
            name=edition["name"],
            slug=edition["slug"],
            season=SimpleNamespace(pk=edition["season_id"], start_year=edition["season__start_year"]),
            category=SimpleNamespace(code=edition["category__code"]),
        )
        for edition in Edition.objects.filter(pk__in={row["round__edition_id"] for row in rows}).values(
            "id", "name", "slug", "season_id", "season__start_year", "category__code"
        )
    }
    goals, feeders = {}, {}
    for goal in Goal.objects.filter(match_id__in=ids).values("match_id", "team", "minute", "injury_time", "scorer", "type"):
        goals.setdefault(goal.pop("match_id"), []).append(SimpleNamespace(**goal))
    for feeder in Match.objects.filter(next_match_id__in=ids).values("id", "number", "next_match_id", "next_slot"):
        feeders.setdefault(feeder["next_match_id"], []).append(
            SimpleNamespace(pk=feeder["id"], number=feeder["number"], next_slot=feeder["next_slot"])
        )
    club_ids = {row[f"{side}_club_id"] for row in rows for side in ("home", "away")} - {None}
    season_ids = {edition.season.pk for edition in editions.values()}
    divisions = {
        (club, season): SimpleNamespace(code=code)
        for club, season, code in ClubSeason.objects.filter(club_id__in=club_ids, season_id__in=season_ids).values_list(
            "club_id", "season_id", "division__code"
        )
    }
    found = []
    for row in rows:
        edition = editions[row["round__edition_id"]]

        def club(side):
            pk = row[f"{side}_club_id"]
            if pk is None:
                return None
            return ClubInSeason(
                pk=pk,
                id=pk,
                name=row[f"{side}_club__name"],
                short_name=row[f"{side}_club__short_name"],
                division=divisions.get((pk, edition.season.pk)),
            )

        found.append(MatchRow(row, edition, (club("home"), club("away")), feeders.get(row["id"], []), goals.get(row["id"], [])))
    return found


def on_or_after(matches, day):
    """The `matches` played on or after `day` (UTC): by kick-off, or by their round's date while it is not fixed."""
    return matches.filter(Q(kickoff__gte=start_of_utc_day(day)) | Q(kickoff__isnull=True, round__date__gte=day))


def on_or_before(matches, day):
    """The `matches` played on or before `day` (UTC), as `on_or_after` reads a match's day."""
    end = start_of_utc_day(day + datetime.timedelta(days=1))
    return matches.filter(Q(kickoff__lt=end) | Q(kickoff__isnull=True, round__date__lte=day))


def of_club(matches, club_id, venue=None):
    """The `matches` of one club: where it hosts (venue HOME), visits (AWAY), or both (None)."""
    if venue == Slot.HOME:
        return matches.filter(home_club_id=club_id)
    if venue == Slot.AWAY:
        return matches.filter(away_club_id=club_id)
    return matches.filter(Q(home_club_id=club_id) | Q(away_club_id=club_id))


NOT_PLAYED = (Match.Status.SCHEDULED, Match.Status.TIMED)


def overdue(matches, now):
    """The published `matches` whose result is not reported though their kick-off (or, while it is
    not fixed, their round's day) has passed, both clubs known."""
    return matches.public().filter(
        Q(kickoff__lt=now) | Q(kickoff__isnull=True, round__date__lt=now.date()),
        status__in=NOT_PLAYED,
        home_club__isnull=False,
        away_club__isnull=False,
    )


def unscheduled(matches):
    """The published `matches` still to be played that lack a kick-off or a stadium."""
    return matches.public().filter(Q(kickoff__isnull=True) | Q(venue__isnull=True), status__in=NOT_PLAYED)


def desk_matches(user):
    """The published matches `user` works on at the officials' desk: every match for the federation's
    results officers, their league's for a league official, none for anyone else."""
    matches = (
        Match.objects.public()
        .select_related("round__edition__season", "round__edition__category", "venue", "home_club", "away_club", "league")
        .order_by("round__edition__season__start_year", "round__order", "number")
    )
    if not user.is_active:
        return matches.none()
    if user.has_perm("matches.report_result") or user.has_perm("matches.validate_result"):
        return matches
    if user.league_id and (user.has_perm("matches.report_league_result") or user.has_perm("matches.validate_league_result")):
        return matches.filter(league_id=user.league_id)
    return matches.none()


def works_at_desk(user):
    """Whether `user` holds a role of the officials' desk (a league's reporter or validator, a results officer)."""
    return any(
        user.has_perm(permission)
        for permission in (
            "matches.report_result",
            "matches.validate_result",
            "matches.report_league_result",
            "matches.validate_league_result",
        )
    )


def rounds_to_draw(edition):
    """The national-phase rounds of `edition` whose draw can be prepared now: the previous round is
    played to its last match and the round has neither a draw nor matches. One query whatever the
    edition's size."""
    rounds = list(edition.rounds.order_by("order").annotate(
        drawn=Count("draw", distinct=True),
        matches_count=Count("matches", distinct=True),
        undecided=Count("matches", filter=Q(matches__winner__isnull=True), distinct=True),
    ))
    # National-phase rounds only: a first phase's rounds are created as they are drawn, region by
    # region, so the round after the last one drawn is not in this list (its draw is prepared by hand).
    national = [round_ for round_ in rounds if not round_.stage.startswith(REGIONAL_ROUND_PREFIX)]
    return [
        following
        for previous, following in zip(national, national[1:])
        if previous.matches_count and not previous.undecided and not following.drawn and not following.matches_count
    ]


def bracket(edition, stages=KNOCKOUT_STAGES):
    """[(round, [MatchRow])]: the published rounds of `edition` among `stages`, in the order played, each
    with its matches in the order of the tree, so that the two matches that feed one are side by side.

    An integral draw numbers each round's pairings in the order drawn, not by where their winners go
    (the 1/16's n° 1 is fed by the 1/32's n° 13 and n° 28): a round is ordered by the round after it,
    the home slot's feeder first; its matches that feed nothing published come last, by number. The
    queries of `match_rows`, whatever the edition's size.
    """
    rows = match_rows(
        public_match_values().filter(round__edition=edition, round__stage__in=stages).order_by("round__order", "number")
    )
    rounds = [list(matches) for _round_id, matches in groupby(rows, key=lambda match: match.round.id)]
    for later, earlier in reversed(list(zip(rounds[1:], rounds[:-1]))):
        left = {match.pk: match for match in earlier}
        placed = []
        for parent in later:
            for slot in (Slot.HOME, Slot.AWAY):
                placed += [left.pop(feeder.pk) for feeder in parent.feeder_list if feeder.next_slot == slot and feeder.pk in left]
        earlier[:] = placed + [match for match in earlier if match.pk in left]
    return [(matches[0].round, matches) for matches in rounds]


def draws_with_pairings():
    """Draws with what their pages and the API read: their pairings and exempted clubs, and the draw made with them."""
    following = Draw.objects.filter(drawn_with=OuterRef("pk")).values("pk")[:1]
    return (
        Draw.objects.annotate(next_draw_id=Subquery(following))
        .select_related("round__edition")
        .prefetch_related(
            "pairings__home_club",
            "pairings__away_club",
            "pairings__home_winner_of",
            "pairings__away_winner_of",
            "pairings__region",
            "pairings__match",
            "exemptions__club",
            "exemptions__region",
        )
    )
