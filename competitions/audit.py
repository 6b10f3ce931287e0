"""The audit trail: every change to a draw, result or sanction says who made it and when."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def record(action, subject, *, actor=None, actor_label="", data=None):
    """Append an entry to the audit trail; call it inside the transaction that makes the change.

    `actor` is the user who acted; `actor_label` names the command or process when no user did.
    """
    if actor is None and not actor_label:
        raise ValueError("An audit entry needs an actor or an actor_label.")
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        object_repr=str(subject)[:200],
        actor=actor,
        actor_label=actor_label or actor.get_username(),
        data=data or {},
    )
