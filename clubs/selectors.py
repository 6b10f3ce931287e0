"""Finding clubs and divisions: by the names printed in the federation's documents, and season by season."""

from .models import Club, ClubAlias, ClubSeason, Division
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


def division_codes_in(season_id, club_ids):
    """{club id: division code} for the clubs whose division in that season is recorded."""
    return dict(
        ClubSeason.objects.filter(season_id=season_id, club_id__in=club_ids).values_list("club_id", "division__code")
    )
