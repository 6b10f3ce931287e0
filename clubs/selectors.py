"""Finding clubs and divisions by the names printed in the federation's documents."""

from .models import Club, ClubAlias, Division
from .names import name_key


def club_by_printed_name(printed):
    """The club a printed name designates (its name or one of its aliases), or None."""
    key = name_key(printed)
    club = Club.objects.filter(name_key=key).first()
    if club is None:
        alias = ClubAlias.objects.select_related("club").filter(name_key=key).first()
        club = alias.club if alias else None
    return club


def divisions_by_printed_tag():
    """Map the key of every way a division is printed ("L1", "Rég", "Régionale"…) to its division."""
    tags = {}
    for division in Division.objects.all():
        for printed in (division.code, division.name, *division.printed_tags):
            tags[name_key(printed)] = division
    return tags
