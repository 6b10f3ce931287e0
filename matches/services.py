"""Changes to matches: each one function in one transaction, called alike by the admin, forms and API."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cupfaf import audit
from competitions.models import Edition
from competitions.regulation.results import ReportedResult, goes_through, validate_result
from competitions.regulation.sanctions import ReportedIncident
from competitions.selectors import rulebook_for
from competitions.stages import KNOCKOUT_STAGES
from cupfaf.errors import Conflict, Forbidden, Refused
from cupfaf.roles import authorize, may

from .models import Goal, Match, MatchStatus, ReportState, ResultReport, ResultState, Slot
from .reporting import record_incidents
from competitions.regulation.score import Side

FINAL = KNOCKOUT_STAGES[-1]
# A next match in one of these states has not been played: its teams may still change.
NOT_PLAYED = {MatchStatus.SCHEDULED, MatchStatus.TIMED, MatchStatus.POSTPONED}
# What a report may say of a match: played to the end, stopped, or not played at all.
REPORTABLE = {MatchStatus.FINISHED, MatchStatus.SUSPENDED, MatchStatus.CANCELLED}
# A reason (correction, return) is read by people: a page of text at most, as the forms and API allow.
MAX_REASON = 2000


@dataclass(frozen=True)
class Report:
    """A league official's report of one match."""

    result: ReportedResult
    status: str = MatchStatus.FINISHED
    incidents: tuple[ReportedIncident, ...] = ()
    gate_receipts: int | None = None
    attendance: int | None = None

    def content(self):
        """What the report says, in the API's vocabulary: the body of its kept version."""
        score = self.result.score
        return {
            "status": str(self.status),
            "score": {
                name: [pair.home, pair.away] if pair is not None and pair.known else None
                for name, pair in (
                    ("halfTime", score.half_time),
                    ("regularTime", score.regular_time),
                    ("extraTime", score.extra_time),
                    ("penalties", score.penalties),
                )
            },
            "goals": [
                {
                    "minute": goal.minute,
                    "injuryTime": goal.injury_time,
                    "team": goal.team.value,
                    "scorer": goal.scorer,
                    "type": goal.type,
                }
                for goal in self.result.goals
            ],
            "incidents": [
                {
                    "type": str(incident.type),
                    "team": incident.team.value,
                    "minute": incident.minute,
                    "description": incident.description,
                }
                for incident in self.incidents
            ],
            "attendance": self.attendance,
            "gateReceipts": self.gate_receipts,
        }


@transaction.atomic
def schedule_match(
    match, *, kickoff, venue, league, neutral_venue=None, expected_version=None, actor, actor_label=""
):
    """Set when, where and under which league a match is played; a fixed kick-off makes it TIMED.

    `neutral_venue` None keeps what is recorded. A postponed match given a new kick-off is
    rescheduled: TIMED again, the reason of its postponement cleared (the audit trail keeps it).
    With `expected_version`, a change to a match changed since the caller read it is refused.
    The match returned says in `schedule_changed` whether anything changed (nothing is saved otherwise).
    """
    authorize(actor, "matches.schedule_match")
    locked = Match.objects.select_for_update(of=("self",)).select_related("venue", "league").get(pk=match.pk)
    neutral = locked.neutral_venue if neutral_venue is None else neutral_venue
    if kickoff is not None and not 1962 <= kickoff.year <= 2200:
        raise Refused(
            _("Coup d'envoi invalide: une date de la Coupe d'Algérie, à partir de 1962."), {"kickoff": [_("Date invalide.")]}
        )
    if neutral and venue is None:
        raise Refused(
            _("Un terrain neutre se désigne: choisissez son stade."), {"venue": [_("Requis pour un terrain neutre.")]}
        )
    changes = {
        name: [_shown(getattr(locked, name)), _shown(value)]
        for name, value in (("kickoff", kickoff), ("venue", venue), ("league", league), ("neutral_venue", neutral))
        if getattr(locked, name) != value
    }
    locked.kickoff, locked.venue, locked.league, locked.neutral_venue = kickoff, venue, league, neutral
    if "kickoff" in changes or "venue" in changes:
        # Calendars that subscribed to the club's feed replace the event when its SEQUENCE grows.
        locked.schedule_sequence += 1
    rescheduled = locked.status == Match.Status.POSTPONED and "kickoff" in changes and kickoff is not None
    if locked.status in (Match.Status.SCHEDULED, Match.Status.TIMED) or rescheduled:
        new_status = Match.Status.TIMED if kickoff else Match.Status.SCHEDULED
        if new_status != locked.status:
            changes["status"] = [locked.status, new_status]
        locked.status = new_status
    if rescheduled:
        changes["postponement_reason"] = [locked.postponement_reason, None]
        locked.postponement_reason = ""
    if changes:
        _check_version(locked, expected_version)  # a line that changes nothing does not care what changed
        locked.save()
        audit.record("match.scheduled", locked, actor=actor, actor_label=actor_label, data=changes)
        match.refresh_from_db()
    locked.schedule_changed = bool(changes)
    return locked


