"""Matches (fixtures as they stand) and their goals."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, LessThan
from django.utils.translation import gettext_lazy as _

from clubs.models import Club, League, Stadium
from competitions.models import Draw, DrawStatus, Pairing, Round

from competitions.regulation.score import Pair, Score


class Slot(models.TextChoices):
    HOME = "HOME", _("Domicile (tiré en premier)")
    AWAY = "AWAY", _("Extérieur (tiré en second)")


class MatchStatus(models.TextChoices):
    """football-data.org's status values; AWARDED is a match lost by penalty (match perdu par pénalité)."""

    SCHEDULED = "SCHEDULED", _("Programmé")
    TIMED = "TIMED", _("Horaire fixé")
    IN_PLAY = "IN_PLAY", _("En cours")
    PAUSED = "PAUSED", _("Mi-temps")
    EXTRA_TIME = "EXTRA_TIME", _("Prolongation")
    PENALTY_SHOOTOUT = "PENALTY_SHOOTOUT", _("Tirs au but")
    FINISHED = "FINISHED", _("Terminé")
    SUSPENDED = "SUSPENDED", _("Arrêté")
    POSTPONED = "POSTPONED", _("Reporté")
    CANCELLED = "CANCELLED", _("Annulé")
    AWARDED = "AWARDED", _("Match perdu par pénalité")


class ResultState(models.TextChoices):
    """Where a match's result stands between the reporter and the validator (empty while none is reported)."""

    SUBMITTED = "SUBMITTED", _("Saisi, en attente de validation")
    VALIDATED = "VALIDATED", _("Validé (officiel)")
    RETURNED = "RETURNED", _("Renvoyé pour correction")


class MatchQuerySet(models.QuerySet):
    def public(self):
        """Matches the public may see: those of published draws.

        Read as the matches drawn (with a pairing) in a round whose draw is published, a match's pairing
        being of its round's draw: a condition on the match's own columns, where joining the pairing and
        the draw made PostgreSQL plan every list query longer than it ran.
        """
        published = Draw.objects.filter(status=DrawStatus.PUBLISHED).values("round_id")
        return self.filter(pairing__isnull=False, round_id__in=published)


def _pair_both_or_neither(prefix):
    home, away = f"home_{prefix}", f"away_{prefix}"
    return models.CheckConstraint(
        condition=Q(**{f"{home}__isnull": True, f"{away}__isnull": True})
        | Q(**{f"{home}__isnull": False, f"{away}__isnull": False}),
        name=f"match_{prefix}_both_sides",
    )


def _winner_follows_the_score():
    """A FINISHED match's winner leads after play (90' + extra time), or won the shoot-out when level.

    An AWARDED match is exempt: a decision can go against the score. Each branch tests its columns
    for NULL first, so that no comparison with NULL lets a wrong row through.
    """
    home_after_play = F("home_regular_time") + Coalesce(F("home_extra_time"), 0)
    away_after_play = F("away_regular_time") + Coalesce(F("away_extra_time"), 0)
    level_after_play = Q(Exact(home_after_play, away_after_play))
    shootout = Q(home_penalties__isnull=False)
    home_through = Q(GreaterThan(home_after_play, away_after_play)) | (
        level_after_play & shootout & Q(home_penalties__gt=F("away_penalties"))
    )
    away_through = Q(LessThan(home_after_play, away_after_play)) | (
        level_after_play & shootout & Q(away_penalties__gt=F("home_penalties"))
    )
    return (
        ~Q(status=MatchStatus.FINISHED)
        | Q(home_regular_time__isnull=True)
        | Q(winner__isnull=True)
        | (Q(winner=F("home_club")) & home_through)
        | (Q(winner=F("away_club")) & away_through)
    )


