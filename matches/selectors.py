"""Reads of matches that need care (query counts, visibility)."""

from django.db.models import Prefetch

from clubs.models import ClubSeason

from .models import Match


def public_matches():
    """Published matches with everything the representation reads, in a fixed number of queries."""
    club_seasons = ClubSeason.objects.select_related("division")
    return (
        Match.objects.public()
        .select_related("round__edition__season", "round__edition__category", "venue", "home_club", "away_club")
        .prefetch_related(
            Prefetch("home_club__seasons", queryset=club_seasons),
            Prefetch("away_club__seasons", queryset=club_seasons),
            Prefetch("feeders", queryset=Match.objects.only("id", "number", "next_match_id", "next_slot")),
            "goals",
        )
    )