@transaction.atomic
def postpone_match(match, *, reason, expected_version=None, actor, actor_label=""):
    """Postpone a match not yet played, with its reason: POSTPONED until staff give it a new kick-off.

    A postponed match given another reason stays postponed and takes the new reason."""
    authorize(actor, "matches.schedule_match")
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Dites pourquoi le match est reporté."), {"postponement_reason": [_("Requis.")]})
    locked = Match.objects.select_for_update(of=("self",)).get(pk=match.pk)
    _check_version(locked, expected_version)
    if locked.status not in (Match.Status.SCHEDULED, Match.Status.TIMED, Match.Status.POSTPONED):
        raise Conflict(
            _("Seul un match à jouer se reporte: ce match est « %(status)s ».") % {"status": locked.get_status_display()}
        )
    if locked.status == Match.Status.POSTPONED and locked.postponement_reason == reason:
        return locked  # postponed already, for that reason
    before = {"status": locked.status, "postponement_reason": locked.postponement_reason or None}
    if locked.status != Match.Status.POSTPONED:
        locked.schedule_sequence += 1  # calendars show the event as tentative
    locked.status, locked.postponement_reason = Match.Status.POSTPONED, reason
    locked.save()
    after = {"status": Match.Status.POSTPONED, "postponement_reason": reason}
    audit.record(
        "match.postponed",
        locked,
        actor=actor,
        actor_label=actor_label,
        data={name: [before[name], after[name]] for name in after if before[name] != after[name]},
    )
    match.refresh_from_db()
    return locked


def _check_version(locked, expected_version):
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("Le match %(match)s a changé depuis que vous l'avez ouvert: rechargez la page.") % {"match": locked}
        )


@dataclass(frozen=True)
class MatchSchedule:
    """One line of a round's schedule, as staff set it: when, where, by whom organised, or postponed and why."""

    match: Match
    kickoff: object
    venue: object
    league: object
    neutral_venue: bool = False
    postponement_reason: str = ""
    expected_version: int | None = None


@transaction.atomic
def schedule_round(schedules, *, actor):
    """Schedule the matches of a round at once, all or nothing: a refused line leaves every line as it was.

    A refusal names the match (`errors` keyed by its number). Each line's `expected_version` is
    checked, so a page read before someone else changed a match is refused. Returns the matches changed.
    """
    changed = []
    for line in schedules:
        match = line.match
        try:
            scheduled = schedule_match(
                match,
                kickoff=line.kickoff,
                venue=line.venue,
                league=line.league,
                neutral_venue=line.neutral_venue,
                expected_version=line.expected_version,
                actor=actor,
            )
            if scheduled.schedule_changed:
                changed.append(match)
            if line.postponement_reason.strip():
                # Read again under its lock just above when it changed: no version to compare then.
                expected = None if scheduled.schedule_changed else line.expected_version
                postponed = postpone_match(match, reason=line.postponement_reason, expected_version=expected, actor=actor)
                if postponed.version != scheduled.version:
                    changed.append(match)
        except Refused as refusal:
            details = [str(refusal.detail), *(" ".join(map(str, texts)) for texts in refusal.errors.values())]
            raise type(refusal)(
                _("Match n° %(number)s: %(detail)s") % {"number": match.number, "detail": str(refusal.detail)},
                {str(match.number): details},
                refusal.article,
            ) from refusal
    return changed


def lock_match(pk):
    """The match `pk`, its row locked for this transaction, with its round, edition and regulation read.

    Only the match's row is locked (`of`): on PostgreSQL a plain FOR UPDATE would also lock the joined
    round, edition and regulation, so a report on one match would wait for one on another match.
    """
    return Match.objects.select_for_update(of=("self",)).select_related("round__edition__regulation").get(pk=pk)


