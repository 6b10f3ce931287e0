"""The disciplinary and finance queues of the staff dashboard (matches.dashboard), registered when the app starts."""

from django.db.models import Count, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.regulation.rulebook import Penalty
from matches.dashboard import Queue, admin_list

from .models import Fine, FineState, Sanction, SanctionStatus


def _proposed(edition):
    return Sanction.objects.filter(incident__match__round__edition=edition, status=SanctionStatus.PROPOSED)


def _fines_due(edition):
    return Sanction.objects.filter(
        incident__match__round__edition=edition,
        kind=Penalty.FINE,
        status=SanctionStatus.CONFIRMED,
        fine_state=FineState.DUE,
    )


def _count_fines(edition):
    found = _fines_due(edition).aggregate(count=Count("id"), total=Sum("amount"))
    detail = _("%(total)s DA au total") % {"total": number_format(found["total"], force_grouping=True)} if found["count"] else None
    return found["count"], detail


QUEUES = [
    Queue(
        gettext_lazy("Sanctions proposées et renvois à décider"),
        "sanctions.decide_sanction",
        lambda edition: (_proposed(edition).count(), None),
        lambda edition: admin_list(
            Sanction, status__exact=SanctionStatus.PROPOSED, incident__match__round__edition__id__exact=edition.pk
        ),
    ),
    Queue(
        gettext_lazy("Amendes dues"),
        "sanctions.record_fine_payment",
        _count_fines,
        lambda edition: admin_list(
            Fine, fine_state__exact=FineState.DUE, incident__match__round__edition__id__exact=edition.pk
        ),
    ),
]
