"""Clubs, the divisions they play in season by season, and the people who run football."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .names import name_key


class Season(models.Model):
    """A football season, named by the year it starts: 2023 is "2023-24"."""

    start_year = models.PositiveSmallIntegerField(_("année de début"), unique=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("saison")
        verbose_name_plural = _("saisons")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=1962) & Q(start_year__lte=2200), name="season_plausible_year"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def contains(self, day):
        """Whether `day` falls in this season: from July to the end of the following July (a late final included)."""
        return datetime.date(self.start_year, 7, 1) <= day <= datetime.date(self.start_year + 1, 7, 31)


class Division(models.Model):
    """A level of the league pyramid (L1, L2, Inter-régions, Régionale, Honneur, Pré-honneur…)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=60, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rang"), unique=True, help_text=_("1 pour la Ligue 1, puis de plus en plus bas.")
    )
    printed_tags = models.JSONField(
        _("abréviations imprimées"),
        default=list,
        blank=True,
        help_text=_("Comment les documents de la fédération écrivent cette division, ex. « Rég »."),
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [models.CheckConstraint(condition=Q(rank__gte=1), name="division_rank_positive")]

    def __str__(self):
        return self.name


class Region(models.Model):
    """A region of the federation (the territory of a regional league); art. 13 shares qualifiers by region."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Wilaya(models.Model):
    """An Algerian province, numbered as on number plates (01 Adrar … 58 El Meniaa)."""

    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    name = models.CharField(_("nom"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="wilayas", verbose_name=_("région")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("wilaya")
        verbose_name_plural = _("wilayas")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=99), name="wilaya_number_range")
        ]

    def __str__(self):
        return f"{self.number:02d} {self.name}"


class League(models.Model):
    """A body that organises matches (LFP, LIRF, a regional league…): a league official's scope."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leagues",
        verbose_name=_("région"),
        help_text=_("Vide pour une ligue nationale."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("ligue")
        verbose_name_plural = _("ligues")

    def __str__(self):
        return self.name


class Stadium(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    city = models.CharField(_("ville"), max_length=80)
    wilaya = models.ForeignKey(Wilaya, models.PROTECT, null=True, blank=True, verbose_name=_("wilaya"))
    capacity = models.PositiveIntegerField(_("capacité"), help_text=_("Places assises homologuées."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("stade")
        verbose_name_plural = _("stades")
        constraints = [
            models.UniqueConstraint(fields=["name", "city"], name="stadium_unique_name_city"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="stadium_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"


class Club(models.Model):
    """A club. Its division is not here: it belongs to a season (see `ClubSeason`)."""

    name = models.CharField(_("nom"), max_length=120)
    name_key = models.CharField(_("clé de nom"), max_length=120, unique=True, editable=False)
    short_name = models.CharField(_("sigle"), max_length=12, blank=True)
    wilaya = models.ForeignKey(Wilaya, models.PROTECT, null=True, blank=True, verbose_name=_("wilaya"))
    stadium = models.ForeignKey(Stadium, models.SET_NULL, null=True, blank=True, verbose_name=_("stade habituel"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        constraints = [models.CheckConstraint(condition=~Q(name_key=""), name="club_name_not_blank")]

    def __str__(self):
        return self.name

    def clean(self):
        check_name_is_free(self.name, club=self)

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def division_in(self, season):
        """The division the club holds in `season`, or None when the federation has not recorded it."""
        for record in self.seasons.all():
            if record.season_id == season.pk:
                return record.division
        return None


class ClubAlias(models.Model):
    """Another spelling of a club's name found in print ("USMK", "NA Hussein-Dey")."""

    club = models.ForeignKey(Club, models.CASCADE, related_name="aliases", verbose_name=_("club"))
    name = models.CharField(_("nom"), max_length=120)
    name_key = models.CharField(_("clé de nom"), max_length=120, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias de club")
        verbose_name_plural = _("alias de club")
        constraints = [models.CheckConstraint(condition=~Q(name_key=""), name="clubalias_not_blank")]

    def __str__(self):
        return self.name

    def clean(self):
        check_name_is_free(self.name, alias=self)

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


def check_name_is_free(name, *, club=None, alias=None):
    """Refuse a name that designates another club once spellings are normalised.

    For a club's own name (`club` given, no `alias`), the club's own aliases do not count: a club may
    be renamed to one of its spellings. For an alias, any club's name counts, its own included (such
    an alias would add nothing).
    """
    key = name_key(name)
    if not key:
        raise ValidationError({"name": _("Un nom de club doit contenir des lettres ou des chiffres.")})
    clubs = Club.objects.filter(name_key=key)
    aliases = ClubAlias.objects.select_related("club").filter(name_key=key)
    if alias is None:
        clubs = clubs.exclude(pk=club.pk if club else None)
        aliases = aliases.exclude(club=club.pk if club else None)
    else:
        aliases = aliases.exclude(pk=alias.pk)
    if other_club := clubs.first():
        raise ValidationError(
            {"name": _("« %(name)s » désigne déjà le club %(club)s.") % {"name": name, "club": other_club}}
        )
    if other_alias := aliases.first():
        raise ValidationError(
            {"name": _("« %(name)s » est déjà un alias du club %(club)s.") % {"name": name, "club": other_alias.club}}
        )


class ClubSeason(models.Model):
    """The division a club holds in one season (MB Rouissat: Régionale in 2023-24, Ligue 1 in 2025-26)."""

    club = models.ForeignKey(Club, models.CASCADE, related_name="seasons", verbose_name=_("club"))
    season = models.ForeignKey(Season, models.PROTECT, related_name="clubs", verbose_name=_("saison"))
    division = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("division"))
    league = models.ForeignKey(League, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ligue"))

    class Meta:
        ordering = ["season", "division__rank", "club__name"]
        verbose_name = _("division d'un club pour une saison")
        verbose_name_plural = _("divisions des clubs par saison")
        constraints = [models.UniqueConstraint(fields=["club", "season"], name="clubseason_one_per_season")]

    def __str__(self):
        return f"{self.club} — {self.division} ({self.season})"


class User(AbstractUser):
    """A person who signs in: federation staff, or a league official limited to one league's matches."""

    league = models.ForeignKey(
        League,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("ligue"),
        help_text=_("Pour un officiel de ligue: il ne voit et ne saisit que les matchs de cette ligue."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