def may_report(user, match):
    """The results officer reports any match; a league official only the matches of their league."""
    return _may_for_league(user, match, "matches.report_result", "matches.report_league_result")


def may_validate(user, match):
    """The results officer validates any match; a league validator only the matches of their league."""
    return _may_for_league(user, match, "matches.validate_result", "matches.validate_league_result")


def _may_for_league(user, match, everywhere, own_league):
    if user is None or not user.is_active:
        return False
    if may(user, everywhere):
        return True
    return may(user, own_league) and user.league_id is not None and user.league_id == match.league_id


def check_report(match, report: Report, *, actor, expected_version=None, reason=""):
    """Refuse, as `report_result` would, a report it would refuse; write nothing.

    The officials' form calls it before its confirmation step, so that what it shows for
    confirmation is what will be recorded.
    """
    current = Match.objects.select_related("round__edition__regulation").get(pk=match.pk)
    _checked(current, report, actor=actor, expected_version=expected_version, reason=reason)


def _checked(locked, report, *, actor, expected_version, reason):
    """Every refusal of a report on `locked`, in order; returns (format, result, rulebook) when it stands."""
    if not may_report(actor, locked):
        if not may(actor, "matches.report_league_result"):
            raise Forbidden(_("Vous n'avez pas le droit de saisir un résultat."))
        raise Forbidden(_("Ce match n'est pas organisé par votre ligue: vous ne pouvez pas en saisir le résultat."))
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("Le match a changé depuis votre lecture (version %(current)s): relisez-le, puis renvoyez le rapport.")
            % {"current": locked.version}
        )
    if locked.home_club_id is None or locked.away_club_id is None:
        raise Conflict(_("Les deux équipes de ce match ne sont pas encore connues."))
    if locked.status == MatchStatus.AWARDED:
        raise Conflict(
            _("Ce match a été décidé par une sanction (art. %(article)s): annulez-la avant de corriger le résultat.")
            % {"article": locked.awarded_article}
        )
    if locked.status == MatchStatus.POSTPONED:
        raise Conflict(
            _("Ce match est reporté (%(reason)s): il se joue quand la fédération lui a donné un nouveau coup d'envoi.")
            % {"reason": locked.postponement_reason}
        )
    if locked.result_state == ResultState.VALIDATED and not reason.strip():
        raise Refused(
            _("Ce résultat est officiel: dites pourquoi vous le corrigez."),
            {"reason": [_("Requis pour corriger un résultat validé.")]},
        )
    if report.status not in REPORTABLE:
        raise Refused(_("Un rapport dit si le match a été joué jusqu'au bout, arrêté ou pas joué."))
    finished = report.status == MatchStatus.FINISHED
    if not finished and not report.incidents:
        raise Refused(
            _("Un match arrêté ou non joué se signale avec l'incident qui en est la cause."),
            {"incidents": [_("Requis.")]},
        )
    edition = locked.round.edition
    rulebook = rulebook_for(edition.regulation)
    fmt = rulebook.formats[edition.category.code]
    result = ReportedResult(report.result.score, report.result.goals, finished=finished)
    refusals = validate_result(fmt, result)
    if refusals:
        errors = {}
        for refusal in refusals:
            errors.setdefault(refusal.field, []).append(
                _("%(message)s (art. %(article)s)") % {"message": _(refusal.message) % refusal.params, "article": refusal.article}
            )
        raise Refused(
            _("Résultat refusé par le règlement (art. %(article)s).") % {"article": refusals[0].article},
            errors,
            article=refusals[0].article,
        )
    return fmt, result, rulebook


