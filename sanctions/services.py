"""Staff decide the sanctions the engine proposed: confirm, amend or cancel, each with who and when.

A confirmed sanction is applied at once (a match lost by penalty awards the match and moves the
other club into the next round); cancelling a confirmed one undoes what it applied.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cupfaf import audit
from competitions.regulation.rulebook import Penalty
from cupfaf.errors import Conflict, Refused
from cupfaf.roles import authorize
from matches.services import award_match, revoke_award

from .models import FineState, Sanction, SanctionStatus

AMENDABLE = ("kind", "amount", "points", "first_season", "last_season", "article")


def _locked(sanction):
    return Sanction.objects.select_for_update(of=("self",)).select_related("incident__match", "club").get(pk=sanction.pk)


def _decided(locked, status, actor, reason):
    # A confirmation without a word keeps the reason the proposal was amended for.
    locked.status, locked.reason = status, reason or locked.reason
    locked.decided_by, locked.decided_at = actor, timezone.now()


@transaction.atomic
def confirm_sanction(sanction, *, actor, reason=""):
    """Confirm a proposed sanction and apply it."""
    authorize(actor, "sanctions.decide_sanction")
    locked = _locked(sanction)
    if locked.status != SanctionStatus.PROPOSED:
        raise Conflict(_("Cette sanction est déjà %(status)s.") % {"status": locked.get_status_display().lower()})
    problems = confirm_problems(locked)
    if problems:
        raise Refused(problems["decision"][0], problems)
    applied = _applied(locked)
    if locked.kind == Penalty.MATCH_LOST:
        awarded = award_match(
            locked.incident.match,
            loser=locked.club,
            reason=_("Match perdu par pénalité: %(incident)s") % {"incident": locked.incident.get_type_display()},
            article=locked.article,
            actor=actor,
        )
        applied["match"] = {"id": awarded.pk, "status": awarded.status, "winner": str(awarded.winner)}
    if locked.kind == Penalty.FINE:
        applied["fine_state"] = [locked.fine_state or None, FineState.DUE]
        locked.fine_state = FineState.DUE
    _decided(locked, SanctionStatus.CONFIRMED, actor, reason)
    locked.save()
    audit.record(
        "sanction.confirmed",
        locked,
        actor=actor,
        data={"reason": reason, "status": [SanctionStatus.PROPOSED, SanctionStatus.CONFIRMED], "applied": applied},
    )
    return locked


def _applied(sanction):
    """What confirming `sanction` applies, as the audit trail records it."""
    applied = {"kind": sanction.kind, "club": str(sanction.club), "article": sanction.article}
    if sanction.kind == Penalty.FINE:
        applied["amount"] = sanction.amount
    if sanction.kind == Penalty.POINTS_DEDUCTION:
        applied |= {"points": sanction.points, "league": sanction.league_id}
    if sanction.kind == Penalty.CUP_SUSPENSION:
        applied["seasons"] = [sanction.first_season, sanction.last_season]
    return applied


@transaction.atomic
def amend_sanction(sanction, *, actor, reason, **changes):
    """Change a proposed sanction (its nature, amount, points, seasons, article) before deciding it.

    `reason` is required: it says why the decision departs from the engine's proposal.
    """
    authorize(actor, "sanctions.decide_sanction")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise ValueError(f"Not amendable: {sorted(unknown)}")
    if not reason.strip():
        raise Refused(_("Dites pourquoi la sanction est modifiée."), {"reason": [_("Requis.")]})
    locked = _locked(sanction)
    if locked.status != SanctionStatus.PROPOSED:
        raise Conflict(_("Seule une sanction proposée se modifie; une sanction décidée s'annule."))
    before = {name: getattr(locked, name) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    problems = amend_problems(locked)
    if problems:
        raise Refused(_("Sanction incomplète."), problems)
    locked.reason = reason
    locked.save()
    audit.record(
        "sanction.amended",
        locked,
        actor=actor,
        data={"reason": reason, "changes": {name: [before[name], changes[name]] for name in changes}},
    )
    return locked


@transaction.atomic
def cancel_sanction(sanction, *, actor, reason):
    """Cancel a sanction, proposed or confirmed (on appeal): what it applied is undone, a fine is waived."""
    authorize(actor, "sanctions.decide_sanction")
    if not reason.strip():
        raise Refused(_("Dites pourquoi la sanction est annulée."), {"reason": [_("Requis.")]})
    locked = _locked(sanction)
    if locked.status == SanctionStatus.CANCELLED:
        raise Conflict(_("Cette sanction est déjà annulée."))
    before = {"status": locked.status, "fine_state": locked.fine_state or None}
    if locked.status == SanctionStatus.CONFIRMED:
        if locked.kind == Penalty.MATCH_LOST:
            revoke_award(locked.incident.match, actor=actor, reason=reason)
        if locked.kind == Penalty.FINE:
            locked.fine_state = FineState.WAIVED
    _decided(locked, SanctionStatus.CANCELLED, actor, reason)
    locked.save()
    audit.record(
        "sanction.cancelled",
        locked,
        actor=actor,
        data={
            "reason": reason,
            "status": [before["status"], locked.status],
            "fine_state": [before["fine_state"], locked.fine_state or None],
        },
    )
    return locked


@transaction.atomic
def record_fine_payment(sanction, *, actor, paid_on, reference):
    """Record that a confirmed fine was paid on `paid_on`, by the payment `reference` (receipt, transfer, cheque)."""
    authorize(actor, "sanctions.record_fine_payment")
    reference = (reference or "").strip()
    locked = _locked(sanction)
    if locked.kind != Penalty.FINE or locked.fine_state != FineState.DUE:
        raise Conflict(_("Seule une amende due peut être marquée payée."))
    errors = payment_problems(paid_on, reference)
    if errors:
        raise Refused(_("Paiement non enregistré."), errors)
    locked.fine_state, locked.paid_on, locked.payment_reference = FineState.PAID, paid_on, reference
    locked.save()
    audit.record(
        "sanction.fine_paid",
        locked,
        actor=actor,
        data={
            "fine_state": [FineState.DUE, FineState.PAID],
            "paid_on": [None, paid_on.isoformat()],
            "payment_reference": [None, reference],
        },
    )
    return locked


def payment_problems(paid_on, reference):
    """What is wrong with a fine's payment on `paid_on` by `reference`, by field (empty: nothing).

    The service refuses on it; the ledger's form shows it next to the fields, what was typed kept.
    """
    errors = {}
    if not (reference or "").strip():
        errors["payment_reference"] = [_("Requise: le numéro du reçu, du virement ou du chèque.")]
    if paid_on is None:
        errors["paid_on"] = [_("Requise: la date du paiement.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("Un paiement ne se date pas dans le futur.")]
    elif paid_on.year < 1962:
        errors["paid_on"] = [_("Date invalide.")]
    # No rule against a payment dated before the decision's record: decisions of past seasons are
    # recorded late, with the payments they already had.
    return errors


def confirm_problems(sanction):
    """Why `sanction` cannot be confirmed as it stands, by field (empty: it can)."""
    if sanction.kind == Penalty.REFERRAL:
        return {
            "decision": [
                _(
                    "Le règlement laisse cette décision au personnel: modifiez la proposition en une sanction "
                    "précise (nature, montant, article) avant de la confirmer."
                )
            ]
        }
    return {}


def amend_problems(sanction):
    """What a sanction amended to `sanction`'s values lacks, by field (empty: it is complete).

    The service refuses on it; the admin's form shows it next to the fields, what was typed kept.
    """
    errors = {}
    if sanction.kind == Penalty.FINE and not sanction.amount:
        errors["amount"] = [_("Une amende a un montant.")]
    if sanction.kind == Penalty.POINTS_DEDUCTION and not sanction.points:
        errors["points"] = [_("Une défalcation a un nombre de points.")]
    if sanction.kind == Penalty.CUP_SUSPENSION and not (
        sanction.first_season and sanction.last_season and sanction.first_season <= sanction.last_season
    ):
        errors["first_season"] = [_("Une suspension va d'une saison à une saison égale ou plus tardive.")]
    if sanction.kind != Penalty.REFERRAL and not sanction.article:
        errors["article"] = [_("Une sanction cite son article.")]
    return errors
