"""Reads of the competitions app that need care."""

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from clubs.models import Club

from .history import final_score, final_score_parts
from .models import CupFinal, DrawStatus, Edition, Regulation, Round
from .regulation.rulebook import (
    CategoryGroup,
    IncidentType,
    MatchFormatRule,
    Party,
    Penalty,
    PhaseKind,
    Rulebook,
    SanctionLine,
)


def rulebook_for(regulation: Regulation) -> Rulebook:
    """The rulebook of `regulation` as the engine reads it (two queries)."""
    formats = {
        fmt.category.code: MatchFormatRule(fmt.halves, fmt.half_minutes, fmt.extra_time_half_minutes, fmt.article)
        for fmt in regulation.match_formats.select_related("category")
    }
    rules = tuple(
        SanctionLine(
            incident=IncidentType(rule.incident),
            penalty=Penalty(rule.penalty),
            party=Party(rule.party),
            article=rule.article,
            phases=frozenset(PhaseKind(phase) for phase in rule.phases),
            groups=frozenset(CategoryGroup(group) for group in rule.category_groups),
            divisions=frozenset(rule.divisions),
            amount=rule.amount,
            points=rule.points,
            seasons=rule.seasons,
            note=rule.note,
        )
        for rule in regulation.sanction_rules.all()
    )
    return Rulebook(
        code=regulation.code,
        formats=formats,
        sanction_rules=rules,
        visiting_supporters_percent=regulation.visiting_supporters_percent,
        visiting_supporters_article=regulation.visiting_supporters_article,
        gate_receipts_percent=regulation.gate_receipts_percent,
        gate_receipts_article=regulation.gate_receipts_article,
        gate_receipts_payee=regulation.gate_receipts_payee,
    )


def editions_with_progress():
    """Editions with what their API representations read, in one query: `current_stage` and
    `current_round_order` (the round being played: the earliest published round with a match not
    yet decided, else the last published round), `first_day` and `last_day` (the dates of their
    first and last rounds, None while not fixed)."""
    published = Round.objects.filter(edition=OuterRef("pk"), draw__status=DrawStatus.PUBLISHED)
    playing = published.filter(matches__winner__isnull=True).order_by("order")
    last = published.order_by("-order")
    dates = Round.objects.filter(edition=OuterRef("pk")).values("edition")
    return Edition.objects.select_related("season", "category", "winner").annotate(
        current_stage=Coalesce(Subquery(playing.values("stage")[:1]), Subquery(last.values("stage")[:1])),
        current_round_order=Coalesce(Subquery(playing.values("order")[:1]), Subquery(last.values("order")[:1])),
        first_day=Subquery(dates.annotate(day=Min("date")).values("day")),
        last_day=Subquery(dates.annotate(day=Max("date")).values("day")),
    )


def matchdays(edition_ids):
    """{edition id: {round order: matchday}}: each edition's rounds numbered 1, 2, 3… in the order played
    (football-data.org's `matchday`; our round orders leave gaps between the phases)."""
    numbered = {}
    for edition_id, order in Round.objects.filter(edition_id__in=edition_ids).order_by("edition_id", "order").values_list(
        "edition_id", "order"
    ):
        days = numbered.setdefault(edition_id, {})
        days[order] = len(days) + 1
    return numbered


def _scored(finals):
    for final in finals:
        final.score, final.score_parts = final_score(final), final_score_parts(final)
    return finals


def roll_of_honour():
    """Every season of the cup's history (`CupFinal`), latest first, each with its score in words (`score`)."""
    return _scored(list(CupFinal.objects.order_by("-season")))


def finals_of(slugs):
    """The finals of the cup's history a club played, by the slugs of its names (`club_slug`), latest first, scored."""
    slugs = set(slugs) - {""}
    return _scored(list(CupFinal.objects.filter(Q(winner_slug__in=slugs) | Q(runner_up_slug__in=slugs)).order_by("-season")))


def club_of_slug(slug):
    """The club on our books that a history's slug names, by its name or one of its aliases, or None."""
    key = slug.replace("-", " ")
    return Club.objects.filter(Q(name_key=key) | Q(aliases__name_key=key)).distinct().first()


def titles(finals):
    """[(club, slug, titles, finals played, last title's season label)] for the clubs of `finals` (the
    whole roll of honour), most titles first, then most finals, then by name."""
    clubs = {}
    for final in sorted(finals, key=lambda final: final.season):
        if not final.held:
            continue
        for slug, name, won in ((final.winner_slug, final.winner, True), (final.runner_up_slug, final.runner_up, False)):
            record = clubs.setdefault(slug, {"club": name, "slug": slug, "titles": 0, "finals": 0, "last_title": None})
            record["finals"] += 1
            if won:
                record["titles"] += 1
                record["last_title"] = final.season_label
    return sorted(clubs.values(), key=lambda record: (-record["titles"], -record["finals"], record["club"]))
