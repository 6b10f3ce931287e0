"""Recording a draw published by the federation (`manage.py import_draw`).

All or nothing: the file is read and every club, division and number checked before anything is
written, and the writes happen in one transaction with the round locked.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clubs.models import ClubSeason, Season
from clubs.names import name_key
from clubs.selectors import clubs_by_name_key, divisions_by_printed_tag
from clubs.services import record_division, register_club
from cupfaf import audit
from cupfaf.errors import Refused
from cupfaf.roles import authorize
from competitions.models import STAGE_NAMES, Draw, Pairing, Round
from competitions.published_draw import PrintedPairing, LineProblem, parse_published_draw
from competitions.regulation import draw as engine
from competitions.stages import CLUBS_IN_STAGE, next_knockout_stage
from competitions.suspensions import suspended_in

from .draws import inherited_league, round_to_draw, save_outcome
from .eligibility import eligibility, previous_round
from .models import Match, Slot

PROBLEMS = {
    LineProblem.PAIRING_AFTER_BRACKET: gettext_lazy("appariement numéroté après les lignes « Vainqueur N … »"),
    LineProblem.UNREADABLE_BRACKET: gettext_lazy(
        "ligne « Vainqueur » illisible: attendu « Vainqueur N x contre Vainqueur N y »"
    ),
    LineProblem.UNEXPECTED_LINE: gettext_lazy(
        "ligne inattendue dans la liste: ni appariement numéroté, ni ligne « Vainqueur N … »"
    ),
    LineProblem.MISSING_DIVISION: gettext_lazy(
        "division manquante: chaque club doit être suivi de sa division entre parenthèses, ex. (L1)"
    ),
    LineProblem.TOO_MANY_BRACKETS: gettext_lazy("trop de parenthèses: un appariement compte exactement deux clubs"),
    LineProblem.MISSING_CLUB: gettext_lazy("nom de club manquant devant une division entre parenthèses"),
    LineProblem.MISSING_SEPARATOR: gettext_lazy(
        "séparateur manquant entre les deux clubs: attendu « – » ou « - » après la division du premier club"
    ),
    LineProblem.DUPLICATE_NUMBER: gettext_lazy("numéro %(number)s déjà utilisé ligne %(other_line)s"),
    LineProblem.MISSING_NUMBER: gettext_lazy("numérotation incomplète: le n° %(number)s manque après cette ligne"),
    LineProblem.MISSING_NUMBER_BEFORE: gettext_lazy("numérotation incomplète: le n° %(number)s manque avant cette ligne"),
    LineProblem.WINNER_AGAINST_ITSELF: gettext_lazy("un vainqueur ne peut pas se rencontrer lui-même"),
    LineProblem.UNKNOWN_PAIRING: gettext_lazy("l'appariement n° %(number)s n'existe pas dans ce tirage"),
    LineProblem.WINNER_PLACED_TWICE: gettext_lazy("le vainqueur du n° %(number)s est déjà placé ligne %(other_line)s"),
    LineProblem.WINNERS_NOT_PLACED: gettext_lazy(
        "tableau du tour suivant incomplet: vainqueurs des n° %(numbers)s non placés"
    ),
}


def describe(error):
    """The sentence staff read for a problem found in a published draw, naming its line."""
    message = _("ligne %(line)s: %(message)s") % {"line": error.line, "message": PROBLEMS[error.problem] % error.params}
    return f"{message} — « {error.text} »" if error.text else message


class DrawImportError(Exception):
    """The file cannot be imported; `errors` says what and where. Nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = list(errors)


@dataclass
class DrawImportReport:
    pairings: int = 0
    bracket_lines: int = 0
    created_clubs: list[str] = field(default_factory=list)
    recorded_divisions: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    draws_created: list[str] = field(default_factory=list)
    draws_unchanged: list[str] = field(default_factory=list)


