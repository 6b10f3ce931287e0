"""Editions of the cup, their phases and rounds, the rulebook they play under, and their draws."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from clubs.models import Club, Region, Season
from clubs.names import name_key

from .regulation import rulebook
from .regulation.rulebook import IncidentType, Party, Penalty
from .stages import KNOCKOUT_STAGES, PRELIMINARY_STAGES, REGIONAL_ROUND_PREFIX, is_valid_stage

STAGE_NAMES = {
    "PRELIMINARY_ROUND": _("Tour préliminaire"),
    "LAST_64": _("32e de finale"),
    "LAST_32": _("16e de finale"),
    "LAST_16": _("8e de finale"),
    "QUARTER_FINALS": _("Quarts de finale"),
    "SEMI_FINALS": _("Demi-finales"),
    "FINAL": _("Finale"),
}


INCIDENT_CHOICES = [
    (IncidentType.LACK_OF_BALLS, _("Match arrêté par manque de ballons (art. 19)")),
    (IncidentType.NO_POLICE, _("Absence de service d'ordre (art. 11.3)")),
    (IncidentType.CROWD_DISORDER, _("Désordres (art. 11.1, 11.2)")),
    (IncidentType.OBLIGATIONS_BREACH, _("Manquement aux obligations de l'article 10")),
    (IncidentType.ARTICLE_10_3_BREACH, _("Violation de l'article 10.3")),
    (IncidentType.NO_SHOW, _("Club absent")),
]
PENALTY_CHOICES = [
    (Penalty.MATCH_LOST, _("Match perdu par pénalité")),
    (Penalty.FINE, _("Amende")),
    (Penalty.POINTS_DEDUCTION, _("Défalcation de points en championnat")),
    (Penalty.CUP_SUSPENSION, _("Suspension de la Coupe d'Algérie")),
    (Penalty.REFERRAL, _("Décision laissée au personnel de la fédération")),
]
INCIDENT_CODES = [code for code, _label in INCIDENT_CHOICES]
PENALTY_CODES = [code for code, _label in PENALTY_CHOICES]
PARTY_CHOICES = [
    (Party.ORGANISER, _("Club organisateur (tiré en premier)")),
    (Party.OPPONENT, _("Club adverse")),
    (Party.AT_FAULT, _("Club fautif")),
]


class Regulation(models.Model):
    """An edition of the FAF's Cup regulations ("Règlements de la Coupe d'Algérie, édition 2023").

    Amounts, durations and their articles change between editions: they hang off this row, never
    off constants in code.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("ex. « 2023 »"))
    title = models.CharField(_("titre"), max_length=200)
    visiting_supporters_percent = models.DecimalField(
        _("places réservées aux supporters visiteurs (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Part minimale de la capacité du stade, sauf accord écrit entre les deux clubs."),
    )
    visiting_supporters_article = models.CharField(_("article (supporters visiteurs)"), max_length=20)
    gate_receipts_percent = models.DecimalField(
        _("quote-part de la FAF sur les recettes (%)"), max_digits=5, decimal_places=2
    )
    gate_receipts_article = models.CharField(_("article (recettes)"), max_length=20)
    gate_receipts_payee = models.CharField(
        _("bénéficiaire de la quote-part"), max_length=60, help_text=_("À qui la quote-part est versée, ex. « LFP ».")
    )

    class Meta:
        ordering = ["-code"]
        verbose_name = _("édition du règlement")
        verbose_name_plural = _("éditions du règlement")
        constraints = [
            models.CheckConstraint(
                condition=Q(visiting_supporters_percent__gte=0)
                & Q(visiting_supporters_percent__lte=100)
                & Q(gate_receipts_percent__gte=0)
                & Q(gate_receipts_percent__lte=100),
                name="regulation_percentages_in_range",
            )
        ]

    def __str__(self):
        return self.title


