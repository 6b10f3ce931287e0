"""Finding clubs and divisions by the names printed in the federation's documents."""

from .models import Club, ClubAlias, Division
from .names import name_key


def clubs_by_name_key(keys):
    """Map each of `keys` (see `names.name_key`) that designates a club, by its name or an alias, to the club."""
    keys = set(keys)
    found = {club.name_key: club for club in Club.objects.filter(name_key__in=keys)}
    for alias in ClubAlias.objects.select_related("club").filter(name_key__in=keys - set(found)):
        found[alias.name_key] = alias.club
    return found


def divisions_by_printed_tag():
    """Map the key of every way a division is printed ("L1", "Rég", "Régionale"…) to its division."""
    tags = {}
    for division in Division.objects.all():
        for printed in (division.code, division.name, *division.printed_tags):
            tags[name_key(printed)] = division
    return tags
