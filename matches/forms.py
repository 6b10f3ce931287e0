"""The match report as a browser form: the same `Report` the API builds, shaped by the category's format (art. 18).

The form checks only what a form can (numbers are numbers, a row is whole); what the regulation
refuses, `report_result` refuses, and `place_refusals` puts each refusal next to its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import INCIDENT_CHOICES
from competitions.regulation.results import (
    MAX_GOALS_EXTRA_TIME,
    MAX_GOALS_REGULAR_TIME,
    MAX_INJURY_TIME,
    MAX_SHOOTOUT_KICKS,
    ReportedGoal,
    ReportedResult,
)
from competitions.regulation.rulebook import IncidentType
from competitions.regulation.sanctions import ReportedIncident
from competitions.regulation.score import Pair, Score, Side
from cupfaf.numbers import ascii_integer

from .models import GoalType, MatchStatus
from .services import Report

# (field prefix, the engine's name for the period, its label, the most goals a side can score in it)
PERIODS = [
    ("half_time", "halfTime", _("Mi-temps"), MAX_GOALS_REGULAR_TIME),
    ("regular_time", "regularTime", _("Fin du temps réglementaire"), MAX_GOALS_REGULAR_TIME),
    ("extra_time", "extraTime", _("Buts marqués en prolongation"), MAX_GOALS_EXTRA_TIME),
    ("penalties", "penalties", _("Tirs au but"), MAX_SHOOTOUT_KICKS),
]
OUTCOMES = [
    (MatchStatus.FINISHED, _("Joué jusqu'au bout")),
    (MatchStatus.SUSPENDED, _("Arrêté avant la fin")),
    (MatchStatus.CANCELLED, _("Non joué")),
]
MOST_ROWS = 40
MORE_ROWS = 3


def _goals(max_value):
    return forms.IntegerField(
        min_value=0,
        max_value=max_value,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "goals"}),
    )


class ReportForm(forms.Form):
    """How the match ended, its score by period, the crowd and the receipts; `version` is the match as read."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Le match a été"), choices=OUTCOMES, initial=MatchStatus.FINISHED)
    attendance = forms.IntegerField(
        label=_("Spectateurs"), min_value=0, max_value=10**6, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    gate_receipts = forms.IntegerField(
        label=_("Recettes (DA)"),
        min_value=0,
        max_value=10**12,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Motif de la correction"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ce résultat est officiel: dites pourquoi vous le corrigez."),
    )

    def __init__(self, *args, match_format, correcting_official=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.match_format = match_format
        self.periods = []
        for prefix, name, label, highest in PERIODS:
            if prefix == "extra_time" and not match_format.has_extra_time:
                continue  # art. 18.2: youth and women go straight to the shoot-out
            self.fields[f"{prefix}_home"] = _goals(highest)
            self.fields[f"{prefix}_away"] = _goals(highest)
            self.periods.append((prefix, name, label))
        if not correcting_official:
            del self.fields["reason"]

    def _level_after_play(self):
        """Whether the score typed (or, before any typing, the score recorded) is level after play."""
        source = self.data if self.is_bound else self.initial

        def number(key):
            value = source.get(key)
            return value if isinstance(value, int) else ascii_integer(str(value or "").strip(), minimum=0)

        home, away = number("regular_time_home"), number("regular_time_away")
        if home is None or away is None:
            return False
        if self.match_format.has_extra_time:
            extra_home, extra_away = number("extra_time_home"), number("extra_time_away")
            if extra_home is None or extra_away is None:
                return False
            home, away = home + extra_home, away + extra_away
        return home == away

    def period_fields(self):
        """(label, home field, away field) for each period of play the category has, in order."""
        return [
            (label, self[f"{prefix}_home"], self[f"{prefix}_away"])
            for prefix, _name, label in self.periods
            if prefix != "penalties"
        ]

    def shootout_fields(self):
        """(label, home field, away field) of the shoot-out."""
        return [(label, self["penalties_home"], self["penalties_away"]) for prefix, _name, label in self.periods if prefix == "penalties"]

    @property
    def shootout_open(self):
        """The shoot-out is shown open once the score after play is level (or it was filled in);
        folded away otherwise: without JavaScript, a disclosure the official can still open."""
        source = self.data if self.is_bound else self.initial
        filled = any(source.get(key) not in (None, "") for key in ("penalties_home", "penalties_away"))
        return filled or self._level_after_play()

    def score(self):
        data = self.cleaned_data

        def pair(prefix):
            if f"{prefix}_home" not in data:
                return None
            return Pair(data[f"{prefix}_home"], data[f"{prefix}_away"])

        extra, penalties = pair("extra_time"), pair("penalties")
        return Score(
            half_time=pair("half_time"),
            regular_time=pair("regular_time"),
            extra_time=extra if extra is not None and (extra.home is not None or extra.away is not None) else None,
            penalties=penalties if penalties is not None and (penalties.home is not None or penalties.away is not None) else None,
        )


class _RowForm(forms.Form):
    """A row of a list (a goal, an incident): left empty, it is ignored; emptied, it is removed."""

    untouched = {}  # field: the value a row shows before anyone types in it, beyond ""

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—"), *sides]

    def has_changed(self):
        """Whether the row says anything: compared with an empty row, not with what it first showed."""
        if not self.is_bound:
            return super().has_changed()
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if value not in ("", None, self.untouched.get(name)):
                return True
        return False


class RowFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row may be left empty, the rows first shown with a goal included: emptying one removes the goal.
        return super()._construct_form(i, empty_permitted=True, **kwargs)


class GoalForm(_RowForm):
    untouched = {"type": GoalType.REGULAR}

    team = forms.ChoiceField(label=_("Compte pour"), initial="")
    minute = forms.IntegerField(
        label=_("Minute"), min_value=1, max_value=150, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    injury_time = forms.IntegerField(
        label=_("Temps additionnel"),
        min_value=1,
        max_value=MAX_INJURY_TIME,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("90+3: minute 90, temps additionnel 3."),
    )
    scorer = forms.CharField(label=_("Buteur"), max_length=120)
    type = forms.ChoiceField(label=_("Type"), choices=GoalType.choices, initial=GoalType.REGULAR)


class IncidentForm(_RowForm):
    type = forms.ChoiceField(label=_("Incident"), choices=[("", "—"), *INCIDENT_CHOICES], initial="")
    team = forms.ChoiceField(label=_("Club concerné"), initial="")
    minute = forms.IntegerField(
        label=_("Minute"), min_value=1, max_value=150, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


GoalFormSet = forms.formset_factory(
    GoalForm, formset=RowFormSet, extra=0, max_num=MOST_ROWS, absolute_max=MOST_ROWS, validate_max=True
)
IncidentFormSet = forms.formset_factory(
    IncidentForm, formset=RowFormSet, extra=0, max_num=MOST_ROWS, absolute_max=MOST_ROWS, validate_max=True
)


class MatchReportForms:
    """The report form and its two lists, bound together to one match; `report()` is what they say."""

    def __init__(self, match, match_format, data=None, *, more_rows=False):
        sides = [(Side.HOME.value, str(match.home_club)), (Side.AWAY.value, str(match.away_club))]
        correcting = match.result_state == "VALIDATED"
        if data is None:
            initial, goals, incidents = initial_report(match)
            self.main = ReportForm(initial=initial, match_format=match_format, correcting_official=correcting)
            self.goals = GoalFormSet(prefix="goals", initial=goals, form_kwargs={"sides": sides})
            self.goals.extra = MORE_ROWS
            self.incidents = IncidentFormSet(prefix="incidents", initial=incidents, form_kwargs={"sides": sides})
            self.incidents.extra = 1
            return
        if more_rows:
            data = data.copy()
            for prefix in ("goals", "incidents"):
                key = f"{prefix}-TOTAL_FORMS"
                rows = ascii_integer(str(data.get(key, "")).strip(), minimum=0) or 0
                data[key] = str(min(rows + MORE_ROWS, MOST_ROWS))
        self.main = ReportForm(data, match_format=match_format, correcting_official=correcting)
        self.goals = GoalFormSet(data, prefix="goals", form_kwargs={"sides": sides})
        self.incidents = IncidentFormSet(data, prefix="incidents", form_kwargs={"sides": sides})

    def is_valid(self):
        # Every part is checked, so that every error shows at once.
        return all([self.main.is_valid(), self.goals.is_valid(), self.incidents.is_valid()])

    def _filled(self, formset):
        return [form for form in formset.forms if form.has_changed() and form.cleaned_data]

    def report(self):
        data = self.main.cleaned_data
        goals = tuple(
            ReportedGoal(
                team=Side(row["team"]),
                minute=row["minute"],
                injury_time=row["injury_time"],
                type=row["type"],
                scorer=row["scorer"].strip(),
            )
            for row in (form.cleaned_data for form in self._filled(self.goals))
        )
        incidents = tuple(
            ReportedIncident(
                type=IncidentType(row["type"]),
                team=Side(row["team"]),
                minute=row["minute"],
                description=row["description"],
            )
            for row in (form.cleaned_data for form in self._filled(self.incidents))
        )
        return Report(
            result=ReportedResult(self.main.score(), goals),
            status=data["status"],
            incidents=incidents,
            gate_receipts=data["gate_receipts"],
            attendance=data["attendance"],
        )

    @property
    def version(self):
        return self.main.cleaned_data["version"]

    @property
    def reason(self):
        return self.main.cleaned_data.get("reason") or ""

    def place_refusals(self, refused):
        """Show each of the service's refusals next to its field; return those that fit no field."""
        unplaced = []
        goal_forms = self._filled(self.goals)
        for where, messages in refused.errors.items():
            target = self._target(where, goal_forms)
            for message in messages:
                if target is None:
                    unplaced.append(message)
                else:
                    form, field = target
                    form.add_error(field, message)
        return unplaced

    def _target(self, where, goal_forms):
        """The form and field of a refusal's place: "score.extraTime", "goals[2].minute", "reason"…"""
        if where.startswith("score."):
            name = where.removeprefix("score.")
            for prefix, period, _label in self.main.periods:
                if period == name:
                    return self.main, f"{prefix}_home"
            return None
        if where.startswith("goals[") and "]" in where:
            index = ascii_integer(where[len("goals[") : where.index("]")], minimum=0)
            field = {"minute": "minute", "injuryTime": "injury_time", "type": "type"}.get(where.rpartition(".")[2])
            if index is not None and index < len(goal_forms):
                return goal_forms[index], field
            return None
        if where == "reason" and "reason" in self.main.fields:
            return self.main, "reason"
        return None


def initial_report(match):
    """The form's starting values: the result as recorded (a correction starts from it), and the match's version."""
    initial = {"version": match.version}
    if match.result_state:
        initial["status"] = match.status
        for prefix, _name, _label, _highest in PERIODS:
            initial[f"{prefix}_home"] = getattr(match, f"home_{prefix}")
            initial[f"{prefix}_away"] = getattr(match, f"away_{prefix}")
        initial["attendance"] = match.attendance
        initial["gate_receipts"] = match.gate_receipts
    goals = [
        {
            "team": goal.team,
            "minute": goal.minute,
            "injury_time": goal.injury_time,
            "scorer": goal.scorer,
            "type": goal.type,
        }
        for goal in match.goals.all()
    ]
    incidents = []
    latest = match.reports.order_by("-number").first()
    if latest is not None:
        incidents = [
            {
                "type": incident["type"],
                "team": incident["team"],
                "minute": incident["minute"],
                "description": incident["description"],
            }
            for incident in latest.content.get("incidents", [])
        ]
    return initial, goals, incidents