class CategoryGroup(models.TextChoices):
    # The regulation treats these groups differently (art. 12, 18, 19); the engine's codes, labelled.
    SENIORS = rulebook.CategoryGroup.SENIORS.value, _("Seniors garçons")
    RESERVES = rulebook.CategoryGroup.RESERVES.value, _("Réserves")
    YOUTH = rulebook.CategoryGroup.YOUTH.value, _("Jeunes")
    WOMEN = rulebook.CategoryGroup.WOMEN.value, _("Féminines")


class Category(models.Model):
    """A category of the cup: Seniors garçons, Réserves, U-19, U-17, U-15, and the women's categories."""

    Group = CategoryGroup

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("ex. « SENIORS_MEN »"))
    name = models.CharField(_("nom"), max_length=60, unique=True)
    group = models.CharField(_("groupe"), max_length=10, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        constraints = [models.CheckConstraint(condition=Q(group__in=CategoryGroup.values), name="category_group_valid")]

    def __str__(self):
        return self.name


class MatchFormat(models.Model):
    """How long a match of a category lasts under a regulation edition, and what follows a draw (art. 18)."""

    regulation = models.ForeignKey(
        Regulation, models.CASCADE, related_name="match_formats", verbose_name=_("règlement")
    )
    category = models.ForeignKey(Category, models.PROTECT, related_name="+", verbose_name=_("catégorie"))
    halves = models.PositiveSmallIntegerField(_("périodes"), default=2)
    half_minutes = models.PositiveSmallIntegerField(_("durée d'une période (min)"))
    extra_time_half_minutes = models.PositiveSmallIntegerField(
        _("durée d'une période de prolongation (min)"),
        null=True,
        blank=True,
        help_text=_("Vide: pas de prolongation, tirs au but directement."),
    )
    article = models.CharField(_("article"), max_length=20)
    note = models.CharField(_("remarque"), max_length=200, blank=True)

    class Meta:
        ordering = ["regulation", "category__order"]
        verbose_name = _("format de match")
        verbose_name_plural = _("formats de match")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "category"], name="matchformat_one_per_category"),
            models.CheckConstraint(
                condition=Q(halves__gte=1) & Q(half_minutes__gte=1) & Q(half_minutes__lte=60),
                name="matchformat_durations_positive",
            ),
            models.CheckConstraint(
                condition=Q(extra_time_half_minutes__isnull=True)
                | (Q(extra_time_half_minutes__gte=1) & Q(extra_time_half_minutes__lte=30)),
                name="matchformat_extra_time_positive",
            ),
        ]

    def __str__(self):
        extra = f" + 2 × {self.extra_time_half_minutes}" if self.extra_time_half_minutes else ""
        return f"{self.category}: {self.halves} × {self.half_minutes}{extra} (art. {self.article})"


