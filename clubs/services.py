"""Changes to clubs: each one a function, called alike by the admin, commands and imports."""

from .models import Club, ClubSeason
from .names import tidy_name


def register_club(printed_name):
    """Create a club from a name as printed, tidied for display ("CR.Beni Thamou" → "CR. Beni Thamou")."""
    return Club.objects.create(name=tidy_name(printed_name))


def record_division(club, season, division):
    """Record the division `club` holds in `season` (once: another division is a conflict for staff to settle)."""
    return ClubSeason.objects.create(club=club, season=season, division=division)