def import_published_draw(
    text, edition, stage, *, create_clubs=False, held_on=None, actor=None, actor_label="import_published_draw"
):
    """Record the published draw `text` for round `stage` of `edition` (and the next round's bracket lines).

    Raises DrawImportError listing every problem with its line number; on error nothing changes.
    A second import of the same draw changes nothing.
    """
    authorize(actor, "competitions.record_ceremony_draw")
    parsed = parse_published_draw(text)
    if parsed.errors:
        raise DrawImportError([describe(error) for error in parsed.errors])
    if not parsed.pairings:
        raise DrawImportError([_("aucun appariement numéroté trouvé dans le fichier")])

    with transaction.atomic():
        current = _locked_round(edition, stage)
        _check_heading(parsed.pairings_heading, current)
        _check_round_size(current, parsed.pairings)
        following = _locked_following_round(current) if parsed.bracket else None
        if following is not None:
            _check_heading(parsed.bracket_heading, following)
        report = DrawImportReport(pairings=len(parsed.pairings), bracket_lines=len(parsed.bracket))
        clubs = _resolve_clubs(parsed.pairings, edition, create_clubs, report)

        draw = Draw.objects.filter(round=current).first()
        existing_next = Draw.objects.filter(round=following).first() if following is not None else None
        if draw is None:
            outcome = _outcome(parsed.pairings, clubs, [] if existing_next else parsed.bracket)
            _check_eligible(current, outcome, {p.number: p.line for p in parsed.pairings})
            draw = _published_ceremony_draw(current, actor, held_on=held_on)
            next_draw = save_outcome(draw, outcome, regions={})
            recorded = {"outcome": engine.outcome_document(outcome)}
            audit.record("draw.imported", draw, actor=actor, actor_label=actor_label, data=recorded)
            report.draws_created.append(current.name)
            if next_draw is not None:
                audit.record(
                    "draw.imported", Draw.objects.get(pk=next_draw), actor=actor, actor_label=actor_label, data=recorded
                )
                report.draws_created.append(following.name)
                following = None
        else:
            _check_same_pairings(draw, parsed.pairings, clubs)
            report.draws_unchanged.append(current.name)

        if following is not None:
            if existing_next is None:
                _create_bracket_draw(following, draw, parsed.bracket, actor, actor_label)
                report.draws_created.append(following.name)
            else:
                _check_same_bracket(existing_next, parsed.bracket)
                report.draws_unchanged.append(following.name)
        return report


def _outcome(pairings, clubs, bracket):
    """The printed draw as the draw engine's outcome: clubs in the order drawn, the bracket as "winner of" lines."""

    def entrant(printed):
        return engine.Entrant(clubs[printed].pk, clubs[printed].name)

    return engine.Outcome(
        pairings=[engine.DrawnPairing(p.number, entrant(p.home), entrant(p.away), "") for p in pairings],
        next_pairings=[
            engine.DrawnPairing(number, engine.WinnerOf(line.first), engine.WinnerOf(line.second), "")
            for number, line in enumerate(bracket, start=1)
        ],
    )


def _locked_round(edition, stage):
    try:
        return round_to_draw(edition, stage)
    except Refused as refusal:
        raise DrawImportError([str(refusal.detail)]) from None


def _locked_following_round(current):
    """The round the bracket lines fill: the next knockout stage, or for a regional round the next round."""
    rounds = Round.objects.select_for_update().filter(edition=current.edition)
    following = next_knockout_stage(current.stage)
    if following is not None:
        following = rounds.filter(stage=following).first()
    elif current.stage not in CLUBS_IN_STAGE:
        following = rounds.filter(order__gt=current.order).order_by("order").first()
    if following is None:
        raise DrawImportError(
            [
                _(
                    "aucun tour ne suit les %(round)s dans l'édition: les lignes « Vainqueur N … » n'ont pas de tour où aller"
                )
                % {"round": current.name}
            ]
        )
    return following