@transaction.atomic
def report_result(match, report: Report, *, actor, expected_version=None, reason=""):
    """Submit a version of the result of `match` as `actor` reports it, and everything that follows from it.

    Locks the match; refuses (nothing changed) a stale `expected_version` (Conflict), a user
    outside their league (Forbidden), a correction of an official result without `reason`, or a
    result the regulation refuses (Refused, with the article). Stores the score by period, the
    goals, the incidents and the sanctions they call for (proposed, for staff to decide), decides
    who goes through and puts them into the next round. The result is provisional until another
    person validates it (`validate_report`); every version is kept (`ResultReport`).
    """
    locked = lock_match(match.pk)
    fmt, result, rulebook = _checked(locked, report, actor=actor, expected_version=expected_version, reason=reason)
    finished = result.finished

    before = _result_summary(locked, goals=list(locked.goals.all()))
    score = result.score
    for prefix, pair in (
        ("half_time", score.half_time),
        ("regular_time", score.regular_time),
        ("extra_time", score.extra_time),
        ("penalties", score.penalties),
    ):
        setattr(locked, f"home_{prefix}", pair.home if pair else None)
        setattr(locked, f"away_{prefix}", pair.away if pair else None)
    locked.status = report.status
    passage = goes_through(fmt, score) if finished else None
    locked.winner_id = _club_id(locked, passage.side) if passage else None
    locked.gate_receipts = report.gate_receipts
    locked.attendance = report.attendance
    locked.reported_by, locked.reported_at = actor, timezone.now()
    locked.result_state = ResultState.SUBMITTED
    _place_winner(locked, actor)
    locked.save()
    locked.goals.all().delete()
    Goal.objects.bulk_create(
        Goal(
            match=locked,
            team=goal.team.value,
            minute=goal.minute,
            injury_time=goal.injury_time,
            scorer=goal.scorer,
            type=goal.type,
            reported_by=actor,
        )
        for goal in report.result.goals
    )
    version = _keep_version(locked, report, actor=actor, reason=reason)
    recorded = record_incidents(locked, report.incidents, rulebook, actor=actor)
    audit.record(
        "match.reported",
        locked,
        actor=actor,
        data={
            "version": version.number,
            "reason": reason or None,
            "before": before,
            "after": _result_summary(locked, goals=list(locked.goals.all())),
            "article": passage.article if passage else None,
            "incidents": [incident.type for incident in recorded],
        },
    )
    return locked


def _keep_version(match, report, *, actor, reason):
    """Record `report` as the match's next version; a version still waiting is replaced by it."""
    match.reports.filter(state=ReportState.SUBMITTED).update(state=ReportState.SUPERSEDED)
    last = match.reports.order_by("-number").values_list("number", flat=True).first() or 0
    return ResultReport.objects.create(
        match=match,
        number=last + 1,
        content=report.content(),
        correction_reason=reason.strip(),
        submitted_by=actor,
        submitted_at=match.reported_at,
    )


def _waiting_version(locked, number, actor):
    """The version `number` of the locked match, refused unless it is the one waiting for a decision by `actor`."""
    if not may_validate(actor, locked):
        if not may(actor, "matches.validate_league_result"):
            raise Forbidden(_("Vous n'avez pas le droit de valider un résultat."))
        raise Forbidden(_("Ce match n'est pas organisé par votre ligue: vous ne pouvez pas en valider le résultat."))
    version = locked.reports.filter(number=number).first()
    if version is None or version.state != ReportState.SUBMITTED:
        waiting = locked.reports.filter(state=ReportState.SUBMITTED).values_list("number", flat=True).first()
        if waiting:
            raise Conflict(
                _("La version %(number)s n'attend plus de décision: la version %(waiting)s l'a remplacée.")
                % {"number": number, "waiting": waiting}
            )
        raise Conflict(_("Aucune version de ce résultat n'attend de validation."))
    if actor is not None and version.submitted_by_id == actor.pk:
        raise Forbidden(_("Vous avez saisi cette version: une autre personne doit la valider ou la renvoyer."))
    return version


@transaction.atomic
def validate_report(match, *, number, actor):
    """Make version `number` of the match's result official: a second person confirms what the first submitted.

    Refused to the person who submitted it (and by a database constraint), to a validator of
    another league, and for a version that is no longer the one waiting.
    """
    locked = lock_match(match.pk)
    version = _waiting_version(locked, number, actor)
    version.state, version.decided_by, version.decided_at = ReportState.VALIDATED, actor, timezone.now()
    version.save()
    locked.result_state = ResultState.VALIDATED
    locked.save(update_fields=["result_state"])
    audit.record("match.result_validated", locked, actor=actor, data={"version": number})
    return locked


@transaction.atomic
def return_report(match, *, number, actor, reason):
    """Send version `number` back to the league for correction, saying why; the result stays provisional."""
    locked = lock_match(match.pk)
    version = _waiting_version(locked, number, actor)
    if not reason.strip():
        raise Refused(_("Dites ce qu'il faut corriger."), {"reason": [_("Requis.")]})
    if len(reason) > MAX_REASON:
        raise Refused(
            _("Motif trop long: %(max)s caractères au plus.") % {"max": MAX_REASON},
            {"reason": [_("%(length)s caractères.") % {"length": len(reason)}]},
        )
    version.state, version.decided_by, version.decided_at = ReportState.RETURNED, actor, timezone.now()
    version.return_reason = reason.strip()
    version.save()
    locked.result_state = ResultState.RETURNED
    locked.save(update_fields=["result_state"])
    audit.record("match.result_returned", locked, actor=actor, data={"version": number, "reason": reason.strip()})
    return locked


