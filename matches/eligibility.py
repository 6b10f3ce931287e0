"""Who is drawn in a round: the previous round's winners and exempted clubs, the clubs entering at
this phase, never a suspended club; in pots, with how many each keeps (art. 12, 13)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clubs.models import Club, ClubSeason, Region
from competitions.models import Draw, DrawStatus, Edition, Exemption, Round
from competitions.regulation import draw, entry_phase
from competitions.regulation.rulebook import CategoryGroup, PhaseKind
from competitions.stages import CLUBS_IN_STAGE
from competitions.suspensions import suspended_in
from cupfaf.errors import Conflict, Refused

from .models import Match


@dataclass
class Eligibility:
    """Who is drawn in a round, pot by pot, and what the draw service needs to save the outcome."""

    round: Round
    inputs: draw.DrawInputs
    clubs: dict  # club id -> Club
    regions: dict  # pot name -> Region or None
    excluded: list = field(default_factory=list)  # suspended clubs left out, in words

    @property
    def document(self):
        return draw.inputs_document(self.inputs)


NATIONAL_POT = "national"


def previous_round(round_):
    return round_.edition.rounds.filter(order__lt=round_.order).select_related("phase").order_by("-order").first()


def following_round(round_):
    return round_.edition.rounds.filter(order__gt=round_.order).select_related("phase").order_by("order").first()


def eligibility(round_, *, with_next_round=False):
    """The clubs eligible for `round_`'s draw, in pots, with how many each pot keeps.

    Eligible: the winners of the previous round and the clubs it exempted, plus the clubs entering
    at this phase (art. 12.2, 12.3), never a club suspended from the cup this season. The first
    phase is drawn region by region towards each region's number of qualifiers (art. 13); the
    national phase in one pot (art. 12.1). Raises Conflict or Refused, saying why and which.
    """
    edition = Edition.objects.select_related("season", "category").get(pk=round_.edition_id)
    round_ = Round.objects.select_related("phase").get(pk=round_.pk)
    previous = previous_round(round_)
    club_ids = []
    if previous is not None:
        prior = Draw.objects.filter(round=previous).first()
        if prior is None or prior.status == DrawStatus.PREPARED:
            raise Conflict(
                _("Le tirage des %(round)s n'est pas encore effectué: ce tour ne peut pas être tiré avant.")
                % {"round": previous.name}
            )
        undecided = list(
            Match.objects.filter(round=previous, winner__isnull=True)
            .order_by("number")
            .values_list("number", flat=True)
        )
        if undecided:
            shown = ", ".join(str(n) for n in undecided[:12]) + (" …" if len(undecided) > 12 else "")
            raise Conflict(
                _("%(count)s match(s) des %(round)s sans qualifié (n° %(numbers)s): saisissez ou décidez-les d'abord.")
                % {"count": len(undecided), "round": previous.name, "numbers": shown},
                article="12.1",
            )
        club_ids += Match.objects.filter(round=previous).values_list("winner_id", flat=True)
        club_ids += Exemption.objects.filter(draw=prior).values_list("club_id", flat=True)
    carried = list(club_ids)
    if previous is None or previous.phase_id != round_.phase_id:
        club_ids += _entering(edition, round_.phase, previous)

    suspended = suspended_in(edition.season.start_year, club_ids)
    excluded = [
        _("%(club)s, suspendu (sanction n° %(sanction)s, art. %(article)s)")
        % {"club": s.club, "sanction": s.sanction_id, "article": s.article}
        for s in suspended.values()
    ]
    clubs = Club.objects.in_bulk([i for i in club_ids if i not in suspended])
    if round_.phase.kind == PhaseKind.NATIONAL:
        if previous is not None and previous.phase_id != round_.phase_id:
            # Only the clubs that came through the first phase count against its quotas, not those entering now.
            _check_first_phase_complete(edition, carried)
        pots, regions = _national_pot(round_, clubs), {NATIONAL_POT: None}
    else:
        if with_next_round:
            raise Refused(_("Le tour suivant ne se tire avec celui-ci qu'en phase nationale."))
        pots, regions = _regional_pots(edition, clubs)
        if all(len(pot.entrants) <= pot.keep for pot in pots):
            raise Conflict(
                _("La première phase est terminée: chaque région a ses qualifiés (art. 13). Tirez la phase nationale."),
                article="13",
            )
    next_keep = 0
    if with_next_round:
        following = following_round(round_)
        if following is None or following.stage not in CLUBS_IN_STAGE:
            raise Refused(_("Aucun tour ne suit les %(round)s.") % {"round": round_.name})
        if Draw.objects.filter(round=following).exists():
            raise Conflict(_("Le tirage des %(round)s existe déjà.") % {"round": following.name})
        next_keep = CLUBS_IN_STAGE[following.stage] // 2
    inputs = draw.DrawInputs(round=round_.stage, pots=tuple(pots), next_keep=next_keep)
    return Eligibility(round_, inputs, clubs, regions, excluded)


def _entering(edition, phase, previous):
    """The entered clubs whose first round is in `phase` (art. 12.2, 12.3)."""
    entries = list(edition.entries.values_list("club_id", flat=True))
    divisions = dict(
        ClubSeason.objects.filter(season=edition.season, club__entries__edition=edition).values_list(
            "club_id", "division__code"
        )
    )
    by_phase = {}
    for club_id in entries:
        kind = entry_phase(edition.category.group, divisions.get(club_id)).value
        by_phase.setdefault(kind, []).append(club_id)
    if edition.category.group == CategoryGroup.SENIORS:
        unknown = [i for i in entries if i not in divisions]
        if unknown:
            names = ", ".join(str(c) for c in Club.objects.filter(pk__in=unknown[:10]))
            raise Refused(
                _(
                    "Division de %(count)s club(s) engagé(s) inconnue pour %(season)s (%(clubs)s): "
                    "elle décide de la phase d'entrée (art. 12.2)."
                )
                % {"count": len(unknown), "season": edition.season, "clubs": names},
                article="12.2",
            )
    if previous is None and phase.kind == PhaseKind.NATIONAL:
        earlier = sum(len(ids) for kind, ids in by_phase.items() if kind != PhaseKind.NATIONAL)
        if earlier:
            raise Conflict(
                _("%(count)s club(s) engagé(s) entrent en première phase: tirez-la avant la phase nationale.")
                % {"count": earlier},
                article="12.2",
            )
    return by_phase.get(phase.kind, [])


def _entrant(club):
    return draw.Entrant(club.pk, club.name)


def _bowl(clubs):
    """Clubs in the bowl's order: by name, then identifier (any fixed order would do: it is published)."""
    return tuple(_entrant(club) for club in sorted(clubs, key=lambda c: (c.name, c.pk)))