def _check_heading(heading, round_):
    """A heading that names another round, or a day outside the edition's season, means the wrong file or round."""
    if heading is None:
        return
    if heading.stage is not None and heading.stage != round_.stage:
        raise DrawImportError(
            [
                _("ligne %(line)s: la liste annonce les %(announced)s, pas les %(round)s (%(stage)s)")
                % {
                    "line": heading.line,
                    "announced": STAGE_NAMES.get(heading.stage, heading.stage),
                    "round": round_.name,
                    "stage": round_.stage,
                }
            ]
        )
    season = round_.edition.season
    if heading.day is not None and not season.contains(heading.day):
        raise DrawImportError(
            [
                _("ligne %(line)s: le %(day)s n'appartient pas à la saison %(season)s de l'édition « %(edition)s »")
                % {"line": heading.line, "day": heading.day.isoformat(), "season": season, "edition": round_.edition}
            ]
        )


def _check_round_size(round_, pairings):
    """A knockout round of N clubs has N/2 pairings: a file for another round is refused whole."""
    clubs = CLUBS_IN_STAGE.get(round_.stage)
    if clubs is not None and len(pairings) != clubs // 2:
        raise DrawImportError(
            [
                _("le fichier compte %(count)s appariements; les %(round)s (%(stage)s) en comptent %(expected)s")
                % {"count": len(pairings), "round": round_.name, "stage": round_.stage, "expected": clubs // 2}
            ]
        )


def _resolve_clubs(pairings, edition, create_clubs, report):
    """Map each printed name to its club; record divisions; raise with every problem found."""
    divisions = divisions_by_printed_tag()
    printed_names = [name for p in pairings for name in (p.home, p.away)]
    known = clubs_by_name_key(name_key(name) for name in printed_names)
    records = {r.club_id: r for r in ClubSeason.objects.filter(season=edition.season, club__in=known.values())}
    errors, clubs, seen = [], {}, {}
    for pairing in pairings:
        for printed, tag in ((pairing.home, pairing.home_division), (pairing.away, pairing.away_division)):
            division = divisions.get(name_key(tag))
            if division is None:
                errors.append(
                    _("ligne %(line)s: division inconnue « %(tag)s » pour %(club)s")
                    % {"line": pairing.line, "tag": tag, "club": printed}
                )
                continue
            club = known.get(name_key(printed))
            if club is None and not create_clubs:
                errors.append(
                    _(
                        "ligne %(line)s: club inconnu « %(club)s » (ajoutez-le ou un alias, ou relancez avec --create-clubs)"
                    )
                    % {"line": pairing.line, "club": printed}
                )
                continue
            created = club is None
            if created:
                club = known[name_key(printed)] = register_club(printed)
                report.created_clubs.append(f"{club.name} ({division.code})")
            if club.pk in seen:
                errors.append(
                    _("ligne %(line)s: %(club)s figure déjà ligne %(other)s; un club joue une seule fois par tour")
                    % {"line": pairing.line, "club": club.name, "other": seen[club.pk]}
                )
                continue
            seen[club.pk] = pairing.line
            clubs[printed] = club
            record = records.get(club.pk)
            if record is None:
                records[club.pk] = record_division(club, edition.season, division)
                if not created:
                    report.recorded_divisions.append(f"{club.name}: {division.code}")
            elif record.division_id != division.pk:
                report.conflicts.append(
                    _(
                        "ligne %(line)s: %(club)s imprimé (%(printed)s) mais inscrit en %(recorded)s pour %(season)s; "
                        "division enregistrée conservée, à vérifier"
                    )
                    % {
                        "line": pairing.line,
                        "club": club.name,
                        "printed": tag,
                        "recorded": record.division.code,
                        "season": edition.season,
                    }
                )
    errors += _suspended(edition, clubs, seen)
    if errors:
        raise DrawImportError(errors)
    return clubs


def _suspended(edition, clubs, lines):
    """A club suspended from the cup for the edition's season cannot be put into one of its rounds."""
    suspensions = suspended_in(edition.season.start_year, [club.pk for club in clubs.values()])
    return [
        _(
            "ligne %(line)s: %(club)s est suspendu de la Coupe d'Algérie de %(first)s à %(last)s "
            "(sanction n° %(sanction)s, art. %(article)s, %(match)s)"
        )
        % {
            "line": lines[sanction.club_id],
            "club": sanction.club,
            "first": Season(start_year=sanction.first_season).label,
            "last": Season(start_year=sanction.last_season).label,
            "sanction": sanction.sanction_id,
            "article": sanction.article,
            "match": sanction.match,
        }
        for sanction in suspensions.values()
    ]


def _check_eligible(round_, outcome, line_of):
    """The clubs of a ceremony must be exactly those qualified, when the edition knows who they are:
    it has entries, or its previous round was drawn here. Otherwise (earlier rounds played before
    CupFAF) the published draw is the record of who qualified."""
    if previous_round(round_) is None and not round_.edition.entries.exists():
        return
    try:
        eligible = eligibility(round_)
    except Refused as refusal:
        raise DrawImportError([str(refusal.detail)]) from None
    problems = engine.check_recorded(eligible.inputs, outcome)
    if problems:
        raise DrawImportError(
            [
                (_("ligne %(line)s: ") % {"line": line_of[p.params["pairing"]]} if p.params.get("pairing") else "")
                + _(p.message) % p.params
                for p in problems
            ]
        )


def _published_ceremony_draw(round_, actor, **fields):
    """A draw held in public and published: recorded as performed and published now, by `actor`."""
    now = timezone.now()
    return Draw.objects.create(
        round=round_,
        method=Draw.Method.CEREMONY,
        status=Draw.Status.PUBLISHED,
        performed_at=now,
        performed_by=actor,
        published_at=now,
        published_by=actor,
        **fields,
    )


def _create_bracket_draw(round_, previous_draw, bracket, actor, actor_label):
    """The next round's bracket printed after its round was recorded (a second import, with the bracket lines)."""
    draw = _published_ceremony_draw(round_, actor, drawn_with=previous_draw, held_on=previous_draw.held_on)
    previous_pairings = {p.number: p for p in previous_draw.pairings.select_related("match")}
    organiser = inherited_league(round_)
    for number, line in enumerate(bracket, start=1):
        first, second = previous_pairings[line.first], previous_pairings[line.second]
        pairing = Pairing.objects.create(draw=draw, number=number, home_winner_of=first, away_winner_of=second)
        match = Match.objects.create(round=round_, pairing=pairing, number=number, league_id=organiser)
        for feeder, slot in ((first.match, Slot.HOME), (second.match, Slot.AWAY)):
            feeder.next_match, feeder.next_slot = match, slot
            feeder.save(update_fields=["next_match", "next_slot"])
    audit.record(
        "draw.imported",
        draw,
        actor=actor,
        actor_label=actor_label,
        data={"bracket": [f"Vainqueur N {line.first} contre Vainqueur N {line.second}" for line in bracket]},
    )
    return draw


def _check_same_pairings(draw, printed_pairings, clubs):
    recorded = {p.number: (p.home_club_id, p.away_club_id) for p in draw.pairings.all()}
    printed = {p.number: (clubs[p.home].pk, clubs[p.away].pk) for p in printed_pairings}
    _refuse_difference(draw, recorded, printed, printed_pairings)


def _check_same_bracket(draw, bracket):
    recorded = {
        p.number: (
            p.home_winner_of.number if p.home_winner_of else None,
            p.away_winner_of.number if p.away_winner_of else None,
        )
        for p in draw.pairings.select_related("home_winner_of", "away_winner_of")
    }
    printed = {number: (line.first, line.second) for number, line in enumerate(bracket, start=1)}
    _refuse_difference(draw, recorded, printed, bracket)


def _refuse_difference(draw, recorded, printed, lines):
    if recorded == printed:
        return
    line_of = {
        line.number if isinstance(line, PrintedPairing) else number: line.line
        for number, line in enumerate(lines, start=1)
    }
    differing = sorted(n for n in set(recorded) | set(printed) if recorded.get(n) != printed.get(n))
    raise DrawImportError(
        [
            _(
                "ligne %(line)s: le tirage des %(round)s est déjà enregistré et ce fichier en diffère "
                "(appariements n° %(numbers)s); rien n'a été modifié"
            )
            % {
                "line": line_of.get(differing[0], "?"),
                "round": draw.round.name,
                "numbers": ", ".join(str(n) for n in differing),
            }
        ]
    )
