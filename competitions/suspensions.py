"""Which clubs are suspended from the cup in a season.

The sanctions app decides suspensions and registers how to find them here when it starts
(`SanctionsConfig.ready`); competitions asks through `suspended_in` without importing it, so that
the apps depend in one direction (clubs ← competitions ← matches ← sanctions).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Suspension:
    """A club barred from the cup from `first_season` to `last_season` (start years), and why."""

    club_id: int
    club: object
    sanction_id: int
    article: str
    first_season: int
    last_season: int
    match: object  # the match whose incident it sanctions


_finders = {}


def register(name, finder):
    """`finder(start_year, club_ids)` returns {club id: Suspension} for the clubs suspended that season."""
    _finders[name] = finder


def suspended_in(start_year, club_ids):
    """{club id: Suspension} for the clubs of `club_ids` suspended from the cup in season `start_year`."""
    found = {}
    for finder in _finders.values():
        found |= finder(start_year, list(club_ids))
    return found