class Match(models.Model):
    """A fixture of a round: the club drawn first hosts (art. 11.1).

    Either side may be empty while it waits for the winner of a match of the previous round (that
    match's `next_match` and `next_slot` point here). `version` goes up with every change so that
    a report made against an older reading can be refused.
    """

    Status = MatchStatus

    round = models.ForeignKey(Round, models.PROTECT, related_name="matches", verbose_name=_("tour"))
    pairing = models.OneToOneField(
        Pairing, models.PROTECT, null=True, blank=True, related_name="match", verbose_name=_("appariement")
    )
    number = models.PositiveSmallIntegerField(_("numéro"), help_text=_("Le numéro de l'appariement au tirage."))
    league = models.ForeignKey(
        League, models.PROTECT, null=True, blank=True, related_name="matches", verbose_name=_("ligue organisatrice")
    )
    home_club = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="home_matches", verbose_name=_("club recevant")
    )
    away_club = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="away_matches", verbose_name=_("club visiteur")
    )
    next_match = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="feeders",
        verbose_name=_("match suivant du vainqueur"),
    )
    next_slot = models.CharField(_("place au match suivant"), max_length=4, choices=Slot.choices, blank=True)
    kickoff = models.DateTimeField(_("coup d'envoi"), null=True, blank=True)
    venue = models.ForeignKey(Stadium, models.PROTECT, null=True, blank=True, verbose_name=_("stade"))
    neutral_venue = models.BooleanField(
        _("terrain neutre"),
        default=False,
        help_text=_("Ni l'un ni l'autre club ne reçoit: c'est l'usage pour les demi-finales et la finale."),
    )
    postponement_reason = models.CharField(
        _("motif du report"),
        max_length=300,
        blank=True,
        help_text=_("Pourquoi le match est reporté; effacé quand il est reprogrammé."),
    )
    status = models.CharField(_("état"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)

    home_half_time = models.PositiveSmallIntegerField(_("mi-temps (recevant)"), null=True, blank=True)
    away_half_time = models.PositiveSmallIntegerField(_("mi-temps (visiteur)"), null=True, blank=True)
    home_regular_time = models.PositiveSmallIntegerField(_("temps réglementaire (recevant)"), null=True, blank=True)
    away_regular_time = models.PositiveSmallIntegerField(_("temps réglementaire (visiteur)"), null=True, blank=True)
    home_extra_time = models.PositiveSmallIntegerField(_("buts en prolongation (recevant)"), null=True, blank=True)
    away_extra_time = models.PositiveSmallIntegerField(_("buts en prolongation (visiteur)"), null=True, blank=True)
    home_penalties = models.PositiveSmallIntegerField(_("tirs au but (recevant)"), null=True, blank=True)
    away_penalties = models.PositiveSmallIntegerField(_("tirs au but (visiteur)"), null=True, blank=True)

    winner = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("qualifié")
    )
    awarded_reason = models.CharField(_("motif de la décision"), max_length=300, blank=True)
    awarded_article = models.CharField(_("article appliqué"), max_length=20, blank=True)
    status_before_award = models.CharField(
        _("état avant la décision"),
        max_length=16,
        choices=MatchStatus.choices,
        blank=True,
        help_text=_("L'état que le match retrouve si la décision est annulée."),
    )
    gate_receipts = models.PositiveBigIntegerField(
        _("recettes (DA)"), null=True, blank=True, help_text=_("Recettes d'entrée au stade déclarées avec le résultat.")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("résultat saisi par"),
    )
    reported_at = models.DateTimeField(_("résultat saisi le"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("spectateurs"), null=True, blank=True)
    result_state = models.CharField(
        _("état du résultat"),
        max_length=10,
        choices=ResultState.choices,
        blank=True,
        help_text=_("Un résultat saisi est provisoire; il devient officiel quand une autre personne le valide."),
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    schedule_sequence = models.PositiveIntegerField(
        _("changements d'horaire ou de stade"),
        default=0,
        editable=False,
        help_text=_("Le SEQUENCE de l'événement dans les calendriers (iCalendar): il croît à chaque changement."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(_("dernière modification"), auto_now=True, db_index=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["round__order", "number"]
        verbose_name = _("match")
        verbose_name_plural = _("matchs")
        permissions = [
            ("schedule_match", _("Programmer un match (date, stade, ligue)")),
            ("report_result", _("Saisir ou corriger le résultat de tout match")),
            ("report_league_result", _("Saisir le résultat des matchs de sa ligue")),
            ("validate_result", _("Valider le résultat de tout match")),
            ("validate_league_result", _("Valider le résultat des matchs de sa ligue")),
            ("read_at_media_rate", _("Lire l'API au débit des médias")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="match_unique_number_in_round"),
            models.UniqueConstraint(fields=["next_match", "next_slot"], name="match_one_feeder_per_slot"),
            models.CheckConstraint(condition=Q(number__gte=1), name="match_number_positive"),
            models.CheckConstraint(
                condition=Q(home_club__isnull=True) | Q(away_club__isnull=True) | ~Q(home_club=F("away_club")),
                name="match_club_not_against_itself",
            ),
            models.CheckConstraint(
                condition=Q(next_match__isnull=True, next_slot="")
                | (Q(next_match__isnull=False) & Q(next_slot__in=Slot.values)),
                name="match_next_slot_with_next_match",
            ),
            models.CheckConstraint(
                condition=Q(next_match__isnull=True) | ~Q(next_match=F("id")), name="match_does_not_feed_itself"
            ),
            models.CheckConstraint(condition=Q(status__in=MatchStatus.values), name="match_status_valid"),
            _pair_both_or_neither("half_time"),
            _pair_both_or_neither("regular_time"),
            _pair_both_or_neither("extra_time"),
            _pair_both_or_neither("penalties"),
            models.CheckConstraint(
                condition=Q(home_half_time__isnull=True)
                | (
                    Q(home_regular_time__isnull=False)
                    & Q(home_half_time__lte=F("home_regular_time"))
                    & Q(away_half_time__lte=F("away_regular_time"))
                ),
                name="match_half_time_within_regular_time",
            ),
            models.CheckConstraint(
                condition=Q(home_extra_time__isnull=True)
                | (Q(home_regular_time__isnull=False) & Q(home_regular_time=F("away_regular_time"))),
                name="match_extra_time_only_after_level_regular_time",
            ),
            models.CheckConstraint(
                condition=Q(home_penalties__isnull=True)
                | (
                    Q(home_regular_time__isnull=False)
                    & Q(home_regular_time=F("away_regular_time"))
                    & (Q(home_extra_time__isnull=True) | Q(home_extra_time=F("away_extra_time")))
                    & ~Q(home_penalties=F("away_penalties"))
                ),
                name="match_shootout_only_when_level_and_decisive",
            ),
            models.CheckConstraint(
                condition=Q(winner__isnull=True)
                | (
                    Q(home_club__isnull=False)
                    & Q(away_club__isnull=False)
                    & (Q(winner=F("home_club")) | Q(winner=F("away_club")))
                ),
                name="match_winner_is_a_participant",
            ),
            models.CheckConstraint(
                condition=Q(winner__isnull=True) | Q(status__in=[MatchStatus.FINISHED, MatchStatus.AWARDED]),
                name="match_winner_only_once_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.FINISHED) | Q(home_regular_time__isnull=False, winner__isnull=False),
                name="match_finished_has_score_and_winner",
            ),
            models.CheckConstraint(condition=_winner_follows_the_score(), name="match_finished_winner_follows_score"),
            models.CheckConstraint(
                condition=(
                    Q(status=MatchStatus.AWARDED)
                    & Q(winner__isnull=False)
                    & ~Q(awarded_reason="")
                    & ~Q(awarded_article="")
                )
                | (~Q(status=MatchStatus.AWARDED) & Q(awarded_reason="") & Q(awarded_article="")),
                name="match_awarded_has_decision",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="match_version_positive"),
            models.CheckConstraint(
                condition=Q(result_state="") | Q(result_state__in=ResultState.values), name="match_result_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.round} n° {self.number}: {self.side_label(Slot.HOME)} – {self.side_label(Slot.AWAY)}"

    def save(self, *args, **kwargs):
        """Save, moving `version` on in the database itself, so that concurrent saves each count.

        Code that changes a match's goals saves the match too: its version and `last_updated` then
        say that the match changed.
        """
        if self._state.adding:
            return super().save(*args, **kwargs)
        previous = self.version
        self.version = F("version") + 1
        deferred = self.get_deferred_fields()
        if kwargs.get("update_fields") is None and deferred:
            loaded = {f.attname for f in self._meta.concrete_fields if not f.primary_key} - deferred
            kwargs["update_fields"] = loaded
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "last_updated"}
        try:
            # One transaction, so the version read back is the one this save wrote.
            with transaction.atomic():
                super().save(*args, **kwargs)
                self.refresh_from_db(fields=["version"])
        except Exception:
            self.version = previous
            raise

    def side_label(self, slot):
        club = self.home_club if slot == Slot.HOME else self.away_club
        return str(club) if club else "?"

    @property
    def official(self):
        """Whether the result is the federation's record: validated by a second person, or decided by a sanction."""
        return self.status == MatchStatus.AWARDED or self.result_state == ResultState.VALIDATED

    @property
    def score(self) -> Score:
        extra = Pair(self.home_extra_time, self.away_extra_time)
        penalties = Pair(self.home_penalties, self.away_penalties)
        return Score(
            half_time=Pair(self.home_half_time, self.away_half_time),
            regular_time=Pair(self.home_regular_time, self.away_regular_time),
            extra_time=extra if extra.known else None,
            penalties=penalties if penalties.known else None,
        )


class GoalType(models.TextChoices):
    REGULAR = "REGULAR", _("But")
    OWN = "OWN", _("Contre son camp")
    PENALTY = "PENALTY", _("Penalty")


class Goal(models.Model):
    """A goal as reported: the minute, the scorer, and the team it counts for (own goals included)."""

    Type = GoalType

    match = models.ForeignKey(Match, models.CASCADE, related_name="goals", verbose_name=_("match"))
    team = models.CharField(_("équipe créditée"), max_length=4, choices=Slot.choices)
    minute = models.PositiveSmallIntegerField(_("minute"))
    injury_time = models.PositiveSmallIntegerField(_("temps additionnel"), null=True, blank=True)
    scorer = models.CharField(_("buteur"), max_length=120)
    type = models.CharField(_("type"), max_length=8, choices=Type.choices, default=Type.REGULAR)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )

    class Meta:
        ordering = ["match", "minute", "injury_time", "id"]
        verbose_name = _("but")
        verbose_name_plural = _("buts")
        constraints = [
            models.CheckConstraint(condition=Q(minute__gte=1) & Q(minute__lte=120), name="goal_minute_in_play"),
            models.CheckConstraint(
                condition=Q(injury_time__isnull=True) | (Q(injury_time__gte=1) & Q(injury_time__lte=30)),
                name="goal_injury_time_range",
            ),
            models.CheckConstraint(condition=Q(team__in=Slot.values), name="goal_team_valid"),
            models.CheckConstraint(condition=Q(type__in=GoalType.values), name="goal_type_valid"),
            models.CheckConstraint(condition=~Q(scorer=""), name="goal_scorer_named"),
        ]

    def __str__(self):
        extra = f"+{self.injury_time}" if self.injury_time else ""
        return f"{self.minute}{extra}' {self.scorer}"


class ReportState(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("En attente de validation")
    VALIDATED = "VALIDATED", _("Validé")
    RETURNED = "RETURNED", _("Renvoyé pour correction")
    SUPERSEDED = "SUPERSEDED", _("Remplacé avant validation")


class ResultReport(models.Model):
    """One submitted version of a match's result, kept for ever: who said what, and who made it official.

    `content` is what the reporter submitted, in the API's vocabulary (status, score by period,
    goals, incidents, attendance, gate receipts). The person who submitted a version can never
    validate or return it (`resultreport_decider_not_submitter`).
    """

    State = ReportState

    match = models.ForeignKey(Match, models.PROTECT, related_name="reports", verbose_name=_("match"))
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("état"), max_length=10, choices=ReportState.choices, default=ReportState.SUBMITTED)
    content = models.JSONField(_("contenu"), encoder=DjangoJSONEncoder)
    correction_reason = models.TextField(_("motif de la correction"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saisi par")
    )
    submitted_at = models.DateTimeField(_("saisi le"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé ou renvoyé par"),
    )
    decided_at = models.DateTimeField(_("validé ou renvoyé le"), null=True, blank=True)
    return_reason = models.TextField(_("motif du renvoi"), blank=True)

    class Meta:
        ordering = ["match", "-number"]
        verbose_name = _("version d'un résultat")
        verbose_name_plural = _("versions des résultats")
        constraints = [
            models.UniqueConstraint(fields=["match", "number"], name="resultreport_unique_number"),
            models.UniqueConstraint(
                fields=["match"], condition=Q(state=ReportState.SUBMITTED), name="resultreport_one_waiting_per_match"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="resultreport_number_positive"),
            models.CheckConstraint(condition=Q(state__in=ReportState.values), name="resultreport_state_valid"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(decided_by=F("submitted_by")),
                name="resultreport_decider_not_submitter",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[ReportState.VALIDATED, ReportState.RETURNED], decided_at__isnull=False)
                | (~Q(state__in=[ReportState.VALIDATED, ReportState.RETURNED]) & Q(decided_at__isnull=True)),
                name="resultreport_decided_when_validated_or_returned",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.RETURNED) | ~Q(return_reason=""), name="resultreport_returned_has_reason"
            ),
        ]

    def __str__(self):
        return _("%(match)s, version %(number)s") % {"match": self.match, "number": self.number}
