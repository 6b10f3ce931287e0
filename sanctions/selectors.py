"""Reads of the sanctions app that need care."""

from django.db.models import Q

from competitions.regulation.rulebook import Penalty

from .models import Sanction, SanctionStatus


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


def public_sanctions():
    """Confirmed sanctions: public decisions, with what the API shows of them loaded."""
    return Sanction.objects.filter(status=SanctionStatus.CONFIRMED).select_related(
        "club",
        "league",
        "regulation",
        "incident__match__round__edition__season",
        "incident__match__round__edition__category",
    )
