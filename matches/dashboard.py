"""The staff dashboard, on top of the admin's index (the page staff open first): per edition, the round
being played and the queues that wait for staff, each a count and a link to the admin list that
resolves it.

Each queue names the permission of the role that acts on it, and a user sees the queues they may act
on. The queues of this app are registered here; sanctions registers its own (proposed sanctions,
fines due) when it starts, as it plugs its other pieces in: this app never imports it.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from competitions.models import Draw, DrawStatus, Edition, Round
from competitions.selectors import editions_with_progress
from cupfaf.roles import may

from .models import Match, ReportState, ResultReport, ResultState
from .selectors import overdue, rounds_to_draw, unscheduled


@dataclass(frozen=True)
class Queue:
    """What waits for staff: `count(edition)` gives (how many, a detail or None); `url(edition)` the list."""

    label: str
    permission: str
    count: Callable
    url: Callable


QUEUES = []


def register(queue):
    """Add a queue to the dashboard (other apps call it from their `ready()`)."""
    QUEUES.append(queue)


def admin_list(model, **filters):
    """The admin list of `model`, filtered as its list filters allow."""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist") + "?" + urlencode(filters)


def _match_list(edition, **filters):
    return admin_list(Match, round__edition__id__exact=edition.pk, **filters)


register(
    Queue(
        _("Résultats non saisis après le coup d'envoi"),
        "matches.report_result",
        lambda edition: (overdue(Match.objects.filter(round__edition=edition), timezone.now()).count(), None),
        lambda edition: _match_list(edition, waiting="overdue"),
    )
)
register(
    Queue(
        _("Résultats à valider"),
        "matches.validate_result",
        lambda edition: (
            ResultReport.objects.filter(match__round__edition=edition, state=ReportState.SUBMITTED).count(),
            None,
        ),
        lambda edition: admin_list(ResultReport, state=ReportState.SUBMITTED, match__round__edition__id__exact=edition.pk),
    )
)
register(
    Queue(
        _("Résultats renvoyés pour correction"),
        "matches.report_result",
        lambda edition: (Match.objects.filter(round__edition=edition, result_state=ResultState.RETURNED).count(), None),
        lambda edition: _match_list(edition, result_state__exact=ResultState.RETURNED),
    )
)
def _next_draw(edition):
    waiting = rounds_to_draw(edition)
    return len(waiting), ", ".join(str(round_.name) for round_ in waiting) or None


register(
    Queue(
        _("Tours joués: tirage du tour suivant à préparer"),
        "competitions.prepare_draw",
        _next_draw,
        lambda edition: reverse("admin:competitions_draw_prepare")
        + "?"
        + urlencode({"edition": edition.pk, **({"stage": r[0].stage} if (r := rounds_to_draw(edition)) else {})}),
    )
)
register(
    Queue(
        _("Tirages préparés ou effectués, pas encore publiés"),
        "competitions.publish_draw",
        lambda edition: (
            Draw.objects.filter(round__edition=edition, status__in=[DrawStatus.PREPARED, DrawStatus.PERFORMED]).count(),
            None,
        ),
        lambda edition: admin_list(
            Draw, round__edition__id__exact=edition.pk, status__in=f"{DrawStatus.PREPARED},{DrawStatus.PERFORMED}"
        ),
    )
)
register(
    Queue(
        _("Matchs sans coup d'envoi ou sans stade"),
        "matches.schedule_match",
        lambda edition: (unscheduled(Match.objects.filter(round__edition=edition)).count(), None),
        lambda edition: _match_list(edition, waiting="unscheduled"),
    )
)


def dashboard(user, edition):
    """What `user` sees for `edition`: the round being played and the queues they may act on."""
    progress = editions_with_progress().get(pk=edition.pk)
    queues = []
    for queue in QUEUES:
        if may(user, queue.permission):
            count, detail = queue.count(edition)
            queues.append({"label": queue.label, "count": count, "detail": detail, "url": queue.url(edition)})
    playing = Round(stage=progress.current_stage).name if progress.current_stage else None
    return {"edition": progress, "playing": playing, "queues": queues}


def for_request(request):
    """The dashboard's context for the admin's index: `?edition=ID`, else the latest edition."""
    editions = list(Edition.objects.select_related("season", "category").order_by("-season__start_year", "category__order"))
    wanted = request.GET.get("edition", "")
    chosen = next((edition for edition in editions if str(edition.pk) == wanted), editions[0] if editions else None)
    context = {"editions": editions, "chosen": chosen}
    if chosen is not None:
        context |= dashboard(request.user, chosen)
    return context