class SanctionRule(models.Model):
    """A line of the rulebook: for an incident in these phases, categories and divisions, this penalty.

    The engine (`competitions.regulation.sanctions`) reads these lines; an edition of the regulation
    with other amounts is new lines, not new code.
    """

    regulation = models.ForeignKey(
        Regulation, models.CASCADE, related_name="sanction_rules", verbose_name=_("règlement")
    )
    incident = models.CharField(_("incident"), max_length=24, choices=INCIDENT_CHOICES)
    penalty = models.CharField(_("sanction"), max_length=20, choices=PENALTY_CHOICES)
    party = models.CharField(_("club sanctionné"), max_length=10, choices=PARTY_CHOICES)
    phases = models.JSONField(_("phases"), help_text=_("Liste parmi PRELIMINARY, REGIONAL, NATIONAL."))
    category_groups = models.JSONField(
        _("groupes de catégories"), help_text=_("Liste parmi SENIORS, RESERVES, YOUTH, WOMEN.")
    )
    divisions = models.JSONField(
        _("divisions"),
        default=list,
        blank=True,
        help_text=_("Codes des divisions du club sanctionné (ex. L2, IR, REG); vide: toutes."),
    )
    amount = models.PositiveBigIntegerField(_("amende (DA)"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points retirés"), null=True, blank=True)
    seasons = models.PositiveSmallIntegerField(_("saisons de suspension"), null=True, blank=True)
    article = models.CharField(_("article"), max_length=20)
    note = models.CharField(_("remarque"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["regulation", "order", "id"]
        verbose_name = _("ligne du barème des sanctions")
        verbose_name_plural = _("barème des sanctions")
        constraints = [
            models.CheckConstraint(condition=Q(incident__in=INCIDENT_CODES), name="rule_incident_valid"),
            models.CheckConstraint(condition=Q(penalty__in=PENALTY_CODES), name="rule_penalty_valid"),
            models.CheckConstraint(condition=Q(party__in=[c for c, _ in PARTY_CHOICES]), name="rule_party_valid"),
            # A NULL makes a comparison unknown, which a CHECK lets through: each says "not null" too.
            models.CheckConstraint(
                condition=~Q(penalty=Penalty.FINE) | Q(amount__isnull=False, amount__gt=0), name="rule_fine_has_amount"
            ),
            models.CheckConstraint(
                condition=~Q(penalty=Penalty.POINTS_DEDUCTION) | Q(points__isnull=False, points__gt=0),
                name="rule_deduction_has_points",
            ),
            models.CheckConstraint(
                condition=~Q(penalty=Penalty.CUP_SUSPENSION) | Q(seasons__isnull=False, seasons__gt=0),
                name="rule_suspension_has_seasons",
            ),
        ]

    def __str__(self):
        return f"art. {self.article}: {self.get_incident_display()} → {self.get_penalty_display()}"

    def clean(self):
        allowed = {
            "phases": set(PhaseKind.values),
            "category_groups": set(CategoryGroup.values),
            "divisions": None,
        }
        errors = {}
        for name, values in allowed.items():
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                errors[name] = _('Une liste de codes, ex. ["NATIONAL"].')
            elif values is not None and not set(value) <= values:
                errors[name] = _("Codes inconnus: %(codes)s.") % {"codes": ", ".join(sorted(set(value) - values))}
            elif values is not None and not value:
                errors[name] = _("Au moins un code.")
        if errors:
            raise ValidationError(errors)


class Edition(models.Model):
    """One season's cup for one category, e.g. "Coupe d'Algérie Seniors garçons 2023-24"."""

    season = models.ForeignKey(Season, models.PROTECT, related_name="editions", verbose_name=_("saison"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="editions", verbose_name=_("catégorie"))
    regulation = models.ForeignKey(
        Regulation, models.PROTECT, related_name="editions", verbose_name=_("règlement applicable")
    )
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True, editable=False)
    winner = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vainqueur")
    )

    class Meta:
        ordering = ["-season__start_year", "category__order"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        permissions = [
            ("enter_clubs", _("Engager ou retirer des clubs")),
            ("set_regional_quota", _("Fixer les qualifiés par région (art. 13)")),
        ]
        constraints = [models.UniqueConstraint(fields=["season", "category"], name="edition_one_per_season_category")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = edition_slug(self.season, self.category)
        if not self.name:
            self.name = f"Coupe d'Algérie {self.category.name} {self.season.label}"
        super().save(*args, **kwargs)


def edition_slug(season, category):
    """The edition's identifier on the command line and in URLs: "2023-24-seniors-men"."""
    return slugify(f"{season.label}-{category.code}").replace("_", "-")


class PhaseKind(models.TextChoices):
    PRELIMINARY = rulebook.PhaseKind.PRELIMINARY.value, _("Phase préliminaire")
    REGIONAL = rulebook.PhaseKind.REGIONAL.value, _("Phase régionale")
    NATIONAL = rulebook.PhaseKind.NATIONAL.value, _("Phase nationale")


class Phase(models.Model):
    """A phase of an edition: preliminary or regional first, then national (art. 12.2, 12.3)."""

    Kind = PhaseKind

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="phases", verbose_name=_("édition"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("ordre"))

    class Meta:
        ordering = ["edition", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="phase_unique_kind"),
            models.UniqueConstraint(fields=["edition", "order"], name="phase_unique_order"),
            models.CheckConstraint(condition=Q(kind__in=PhaseKind.values), name="phase_kind_valid"),
        ]

    def __str__(self):
        return f"{self.edition} — {self.get_kind_display()}"


class Round(models.Model):
    """A round ("tour") of an edition, identified by its football-data.org stage code."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="rounds", verbose_name=_("édition"))
    phase = models.ForeignKey(Phase, models.CASCADE, related_name="rounds", verbose_name=_("phase"))
    stage = models.CharField(_("tour (code)"), max_length=20, help_text=_("ex. LAST_64 pour les 32e de finale"))
    order = models.PositiveSmallIntegerField(_("ordre"))
    date = models.DateField(_("date prévue"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "order"]
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        constraints = [
            models.UniqueConstraint(fields=["edition", "stage"], name="round_unique_stage"),
            models.UniqueConstraint(fields=["edition", "order"], name="round_unique_order"),
            models.CheckConstraint(
                condition=Q(stage__in=[*PRELIMINARY_STAGES, *KNOCKOUT_STAGES])
                | Q(stage__startswith=REGIONAL_ROUND_PREFIX),
                name="round_stage_valid",
            ),
        ]

    def __str__(self):
        return f"{self.edition} — {self.name}"

    @property
    def name(self):
        """The round's name as the federation prints it: "32e de finale", "2e tour"…"""
        if self.stage in STAGE_NAMES:
            return STAGE_NAMES[self.stage]
        return _("Tour %(number)s") % {"number": self.stage.removeprefix(REGIONAL_ROUND_PREFIX)}

    def save(self, *args, **kwargs):
        """Save; when the date moves, the round's matches move with it (their version and last update too)."""
        moved = self.pk is not None and Round.objects.filter(pk=self.pk).exclude(date=self.date).exists()
        super().save(*args, **kwargs)
        if moved:
            for match in self.matches.filter(kickoff__isnull=True):
                match.save(update_fields=[])

    def clean(self):
        if not is_valid_stage(self.stage):
            raise ValidationError({"stage": _("Code de tour inconnu: %(stage)s") % {"stage": self.stage}})
        if self.phase_id and self.edition_id and self.phase.edition_id != self.edition_id:
            raise ValidationError({"phase": _("Cette phase appartient à une autre édition.")})


class DrawStatus(models.TextChoices):
    PREPARED = "PREPARED", _("Préparé")
    PERFORMED = "PERFORMED", _("Effectué")
    PUBLISHED = "PUBLISHED", _("Publié")


class DrawMethod(models.TextChoices):
    CEREMONY = "CEREMONY", _("Cérémonie publique (saisie des résultats)")
    SOFTWARE = "SOFTWARE", _("Tirage par le logiciel")


class Draw(models.Model):
    """The draw of one round (art. 12.1: integral). Prepared, then performed, then published."""

    Status = DrawStatus
    Method = DrawMethod

    round = models.OneToOneField(Round, models.CASCADE, related_name="draw", verbose_name=_("tour"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    method = models.CharField(_("méthode"), max_length=10, choices=Method.choices)
    drawn_with = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiré avec"),
        help_text=_("Le tirage du tour précédent, quand les deux tours ont été tirés ensemble."),
    )
    held_on = models.DateField(_("date du tirage"), null=True, blank=True)
    prepared_at = models.DateTimeField(_("préparé le"), default=timezone.now)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("préparé par"),
    )
    # The commitment of a software draw (see competitions.regulation.draw): published when prepared.
    algorithm = models.CharField(_("algorithme"), max_length=30, blank=True)
    inputs = models.TextField(_("document des participants"), blank=True)
    inputs_hash = models.CharField(_("empreinte SHA-256 des participants"), max_length=64, blank=True)
    seed_source = models.CharField(
        _("source de la graine"),
        max_length=300,
        blank=True,
        help_text=_(
            "Vide: graine secrète tirée par le logiciel, dont l'empreinte est publiée avant le tirage. "
            "Sinon, la valeur publique future qui servira de graine (ex. « hash du bloc Bitcoin 930000 »)."
        ),
    )
    seed_hash = models.CharField(_("empreinte SHA-256 de la graine"), max_length=64, blank=True)
    seed = models.CharField(_("graine"), max_length=300, blank=True, help_text=_("Révélée à la publication."))
    performed_at = models.DateTimeField(_("effectué le"), null=True, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effectué par"),
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )

    class Meta:
        verbose_name = _("tirage")
        verbose_name_plural = _("tirages")
        permissions = [
            ("prepare_draw", _("Préparer un tirage")),
            ("perform_draw", _("Effectuer un tirage")),
            ("publish_draw", _("Publier un tirage")),
            ("cancel_draw", _("Annuler un tirage préparé")),
            ("record_ceremony_draw", _("Saisir ou importer un tirage en cérémonie")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DrawStatus.values), name="draw_status_valid"),
            models.CheckConstraint(
                condition=Q(status=DrawStatus.PREPARED) | Q(performed_at__isnull=False), name="draw_performed_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status=DrawStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="draw_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(method=DrawMethod.SOFTWARE) | (~Q(inputs_hash="") & ~Q(algorithm="")),
                name="draw_software_has_commitment",
            ),
            models.CheckConstraint(
                condition=~Q(method=DrawMethod.SOFTWARE) | Q(status=DrawStatus.PREPARED) | ~Q(seed=""),
                name="draw_software_performed_has_seed",
            ),
        ]

    def __str__(self):
        return _("Tirage: %(round)s") % {"round": self.round}

    @property
    def is_public(self):
        return self.status == DrawStatus.PUBLISHED


class Pairing(models.Model):
    """A line of a draw as drawn: number, the club drawn first (it hosts, art. 11.1), the club drawn second.

    A side is either a club or the winner of a pairing of the previous round ("Vainqueur N 13").
    A pairing records what the draw produced and never changes; the `Match` carries the fixture as
    it stands (teams filled in as winners go through, awarded decisions…).
    """

    draw = models.ForeignKey(Draw, models.CASCADE, related_name="pairings", verbose_name=_("tirage"))
    number = models.PositiveSmallIntegerField(_("numéro"))
    home_club = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("club tiré en premier")
    )
    away_club = models.ForeignKey(
        Club, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("club tiré en second")
    )
    home_winner_of = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vainqueur de (premier)")
    )
    away_winner_of = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vainqueur de (second)")
    )
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("région (art. 13)")
    )

    class Meta:
        ordering = ["draw", "number"]
        verbose_name = _("appariement")
        verbose_name_plural = _("appariements")
        constraints = [
            models.UniqueConstraint(fields=["draw", "number"], name="pairing_unique_number"),
            # A winner goes to one place of the next round (the parser also checks across the two sides).
            models.UniqueConstraint(fields=["home_winner_of"], name="pairing_home_winner_placed_once"),
            models.UniqueConstraint(fields=["away_winner_of"], name="pairing_away_winner_placed_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pairing_number_positive"),
            models.CheckConstraint(
                condition=Q(home_club__isnull=False, home_winner_of__isnull=True)
                | Q(home_club__isnull=True, home_winner_of__isnull=False),
                name="pairing_home_is_club_or_winner",
            ),
            models.CheckConstraint(
                condition=Q(away_club__isnull=False, away_winner_of__isnull=True)
                | Q(away_club__isnull=True, away_winner_of__isnull=False),
                name="pairing_away_is_club_or_winner",
            ),
            models.CheckConstraint(
                condition=Q(home_club__isnull=True) | ~Q(home_club=models.F("away_club")),
                name="pairing_club_not_against_itself",
            ),
            models.CheckConstraint(
                condition=Q(home_winner_of__isnull=True) | ~Q(home_winner_of=models.F("away_winner_of")),
                name="pairing_winner_not_against_itself",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.side_label('home')} – {self.side_label('away')}"

    def side_label(self, side):
        club = getattr(self, f"{side}_club")
        if club is not None:
            return str(club)
        return _("Vainqueur N %(number)s") % {"number": getattr(self, f"{side}_winner_of").number}


class Exemption(models.Model):
    """A club the draw exempted from a round ("exempté"): it goes to the next round without playing,
    so that the next round has the number of clubs it needs."""

    draw = models.ForeignKey(Draw, models.CASCADE, related_name="exemptions", verbose_name=_("tirage"))
    club = models.ForeignKey(Club, models.PROTECT, related_name="+", verbose_name=_("club"))
    order = models.PositiveSmallIntegerField(_("ordre de tirage"))
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("région (art. 13)")
    )

    class Meta:
        ordering = ["draw", "order"]
        verbose_name = _("club exempté")
        verbose_name_plural = _("clubs exemptés")
        constraints = [
            models.UniqueConstraint(fields=["draw", "club"], name="exemption_club_once"),
            models.UniqueConstraint(fields=["draw", "order"], name="exemption_unique_order"),
        ]

    def __str__(self):
        return str(self.club)


