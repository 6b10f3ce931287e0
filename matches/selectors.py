"""Reads of matches that need care (query counts, visibility)."""

import datetime

from django.db.models import Prefetch, Q

from clubs.models import ClubSeason
from cupfaf.days import start_of_utc_day

from .models import Goal, Match, Slot


def public_matches():
    """Published matches with everything the representation reads, in a fixed number of queries.

    Each match carries `feeder_list` (the matches whose winners take its slots) and `goal_list`, each
    club its `season_records`: lists (`to_attr`), because a prefetch kept in the related manager
    costs Django a queryset per match, which was a fifth of a list's time.
    """
    club_seasons = ClubSeason.objects.select_related("division")
    return (
        Match.objects.public()
        .select_related("round__edition__season", "round__edition__category", "venue", "home_club", "away_club")
        .prefetch_related(
            Prefetch("home_club__seasons", queryset=club_seasons, to_attr="season_records"),
            Prefetch("away_club__seasons", queryset=club_seasons, to_attr="season_records"),
            Prefetch(
                "feeders",
                queryset=Match.objects.only("id", "number", "next_match_id", "next_slot"),
                to_attr="feeder_list",
            ),
            Prefetch("goals", queryset=Goal.objects.all(), to_attr="goal_list"),
        )
    )


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
