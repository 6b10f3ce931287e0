"""The officials' desk (/officials/): league officials report their matches' results, a second person validates.

Views stay thin: who may act is decided by the services (`may_report`, `may_validate`,
`report_result`, `validate_report`, `return_report`), which the admin and the API call alike. A
match outside the user's league does not exist for them here (404), whatever the URL.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from competitions.models import INCIDENT_CHOICES
from competitions.regulation import gate_receipts_share, visiting_supporters_minimum
from competitions.regulation.results import goes_through
from competitions.regulation.score import Pair, Score
from competitions.selectors import rulebook_for
from cupfaf.numbers import ascii_integer
from cupfaf.errors import Conflict, Forbidden, Refused

from .forms import OUTCOMES, PERIODS, MatchReportForms
from .models import GoalType, MatchStatus, ResultReport, ResultState, Slot
from .selectors import desk_matches, works_at_desk
from .services import check_report, may_report, may_validate, report_result, return_report, validate_report

INCIDENT_LABELS = dict(INCIDENT_CHOICES)


def desk_state(match):
    """Where the match stands for the desk, in words: what the official has to do next."""
    if match.status == match.Status.AWARDED:
        return "awarded", _("Décidé par la commission (art. %(article)s)") % {"article": match.awarded_article}
    if match.home_club_id is None or match.away_club_id is None:
        return "waiting", _("Équipes pas encore connues")
    if match.status == match.Status.POSTPONED:
        return "postponed", _("Reporté: %(reason)s") % {"reason": match.postponement_reason}
    if not match.result_state:
        return "to_report", _("À saisir")
    return match.result_state.lower(), match.get_result_state_display()


def content_score(content):
    """The score a version of a report (its `content`) states, by period."""
    periods = {name: Pair(*pair) if pair else None for name, pair in content["score"].items()}
    return Score(
        half_time=periods["halfTime"] or Pair(None, None),
        regular_time=periods["regularTime"] or Pair(None, None),
        extra_time=periods["extraTime"],
        penalties=periods["penalties"],
    )


def describe(content, match, rulebook):
    """A version of a report (its `content`) in words, as the confirmation step and the history show it."""
    home, away = str(match.home_club or "?"), str(match.away_club or "?")
    sides = {Slot.HOME: home, Slot.AWAY: away}
    receipts = content.get("gateReceipts")
    share = gate_receipts_share(receipts, rulebook) if receipts is not None else None
    qualified = None
    if content["status"] == MatchStatus.FINISHED:
        score = content_score(content)
        passage = goes_through(rulebook.formats[match.round.edition.category.code], score)
        if passage:
            qualified = {"club": sides[passage.side.value], "article": passage.article}
    return {
        "qualified": qualified,
        "status": dict(OUTCOMES).get(content["status"], content["status"]),
        # In the order the periods are played: PostgreSQL's jsonb does not keep the keys' order.
        "periods": [
            (label, pair[0], pair[1])
            for _prefix, name, label, _highest in PERIODS
            if (pair := content["score"].get(name)) is not None and pair[0] is not None
        ],
        "goals": [
            {
                "minute": f"{goal['minute']}+{goal['injuryTime']}" if goal["injuryTime"] else str(goal["minute"]),
                "scorer": goal["scorer"],
                "team": sides[goal["team"]],
                "type": GoalType(goal["type"]).label if goal["type"] != GoalType.REGULAR else "",
            }
            for goal in content["goals"]
        ],
        "incidents": [
            {
                "type": INCIDENT_LABELS.get(incident["type"], incident["type"]),
                "team": sides[incident["team"]],
                "minute": incident["minute"],
                "description": incident["description"],
            }
            for incident in content["incidents"]
        ],
        "attendance": content.get("attendance"),
        "gate_receipts": receipts,
        "share": share,
    }


class DeskMixin(LoginRequiredMixin):
    """The desk is for league officials and results officers; other staff are sent to the admin."""

    raise_exception = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not works_at_desk(request.user):
            if request.user.is_staff:
                return redirect("admin:index")
            raise PermissionDenied(_("Votre compte n'a pas de rôle au bureau des officiels."))
        return super().dispatch(request, *args, **kwargs)

    def get_match(self):
        pk = ascii_integer(str(self.kwargs["pk"]), minimum=1)
        if pk is None:
            raise Http404
        return get_object_or_404(desk_matches(self.request.user), pk=pk)


class MyMatchesView(DeskMixin, View):
    """ "My matches": the league's matches, grouped by round, each with what it waits for."""

    def get(self, request):
        user = request.user
        matches = list(desk_matches(user))
        rounds = []
        for round_, group in groupby(matches, key=lambda match: match.round):
            rows = [(match, *desk_state(match)) for match in group]
            rounds.append((round_, rows))
        to_validate = [
            match
            for match in matches
            if match.result_state == ResultState.SUBMITTED and match.reported_by_id != user.pk and may_validate(user, match)
        ]
        to_correct = [match for match in matches if match.result_state == ResultState.RETURNED and may_report(user, match)]
        context = {"rounds": rounds, "league": user.league, "to_validate": to_validate, "to_correct": to_correct}
        return render(request, "officials/my_matches.html", context)


