"""Reads of the sanctions app that need care."""

from django.db.models import Count, Q, Sum

from competitions.regulation.rulebook import Penalty
from competitions.suspensions import Suspension
from matches.models import Match

from .models import FineState, Sanction, SanctionStatus


def suspensions_in(start_year, club_ids):
    """{club id: the confirmed cup suspension} for the clubs of `club_ids` suspended in season `start_year`."""
    found = (
        Sanction.objects.filter(
            Q(first_season__lte=start_year) & Q(last_season__gte=start_year),
            kind=Penalty.CUP_SUSPENSION,
            status=SanctionStatus.CONFIRMED,
            club_id__in=club_ids,
        )
        .select_related("club", "incident__match__round__edition")
        .order_by("id")
    )
    return {sanction.club_id: sanction for sanction in found}


def cup_suspensions(start_year, club_ids):
    """`suspensions_in` as competitions reads it (`competitions.suspensions.Suspension`)."""
    return {
        club_id: Suspension(
            club_id=club_id,
            club=sanction.club,
            sanction_id=sanction.pk,
            article=sanction.article,
            first_season=sanction.first_season,
            last_season=sanction.last_season,
            match=sanction.incident.match,
        )
        for club_id, sanction in suspensions_in(start_year, club_ids).items()
    }


def public_sanctions():
    """Confirmed sanctions of published matches: public decisions, with what the API shows of them loaded."""
    return Sanction.objects.filter(
        status=SanctionStatus.CONFIRMED, incident__match__in=Match.objects.public()
    ).select_related(
        "club",
        "league",
        "regulation",
        "incident__match__round__edition__season",
        "incident__match__round__edition__category",
    )


def fine_totals(fines):
    """The count and sum in DA of `fines` by state, in the ledger's order (due, paid, waived), plus the whole."""
    found = {
        row["fine_state"]: row
        for row in fines.order_by().values("fine_state").annotate(count=Count("id"), total=Sum("amount"))
    }
    by_state = [
        {"state": state.label, "code": state.value, "count": found.get(state, {}).get("count", 0), "total": found.get(state, {}).get("total") or 0}
        for state in FineState
    ]
    return {
        "by_state": by_state,
        "count": sum(row["count"] for row in by_state),
        "total": sum(row["total"] for row in by_state),
    }