class Entry(models.Model):
    """A club's entry ("engagement") in an edition; it enters at the phase its division gives (art. 12.2)."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="entries", verbose_name=_("édition"))
    club = models.ForeignKey(Club, models.PROTECT, related_name="entries", verbose_name=_("club"))
    created_at = models.DateTimeField(_("engagé le"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "club__name"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [models.UniqueConstraint(fields=["edition", "club"], name="entry_once_per_edition")]

    def __str__(self):
        return f"{self.club} — {self.edition}"


class RegionalQuota(models.Model):
    """How many clubs of a region the first phase qualifies for the national phase (art. 13)."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="quotas", verbose_name=_("édition"))
    region = models.ForeignKey(Region, models.PROTECT, related_name="+", verbose_name=_("région"))
    qualifiers = models.PositiveSmallIntegerField(_("qualifiés pour la phase nationale"))

    class Meta:
        ordering = ["edition", "region__name"]
        verbose_name = _("qualifiés par région (art. 13)")
        verbose_name_plural = _("qualifiés par région (art. 13)")
        constraints = [
            models.UniqueConstraint(fields=["edition", "region"], name="quota_once_per_region"),
            models.CheckConstraint(condition=Q(qualifiers__gte=1), name="quota_positive"),
        ]

    def __str__(self):
        return f"{self.region}: {self.qualifiers}"


