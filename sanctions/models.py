"""Incidents reported with a match, and the sanctions they lead to.

The engine proposes (`competitions.regulation.sanctions`); staff confirm, amend or cancel each
proposal with a reason (`sanctions.services`). A sanction keeps the rulebook edition it came from.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clubs.models import Club, League
from competitions.models import INCIDENT_CHOICES, INCIDENT_CODES, PENALTY_CHOICES, PENALTY_CODES, Regulation
from competitions.regulation.rulebook import Penalty
from matches.models import Match, Slot


class Incident(models.Model):
    """Something that went wrong in or around a match, as the report states it."""

    match = models.ForeignKey(Match, models.PROTECT, related_name="incidents", verbose_name=_("match"))
    type = models.CharField(_("incident"), max_length=24, choices=INCIDENT_CHOICES)
    team = models.CharField(
        _("club mis en cause"), max_length=4, choices=Slot.choices, help_text=_("Le club que le rapport désigne.")
    )
    minute = models.PositiveSmallIntegerField(_("minute"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("signalé par")
    )
    reported_at = models.DateTimeField(_("signalé le"), auto_now_add=True)

    class Meta:
        ordering = ["match", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            # A report sent again does not make the same incident twice.
            models.UniqueConstraint(fields=["match", "type", "team"], name="incident_once_per_match"),
            models.CheckConstraint(condition=Q(type__in=INCIDENT_CODES), name="incident_type_valid"),
            models.CheckConstraint(condition=Q(team__in=Slot.values), name="incident_team_valid"),
            models.CheckConstraint(
                condition=Q(minute__isnull=True) | (Q(minute__gte=1) & Q(minute__lte=150)), name="incident_minute_range"
            ),
        ]

    def __str__(self):
        return f"{self.match} — {self.get_type_display()}"


class SanctionStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("Proposée")
    CONFIRMED = "CONFIRMED", _("Confirmée")
    CANCELLED = "CANCELLED", _("Annulée")


class FineState(models.TextChoices):
    DUE = "DUE", _("Due")
    PAID = "PAID", _("Payée")
    WAIVED = "WAIVED", _("Annulée en appel")


class Sanction(models.Model):
    """A sanction against a club for an incident: proposed by the engine, decided by staff.

    Once confirmed it is applied: a match lost by penalty awards the match, a fine is owed, a
    points deduction is recorded for the club's league, a cup suspension bars the club from the
    editions of `first_season` to `last_season`.
    """

    incident = models.ForeignKey(Incident, models.PROTECT, related_name="sanctions", verbose_name=_("incident"))
    club = models.ForeignKey(Club, models.PROTECT, related_name="sanctions", verbose_name=_("club"))
    kind = models.CharField(_("sanction"), max_length=20, choices=PENALTY_CHOICES)
    amount = models.PositiveBigIntegerField(_("amende (DA)"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points retirés"), null=True, blank=True)
    league = models.ForeignKey(
        League,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ligue du club"),
        help_text=_("La ligue à qui la défalcation de points est signalée."),
    )
    first_season = models.PositiveSmallIntegerField(_("suspendu à partir de la saison"), null=True, blank=True)
    last_season = models.PositiveSmallIntegerField(_("suspendu jusqu'à la saison"), null=True, blank=True)
    article = models.CharField(_("article"), max_length=20, blank=True)
    note = models.CharField(_("fondement"), max_length=400, blank=True)
    regulation = models.ForeignKey(Regulation, models.PROTECT, related_name="+", verbose_name=_("règlement appliqué"))
    status = models.CharField(_("état"), max_length=10, choices=SanctionStatus.choices, default=SanctionStatus.PROPOSED)
    fine_state = models.CharField(_("état de l'amende"), max_length=6, choices=FineState.choices, blank=True)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    payment_reference = models.CharField(
        _("référence du paiement"),
        max_length=60,
        blank=True,
        help_text=_("Le numéro du reçu, du virement ou du chèque."),
    )
    reason = models.TextField(_("motif de la décision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("décidé par")
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        permissions = [
            ("decide_sanction", _("Décider une sanction: confirmer, modifier, annuler (appel)")),
            ("record_fine_payment", _("Enregistrer le paiement d'une amende")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PENALTY_CODES), name="sanction_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SanctionStatus.values), name="sanction_status_valid"),
            # A NULL makes a comparison unknown, which a CHECK lets through: each says "not null" too.
            models.CheckConstraint(
                condition=~Q(kind=Penalty.FINE) | Q(amount__isnull=False, amount__gt=0), name="sanction_fine_has_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind=Penalty.POINTS_DEDUCTION) | Q(points__isnull=False, points__gt=0),
                name="sanction_deduction_has_points",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Penalty.CUP_SUSPENSION)
                | (
                    Q(first_season__isnull=False)
                    & Q(last_season__isnull=False)
                    & Q(last_season__gte=models.F("first_season"))
                ),
                name="sanction_suspension_has_seasons",
            ),
            models.CheckConstraint(
                condition=~Q(status=SanctionStatus.CONFIRMED) | ~Q(kind=Penalty.REFERRAL),
                name="sanction_referral_not_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(status=SanctionStatus.PROPOSED) | Q(decided_at__isnull=False),
                name="sanction_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=SanctionStatus.CANCELLED) | ~Q(reason=""), name="sanction_cancel_has_reason"
            ),
            # A confirmed fine is owed (due, then paid); cancelled on appeal it is waived; a fine
            # cancelled before it was confirmed was never owed.
            models.CheckConstraint(
                condition=(
                    Q(kind=Penalty.FINE, status=SanctionStatus.CONFIRMED)
                    & Q(fine_state__in=[FineState.DUE, FineState.PAID])
                )
                | (Q(kind=Penalty.FINE, status=SanctionStatus.CANCELLED) & Q(fine_state__in=["", FineState.WAIVED]))
                | ((~Q(kind=Penalty.FINE) | Q(status=SanctionStatus.PROPOSED)) & Q(fine_state="")),
                name="sanction_fine_state_when_decided",
            ),
            # A paid fine says when and by which payment; nothing else carries a payment.
            models.CheckConstraint(
                condition=(Q(fine_state=FineState.PAID) & Q(paid_on__isnull=False) & ~Q(payment_reference=""))
                | (~Q(fine_state=FineState.PAID) & Q(paid_on__isnull=True) & Q(payment_reference="")),
                name="sanction_paid_fine_has_payment",
            ),
        ]
        indexes = [models.Index(fields=["club", "kind", "status"], name="sanction_club_kind_idx")]

    def __str__(self):
        return f"{self.club} — {self.get_kind_display()} (art. {self.article or '?'})"


class FineManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Penalty.FINE).exclude(fine_state="")


class Fine(Sanction):
    """The fines ledger: the fines staff decided (due, paid or waived on appeal), as finance keeps them."""

    objects = FineManager()

    class Meta:
        proxy = True
        ordering = ["-decided_at", "id"]
        verbose_name = _("amende")
        verbose_name_plural = _("amendes (registre)")
