"""Changes to matches: each one function in one transaction, called alike by the admin, forms and API."""

from django.db import transaction

from competitions import audit

from .models import Match


@transaction.atomic
def schedule_match(match, *, kickoff, venue, league, actor):
    """Set when, where and under which league a match is played; a fixed kick-off makes it TIMED."""
    locked = Match.objects.select_for_update().get(pk=match.pk)
    changes = {
        name: str(value)
        for name, value in (("kickoff", kickoff), ("venue", venue), ("league", league))
        if getattr(locked, name) != value
    }
    locked.kickoff, locked.venue, locked.league = kickoff, venue, league
    if locked.status in (Match.Status.SCHEDULED, Match.Status.TIMED):
        locked.status = Match.Status.TIMED if kickoff else Match.Status.SCHEDULED
    locked.save()
    audit.record("match.scheduled", locked, actor=actor, data=changes)
    match.refresh_from_db()
    return locked
