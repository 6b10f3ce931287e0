"""The audit trail: every change to a draw, result, schedule, sanction, entry or role says who made
it, when, through what (admin, API token, form, command) and what each changed field was before and
after. Call `record` inside the transaction that makes the change."""

import contextvars
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# Through what the current request or command acts: set by AuditOriginMiddleware, the API's token
# authentication and `acting_via`; read by `record`.
_via = contextvars.ContextVar("audit_via", default="")

# The actions as staff read them, in their language.
ACTIONS = {
    "draw.imported": _("tirage importé"),
    "draw.prepared": _("tirage préparé"),
    "draw.performed": _("tirage effectué"),
    "draw.recorded": _("tirage en cérémonie saisi"),
    "draw.published": _("tirage publié"),
    "draw.cancelled": _("tirage annulé"),
    "match.scheduled": _("match programmé"),
    "match.postponed": _("match reporté"),
    "match.reported": _("résultat saisi"),
    "match.awarded": _("match donné gagné par pénalité"),
    "match.award_revoked": _("décision de match annulée"),
    "match.result_validated": _("résultat validé"),
    "match.result_returned": _("résultat renvoyé pour correction"),
    "edition.won": _("vainqueur de l'édition"),
    "edition.entries": _("clubs engagés"),
    "edition.entry_withdrawn": _("engagement retiré"),
    "edition.quota": _("qualifiés par région"),
    "incident.reported": _("incident signalé"),
    "sanction.confirmed": _("sanction confirmée"),
    "sanction.amended": _("sanction modifiée"),
    "sanction.cancelled": _("sanction annulée"),
    "sanction.fine_paid": _("amende payée"),
    "regulation.copied": _("règlement copié"),
    "user.roles": _("rôles modifiés"),
}
VERBS = {"added": _("ajout"), "changed": _("modification"), "deleted": _("suppression")}


def action_label(action):
    """`action` in the reader's language: "match.reported" → "résultat saisi", "club.changed" → "club: modification"."""
    if action in ACTIONS:
        return ACTIONS[action]
    model, _dot, verb = action.partition(".")
    return f"{model}: {VERBS.get(verb, verb)}"


@contextmanager
def acting_via(label):
    """Record `label` ("admin", "api token 1a2b3c4d", "commande import_draw") as what the changes inside go through."""
    token = _via.set(label[:80])
    try:
        yield
    finally:
        _via.reset(token)


def set_via(label):
    """Say through what the rest of the current request acts (the API's authentication, once it knows the token)."""
    _via.set(label[:80])


def record(action, subject, *, actor=None, actor_label="", data=None):
    """Append an entry to the audit trail; call it inside the transaction that makes the change.

    `actor` is the user who acted; `actor_label` names the command or process when no user did.
    `data` holds what changed, as {"field": [before, after]} or {"before": …, "after": …}.
    """
    entry = _entry(action, subject, data, actor, actor_label)
    entry.save()
    return entry


def record_many(entries, *, actor=None, actor_label=""):
    """Append the entries (action, subject, data) of one change made in bulk (an import), in one statement."""
    return AuditEntry.objects.bulk_create(
        _entry(action, subject, data, actor, actor_label) for action, subject, data in entries
    )


def _entry(action, subject, data, actor, actor_label):
    if actor is None and not actor_label:
        raise ValueError("An audit entry needs an actor or an actor_label.")
    return AuditEntry(
        action=action,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        object_repr=str(subject)[:200],
        actor=actor,
        actor_label=actor_label or actor.get_username(),
        via=_via.get(),
        data=data or {},
    )


class AuditOriginMiddleware:
    """Each request starts saying where it comes from; the API's token authentication says which token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        origin = "admin" if path.startswith("/admin/") else "api" if path.startswith("/api/") else "web"
        with acting_via(origin):
            return self.get_response(request)
