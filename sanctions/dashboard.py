"""The disciplinary and finance queues of the staff dashboard (matches.dashboard), registered when the app starts."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matches.dashboard import Queue, admin_list

from cupfaf.numbers import in_dinars

from .models import Fine, FineState, Sanction, SanctionStatus


def _proposed(edition):
    return Sanction.objects.filter(incident__match__round__edition=edition, status=SanctionStatus.PROPOSED)


def _count_fines(edition):
    found = Fine.objects.filter(incident__match__round__edition=edition, fine_state=FineState.DUE).aggregate(
        count=Count("id"), total=Sum("amount")
    )
    detail = _("%(amount)s au total") % {"amount": in_dinars(found["total"])} if found["count"] else None
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