class MatchView(DeskMixin, View):
    """One match: its result, what can be done with it, and every version submitted."""

    def get(self, request, pk):
        match = self.get_match()
        return render(request, "officials/match.html", match_page_context(request.user, match))


def match_page_context(user, match, **extra):
    rulebook = rulebook_for(match.round.edition.regulation)
    versions = list(match.reports.select_related("submitted_by", "decided_by").order_by("-number"))
    waiting = next((version for version in versions if version.state == version.State.SUBMITTED), None)
    described = [(version, describe(version.content, match, rulebook)) for version in versions]
    return {
        "match": match,
        "state": desk_state(match),
        "versions": described,
        "waiting_summary": next((summary for version, summary in described if version is waiting), None),
        "waiting": waiting,
        "may_report": may_report(user, match)
        and match.home_club_id
        and match.away_club_id
        and match.status != MatchStatus.POSTPONED,
        "may_decide": waiting is not None and may_validate(user, match),
        "own_version": waiting is not None and waiting.submitted_by_id == user.pk,
        **extra,
    }


class ReportView(DeskMixin, View):
    """The report form: fill in, see exactly what will be recorded, confirm.

    The form carries the match's version as it was read; a report on a match changed since is
    refused with the match as it now stands.
    """

    template_name = "officials/report.html"

    def done_url(self, match):
        return reverse("officials:match", args=[match.pk])

    def context(self, request, match):
        return {}

    def prepare(self):
        match = self.get_match()
        if not may_report(self.request.user, match):
            raise PermissionDenied(_("Vous ne pouvez pas saisir le résultat de ce match."))
        if match.home_club_id is None or match.away_club_id is None:
            raise PermissionDenied(_("Les deux équipes de ce match ne sont pas encore connues."))
        rulebook = rulebook_for(match.round.edition.regulation)
        return match, rulebook, rulebook.formats[match.round.edition.category.code]

    def get(self, request, pk):
        match, rulebook, fmt = self.prepare()
        return self.show_form(match, rulebook, MatchReportForms(match, fmt))

    def post(self, request, pk):
        match, rulebook, fmt = self.prepare()
        more_rows = "more_rows" in request.POST
        forms = MatchReportForms(match, fmt, request.POST, more_rows=more_rows)
        if more_rows or "edit" in request.POST:
            return self.show_form(match, rulebook, forms, show_errors=False)
        if not forms.is_valid():
            return self.show_form(match, rulebook, forms, problem=_("Le rapport contient des erreurs: voyez les champs signalés."))
        report = forms.report()
        confirmed = "confirm" in request.POST
        try:
            if confirmed:
                report_result(match, report, actor=request.user, expected_version=forms.version, reason=forms.reason)
            else:
                check_report(match, report, actor=request.user, expected_version=forms.version, reason=forms.reason)
        except Forbidden as refused:
            raise PermissionDenied(refused.detail) from None
        except Conflict as conflict:
            current = self.get_match()
            if current.version != forms.version:
                return self.changed_since(current, rulebook, fmt, request.POST)
            return self.show_form(match, rulebook, forms, problem=conflict.detail)
        except Refused as refused:
            unplaced = forms.place_refusals(refused)
            return self.show_form(match, rulebook, forms, problem=refused.detail, unplaced=unplaced)
        if confirmed:
            messages.success(
                request, _("Résultat enregistré. Il reste provisoire jusqu'à sa validation par une autre personne.")
            )
            return redirect(self.done_url(match))
        resubmit = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", "check", "confirm", "edit", "more_rows")
            for value in values
        ]
        return render(
            request,
            self.template_name,
            {
                "confirming": True,
                "match": match,
                "summary": describe(report.content(), match, rulebook),
                "reason": forms.reason,
                "resubmit": resubmit,
                **self.context(request, match),
            },
        )

    def changed_since(self, current, rulebook, fmt, data):
        """Refuse a form opened on an older reading: show the match as it is now, above the official's
        typing, kept and now carrying the current version, so that sending it again is a deliberate choice."""
        data = data.copy()
        data["version"] = str(current.version)
        return self.show_form(
            current,
            rulebook,
            MatchReportForms(current, fmt, data),
            show_errors=False,
            problem=_(
                "Ce match a changé depuis que vous avez ouvert le formulaire: rien n'a été enregistré. "
                "Voici son état actuel; votre saisie est gardée plus bas: vérifiez-la, puis envoyez-la de nouveau."
            ),
            changed=True,
            status=409,
        )

    def show_form(self, match, rulebook, forms, *, show_errors=True, problem="", unplaced=(), changed=False, status=200):
        venue = match.venue
        context = {
            "match": match,
            "state": desk_state(match),
            "forms": forms,
            "show_errors": show_errors,
            "problem": problem,
            "unplaced": unplaced,
            "changed": changed,
            "current": describe(match.reports.order_by("-number").first().content, match, rulebook)
            if changed and match.reports.exists()
            else None,
            "returned": match.reports.filter(state=ResultReport.State.RETURNED).order_by("-number").first()
            if match.result_state == ResultState.RETURNED
            else None,
            "visitors": visiting_supporters_minimum(venue.capacity, rulebook) if venue else None,
            "receipts_percent": rulebook.gate_receipts_percent,
            "receipts_payee": rulebook.gate_receipts_payee,
            "receipts_article": rulebook.gate_receipts_article,
            **self.context(self.request, match),
        }
        return render(self.request, self.template_name, context, status=status)


class DecisionView(DeskMixin, View):
    """Validate the version waiting, or return it for correction with a reason (POST only)."""

    decision = "validate"

    def post(self, request, pk):
        match = self.get_match()
        number = ascii_integer(request.POST.get("number", "").strip(), minimum=1, maximum=32767)
        reason = request.POST.get("reason", "")
        try:
            if number is None:
                raise Refused(_("Quelle version? Rechargez la page."))
            if self.decision == "validate":
                validate_report(match, number=number, actor=request.user)
                messages.success(request, _("Version %(number)s validée: le résultat est officiel.") % {"number": number})
            else:
                return_report(match, number=number, actor=request.user, reason=reason)
                messages.success(request, _("Version %(number)s renvoyée pour correction.") % {"number": number})
        except Refused as refused:
            messages.error(request, refused.detail)
            status = refused.status
            match = self.get_match()
            context = match_page_context(request.user, match, return_reason=reason)
            return render(request, "officials/match.html", context, status=status)
        return redirect("officials:match", pk=match.pk)