def club_slug(name):
    """A club's identifier in the cup's history (`CupFinal`): its present name, spelled the way URLs are."""
    return slugify(name_key(name), allow_unicode=True)


class CupFinal(models.Model):
    """One season of the cup's roll of honour (le palmarès): its final, or the reason none was played.

    The history since 1962-63 is kept apart from `Edition`: the federation records the past from
    public sources (`fixtures/history.json`), not from draws and reports. Clubs are named as they
    are today (`winner`), and as they were then when different (`winner_then`: CR Belcourt won the
    1966 final that CR Belouizdad counts); the score is read from the winner's side.
    """

    season = models.PositiveSmallIntegerField(
        _("saison"), unique=True, help_text=_("L'année où elle commence: 1962 pour 1962-63.")
    )
    held = models.BooleanField(_("disputée"), default=True)
    winner = models.CharField(_("vainqueur"), max_length=120, blank=True, help_text=_("Le nom du club aujourd'hui."))
    winner_then = models.CharField(_("vainqueur (nom à l'époque)"), max_length=120, blank=True)
    runner_up = models.CharField(_("finaliste"), max_length=120, blank=True, help_text=_("Le nom du club aujourd'hui."))
    runner_up_then = models.CharField(_("finaliste (nom à l'époque)"), max_length=120, blank=True)
    winner_goals = models.PositiveSmallIntegerField(_("buts du vainqueur"), null=True, blank=True)
    runner_up_goals = models.PositiveSmallIntegerField(_("buts du finaliste"), null=True, blank=True)
    extra_time = models.BooleanField(_("après prolongation"), default=False)
    winner_penalties = models.PositiveSmallIntegerField(_("tirs au but du vainqueur"), null=True, blank=True)
    runner_up_penalties = models.PositiveSmallIntegerField(_("tirs au but du finaliste"), null=True, blank=True)
    replay_winner_goals = models.PositiveSmallIntegerField(
        _("match rejoué: buts du vainqueur"), null=True, blank=True, help_text=_("Quand la finale a été rejouée.")
    )
    replay_runner_up_goals = models.PositiveSmallIntegerField(_("match rejoué: buts du finaliste"), null=True, blank=True)
    played_on = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("stade"), max_length=120, blank=True)
    note = models.CharField(
        _("remarque"), max_length=400, blank=True, help_text=_("Pourquoi elle n'a pas eu lieu; ce que les sources contestent.")
    )
    sources = models.TextField(_("sources"), help_text=_("Où chaque fait a été lu, une source par ligne."))
    winner_slug = models.SlugField(max_length=120, blank=True, editable=False, allow_unicode=True)
    runner_up_slug = models.SlugField(max_length=120, blank=True, editable=False, allow_unicode=True)

    class Meta:
        ordering = ["-season"]
        verbose_name = _("finale (palmarès)")
        verbose_name_plural = _("palmarès")
        constraints = [
            models.CheckConstraint(
                condition=Q(season__gte=1962, season__lte=2200),
                name="cupfinal_season_in_range",
                violation_error_message=_("La saison commence entre 1962 et 2200."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(held=True, winner_goals__isnull=False, runner_up_goals__isnull=False)
                    & ~Q(winner_slug="")
                    & ~Q(runner_up_slug="")
                    & ~Q(winner_slug=F("runner_up_slug"))
                )
                | Q(
                    held=False,
                    winner="",
                    winner_then="",
                    runner_up="",
                    runner_up_then="",
                    winner_goals__isnull=True,
                    runner_up_goals__isnull=True,
                    extra_time=False,
                    winner_penalties__isnull=True,
                    runner_up_penalties__isnull=True,
                    replay_winner_goals__isnull=True,
                    replay_runner_up_goals__isnull=True,
                    played_on__isnull=True,
                )
                & ~Q(note=""),
                name="cupfinal_held_has_finalists",
                violation_error_message=_(
                    "Une finale disputée a deux clubs différents (nommés par des lettres ou des chiffres) et leurs buts; "
                    "une saison sans finale n'a ni club, ni score, ni date, et sa remarque dit pourquoi."
                ),
            ),
            # A NULL makes a comparison unknown, which a CHECK lets through: each says "not null" too.
            models.CheckConstraint(
                condition=Q(winner_penalties__isnull=True, runner_up_penalties__isnull=True)
                | Q(
                    held=True,
                    runner_up_penalties__isnull=False,
                    winner_penalties__gt=F("runner_up_penalties"),
                    winner_goals=F("runner_up_goals"),
                ),
                name="cupfinal_shootout_after_a_draw",
                violation_error_message=_(
                    "Des tirs au but suivent un match nul, et le vainqueur en marque plus que le finaliste."
                ),
            ),
            models.CheckConstraint(
                condition=Q(replay_winner_goals__isnull=True, replay_runner_up_goals__isnull=True)
                | Q(
                    held=True,
                    replay_runner_up_goals__isnull=False,
                    replay_winner_goals__gt=F("replay_runner_up_goals"),
                    winner_goals=F("runner_up_goals"),
                ),
                name="cupfinal_replay_after_a_draw",
                violation_error_message=_(
                    "Une finale rejouée suit un match nul, et le vainqueur gagne le match rejoué."
                ),
            ),
            models.CheckConstraint(
                condition=Q(winner_penalties__isnull=False)
                | Q(replay_winner_goals__isnull=False)
                | Q(winner_goals__gt=F("runner_up_goals"))
                | Q(held=False),
                name="cupfinal_winner_won",
                violation_error_message=_(
                    "Le vainqueur marque plus de buts que le finaliste, ou gagne les tirs au but ou le match rejoué."
                ),
            ),
        ]

    def __str__(self):
        return self.season_label

    @property
    def season_label(self):
        return f"{self.season}-{(self.season + 1) % 100:02d}"

    def clean(self):
        self._set_slugs()  # before the constraints are checked: one compares them

    def save(self, *args, **kwargs):
        self._set_slugs()
        super().save(*args, **kwargs)

    def _set_slugs(self):
        self.winner_slug = club_slug(self.winner) if self.winner else ""
        self.runner_up_slug = club_slug(self.runner_up) if self.runner_up else ""
