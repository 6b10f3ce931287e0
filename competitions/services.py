"""Setting up editions: each change one function in one transaction, called alike everywhere."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from clubs.models import Season
from cupfaf import audit
from cupfaf.errors import Conflict, Refused
from cupfaf.roles import authorize

from .models import (
    Category,
    Edition,
    Entry,
    Exemption,
    MatchFormat,
    Pairing,
    Phase,
    RegionalQuota,
    Regulation,
    Round,
    SanctionRule,
)
from .regulation import first_phase
from .stages import KNOCKOUT_STAGES
from .suspensions import suspended_in


@transaction.atomic
def set_up_edition(start_year, category_code, regulation_code, *, national_from="LAST_64", round_dates=None):
    """Create (or complete) an edition with its two phases and the national phase's knockout rounds.

    The first phase is the one the regulation gives the category (see `regulation.first_phase`); its
    rounds depend on the entries and are added when drawn. Running it again adds
    nothing that exists; dates already set are kept.
    """
    season, _ = Season.objects.get_or_create(start_year=start_year)
    category = Category.objects.get(code=category_code)
    edition, _ = Edition.objects.get_or_create(
        season=season, category=category, defaults={"regulation": Regulation.objects.get(code=regulation_code)}
    )
    Phase.objects.get_or_create(edition=edition, kind=first_phase(category.group).value, defaults={"order": 1})
    national, _ = Phase.objects.get_or_create(edition=edition, kind=Phase.Kind.NATIONAL, defaults={"order": 2})
    round_dates = round_dates or {}
    for offset, stage in enumerate(KNOCKOUT_STAGES[KNOCKOUT_STAGES.index(national_from) :]):
        round_, created = Round.objects.get_or_create(
            edition=edition,
            stage=stage,
            defaults={"phase": national, "order": 100 + offset, "date": round_dates.get(stage)},
        )
        if not created and round_.date is None and round_dates.get(stage):
            round_.date = round_dates[stage]
            round_.save(update_fields=["date"])
    return edition


@transaction.atomic
def copy_regulation(regulation, *, code, title, actor):
    """Start the next edition of the regulation from `regulation`: same formats, percentages and sanction lines.

    Staff then change what the new edition changes; editions already played keep the rulebook they used.
    """
    authorize(actor, "competitions.add_regulation")
    copy = Regulation.objects.create(
        code=code,
        title=title,
        **{
            name: getattr(regulation, name)
            for name in (
                "visiting_supporters_percent",
                "visiting_supporters_article",
                "gate_receipts_percent",
                "gate_receipts_article",
                "gate_receipts_payee",
            )
        },
    )
    MatchFormat.objects.bulk_create(
        MatchFormat(
            regulation=copy,
            category_id=fmt.category_id,
            halves=fmt.halves,
            half_minutes=fmt.half_minutes,
            extra_time_half_minutes=fmt.extra_time_half_minutes,
            article=fmt.article,
            note=fmt.note,
        )
        for fmt in regulation.match_formats.all()
    )
    rule_fields = [f.name for f in SanctionRule._meta.concrete_fields if f.name not in ("id", "regulation")]
    SanctionRule.objects.bulk_create(
        SanctionRule(regulation=copy, **{name: getattr(rule, name) for name in rule_fields})
        for rule in regulation.sanction_rules.all()
    )
    audit.record("regulation.copied", copy, actor=actor, data={"from": regulation.code})
    return copy


@transaction.atomic
def enter_clubs(edition, clubs, *, actor=None, actor_label=""):
    """Enter `clubs` in `edition` ("engagement"); a club entered already is left as it is.

    A club suspended from the cup for the edition's season is refused, with its sanction (the
    whole request then changes nothing).
    """
    authorize(actor, "competitions.enter_clubs")
    clubs = list(clubs)
    suspended = suspended_in(edition.season.start_year, [club.pk for club in clubs])
    if suspended:
        raise Refused(
            _("Clubs suspendus de la Coupe cette saison: %(clubs)s.")
            % {
                "clubs": "; ".join(
                    _("%(club)s (sanction n° %(sanction)s, art. %(article)s)")
                    % {"club": s.club, "sanction": s.sanction_id, "article": s.article}
                    for s in suspended.values()
                )
            },
            {"clubs": [str(s.club) for s in suspended.values()]},
        )
    entered = set(edition.entries.values_list("club_id", flat=True))
    created = Entry.objects.bulk_create(
        [Entry(edition=edition, club=club) for club in clubs if club.pk not in entered],
        ignore_conflicts=True,  # a club entered at the same moment by someone else stays entered once
        batch_size=1000,
    )
    if created:  # entering clubs already entered changes nothing, and the trail says nothing
        audit.record("edition.entries", edition, actor=actor, actor_label=actor_label, data={"clubs": len(created)})
    return created


@transaction.atomic
def withdraw_entry(entry, *, actor):
    """Withdraw a club's entry from an edition, before it is drawn (a club already drawn plays or forfeits)."""
    authorize(actor, "competitions.enter_clubs")
    locked = Entry.objects.select_for_update(of=("self",)).select_related("edition", "club").get(pk=entry.pk)
    drawn = Pairing.objects.filter(draw__round__edition=locked.edition).filter(
        Q(home_club=locked.club) | Q(away_club=locked.club)
    )
    if drawn.exists() or Exemption.objects.filter(draw__round__edition=locked.edition, club=locked.club).exists():
        raise Conflict(_("%(club)s a déjà été tiré dans cette édition: son engagement ne se retire plus.") % {"club": locked.club})
    audit.record("edition.entry_withdrawn", locked.edition, actor=actor, data={"club": [str(locked.club), None]})
    locked.delete()


@transaction.atomic
def set_regional_quota(edition, region, qualifiers, *, actor=None, actor_label=""):
    """Set how many clubs of `region` the first phase qualifies (art. 13)."""
    authorize(actor, "competitions.set_regional_quota")
    if qualifiers < 1:
        raise Refused(_("Au moins un qualifié par région (art. 13)."), {"qualifiers": [_("Au moins 1.")]}, article="13")
    before = RegionalQuota.objects.filter(edition=edition, region=region).values_list("qualifiers", flat=True).first()
    quota, _created = RegionalQuota.objects.update_or_create(
        edition=edition, region=region, defaults={"qualifiers": qualifiers}
    )
    audit.record(
        "edition.quota", edition, actor=actor, actor_label=actor_label, data={str(region): [before, qualifiers]}
    )
    return quota