@transaction.atomic
def award_match(match, *, loser, reason, article, actor):
    """Decide `match` against `loser` (match perdu par pénalité): the opponent goes through, whatever the score.

    Refused when the next match has already been played with the other club in it.
    """
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if loser.pk not in (locked.home_club_id, locked.away_club_id):
        raise Refused(_("%(club)s ne joue pas ce match.") % {"club": loser})
    winner_id = locked.away_club_id if loser.pk == locked.home_club_id else locked.home_club_id
    if locked.status == MatchStatus.AWARDED:
        if locked.winner_id == winner_id:
            return locked
        raise Conflict(
            _("Ce match est déjà décidé en faveur de l'autre club (art. %(article)s).")
            % {"article": locked.awarded_article}
        )
    before = _result_summary(locked)
    locked.status_before_award = locked.status
    locked.status, locked.winner_id = MatchStatus.AWARDED, winner_id
    locked.awarded_reason, locked.awarded_article = reason[:300], article
    _place_winner(locked, actor)
    locked.save()
    audit.record(
        "match.awarded",
        locked,
        actor=actor,
        data={
            "loser": str(loser),
            "article": article,
            "reason": reason,
            "before": before,
            "after": _result_summary(locked),
        },
    )
    return locked


@transaction.atomic
def revoke_award(match, *, actor, reason):
    """Undo a decision: the match is again what was played (its result, or stopped, or not played)."""
    locked = lock_match(match.pk)
    if locked.status != MatchStatus.AWARDED:
        return locked
    article = locked.awarded_article
    before = _result_summary(locked)
    locked.status = locked.status_before_award or MatchStatus.SCHEDULED
    locked.status_before_award, locked.awarded_reason, locked.awarded_article = "", "", ""
    locked.winner_id = None
    if locked.status == MatchStatus.FINISHED:
        side = locked.score.decided_for()
        locked.winner_id = _club_id(locked, side)
    _place_winner(locked, actor)
    locked.save()
    audit.record(
        "match.award_revoked",
        locked,
        actor=actor,
        data={"article": article, "reason": reason, "before": before, "after": _result_summary(locked)},
    )
    return locked


def _place_winner(match, actor):
    """Put the winner (or nobody, while there is none) into its slot of the next round's match; the
    winner of the final wins the edition."""
    if match.next_match_id is None:
        if match.round.stage == FINAL:
            edition = Edition.objects.select_for_update().get(pk=match.round.edition_id)
            if edition.winner_id != match.winner_id:
                audit.record(
                    "edition.won", edition, actor=actor, data={"before": edition.winner_id, "after": match.winner_id}
                )
                edition.winner_id = match.winner_id
                edition.save(update_fields=["winner"])
        return
    following = Match.objects.select_for_update().get(pk=match.next_match_id)
    field = "home_club_id" if match.next_slot == Slot.HOME else "away_club_id"
    if getattr(following, field) == match.winner_id:
        return
    if following.status not in NOT_PLAYED:
        raise Conflict(
            _(
                "Le match suivant (%(match)s) a déjà été joué: ce changement modifierait qui l'a joué. "
                "Corrigez d'abord ce match-là."
            )
            % {"match": following}
        )
    setattr(following, field, match.winner_id)
    following.save()


def _club_id(match, side):
    if side is None:
        return None
    return match.home_club_id if side == Side.HOME else match.away_club_id


def _result_summary(match, goals=None):
    """What a result is, for the audit trail: status, score by period, winner, gate receipts, and the goals if given."""
    score = match.score
    summary = {
        "status": match.status,
        "score": [
            [pair.home, pair.away] if pair else None
            for pair in (score.half_time, score.regular_time, score.extra_time, score.penalties)
        ],
        "winner": match.winner_id,
        "gate_receipts": match.gate_receipts,
    }
    if goals is not None:
        summary["goals"] = [
            [goal.minute, goal.injury_time, goal.team, goal.scorer, goal.type]
            for goal in sorted(goals, key=lambda goal: (goal.minute, goal.injury_time or 0, goal.pk or 0))
        ]
    return summary


def _shown(value):
    return None if value is None else str(value)
