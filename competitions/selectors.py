"""Reads of the competitions app that need care."""

from .models import Regulation
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
