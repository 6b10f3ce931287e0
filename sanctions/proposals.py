"""Incidents reported with a match become proposed sanctions, as the rulebook says.

Called by the report service (`matches.services.report_result`) inside its transaction; staff
then decide each proposal (`sanctions.services`).
"""

from django.db import transaction

from clubs.models import ClubSeason
from clubs.selectors import division_codes_in
from cupfaf import audit
from competitions.regulation.rulebook import Penalty
from competitions.regulation.sanctions import MatchFacts, sanctions_for
from competitions.regulation.score import Side

from .models import Incident, Sanction


def record_incidents(match, incidents, rulebook, *, actor):
    """Record the `incidents` of `match` not recorded yet, each with the sanctions the rulebook proposes.

    Returns the incidents recorded now.
    """
    if not incidents:
        return []
    edition = match.round.edition
    divisions = division_codes_in(edition.season_id, [match.home_club_id, match.away_club_id])
    facts = MatchFacts(
        phase=match.round.phase.kind,
        group=edition.category.group,
        home_division=divisions.get(match.home_club_id),
        away_division=divisions.get(match.away_club_id),
    )
    existing = set(Incident.objects.filter(match=match).values_list("type", "team"))
    recorded = []
    for reported in incidents:
        if (reported.type, reported.team) in existing:
            continue
        existing.add((reported.type, reported.team))
        with transaction.atomic():
            incident = Incident.objects.create(
                match=match,
                type=reported.type,
                team=reported.team,
                minute=reported.minute,
                description=reported.description,
                reported_by=actor,
            )
            for proposal in sanctions_for(rulebook, facts, reported.type, reported.team):
                _propose(incident, proposal, edition)
            audit.record(
                "incident.reported", incident, actor=actor, data={"type": reported.type, "team": reported.team}
            )
        recorded.append(incident)
    return recorded


def _propose(incident, proposal, edition):
    match = incident.match
    club_id = match.home_club_id if proposal.side == Side.HOME else match.away_club_id
    sanction = Sanction(
        incident=incident,
        club_id=club_id,
        kind=proposal.penalty,
        amount=proposal.amount,
        points=proposal.points,
        article=proposal.article,
        note=proposal.note[:400],
        regulation_id=edition.regulation_id,
    )
    if proposal.penalty == Penalty.POINTS_DEDUCTION:
        record = ClubSeason.objects.filter(club_id=club_id, season_id=edition.season_id).first()
        sanction.league_id = record.league_id if record else None
    if proposal.penalty == Penalty.CUP_SUSPENSION:
        sanction.first_season, sanction.last_season = proposal.suspended_seasons(edition.season.start_year)
    sanction.save()
    return sanction