def _national_pot(round_, clubs):
    keep = CLUBS_IN_STAGE.get(round_.stage) or 0
    keep = keep // 2 if keep else draw.clubs_left_after_round(len(clubs), 1)
    problems = draw.check_national_round(len(clubs), keep)
    if problems:
        raise Conflict(
            "%s: %s" % (round_.name, " ".join(_(p.message) % p.params for p in problems)), article=problems[0].article
        )
    return [draw.Pot(NATIONAL_POT, keep, _bowl(clubs.values()))]


def club_regions(season, club_ids):
    """{club id: region id}: the region of the club's wilaya, else that of its league this season."""
    regions = dict(
        Club.objects.filter(pk__in=club_ids, wilaya__region__isnull=False).values_list("pk", "wilaya__region_id")
    )
    missing = [i for i in club_ids if i not in regions]
    if missing:
        regions.update(
            ClubSeason.objects.filter(season=season, club_id__in=missing, league__region__isnull=False).values_list(
                "club_id", "league__region_id"
            )
        )
    return regions


def _regional_pots(edition, clubs):
    region_of = club_regions(edition.season, list(clubs))
    homeless = [clubs[i] for i in clubs if i not in region_of]
    if homeless:
        raise Refused(
            _(
                "Région inconnue pour %(count)s club(s) (%(clubs)s): indiquez la région de leur wilaya. "
                "La première phase se tire région par région (art. 13)."
            )
            % {"count": len(homeless), "clubs": ", ".join(str(c) for c in homeless[:10])},
            article="13",
        )
    quotas = {q.region_id: q for q in edition.quotas.select_related("region")}
    by_region = {}
    for club_id, region_id in region_of.items():
        by_region.setdefault(region_id, []).append(clubs[club_id])
    unset = [str(region) for region in Region.objects.filter(pk__in=set(by_region) - set(quotas))]
    if unset:
        raise Refused(
            _("Nombre de qualifiés non fixé pour la région %(regions)s dans cette édition (art. 13).")
            % {"regions": ", ".join(unset)},
            article="13",
        )
    pots, regions = [], {}
    for region_id in sorted(by_region, key=lambda r: quotas[r].region.name):
        quota = quotas[region_id]
        members = by_region[region_id]
        pots.append(
            draw.Pot(quota.region.name, draw.clubs_left_after_round(len(members), quota.qualifiers), _bowl(members))
        )
        regions[quota.region.name] = quota.region
    return pots, regions


def _check_first_phase_complete(edition, club_ids):
    """The engine decides (art. 13); this gathers its facts: clubs left and qualifiers, per region."""
    region_of = club_regions(edition.season, club_ids)
    quotas = {q.region_id: q for q in edition.quotas.select_related("region")}
    clubs_by_region = {}
    for region_id in region_of.values():
        if region_id in quotas:
            name = quotas[region_id].region.name
            clubs_by_region[name] = clubs_by_region.get(name, 0) + 1
    problems = draw.check_first_phase_finished(
        clubs_by_region, {q.region.name: q.qualifiers for q in quotas.values()}
    )
    if problems:
        raise Conflict(
            _("Tirez d'abord le tour suivant de la première phase: %(problems)s")
            % {"problems": " ".join(_(p.message) % p.params for p in problems)},
            article="13",
        )
