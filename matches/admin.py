from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clubs.models import Club, League, Stadium
from competitions.models import Draw, Edition, Exemption, Pairing, Round
from competitions.stages import KNOCKOUT_STAGES, PRELIMINARY_STAGES, REGIONAL_ROUND_PREFIX
from competitions.regulation import gate_receipts_share, visiting_supporters_minimum
from competitions.selectors import rulebook_for
from competitions.verification import verify
from cupfaf.admin import AuditHistoryMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline, RefusalsAsMessagesMixin
from cupfaf.errors import Refused
from cupfaf.numbers import ascii_integer, in_dinars
from cupfaf.roles import may

from . import desk, draw_import, draws, services
from .calendar import score_in_words, score_line
from .selectors import overdue, unscheduled
from .models import Goal, Match, MatchStatus, ReportState, ResultReport, Slot


class ScheduleRoundChooser(forms.Form):
    round = forms.ModelChoiceField(
        Round.objects.select_related("edition").order_by("-edition__season__start_year", "edition__category__order", "order"),
        label=_("tour"),
    )
    league = forms.ModelChoiceField(
        League.objects.all(),
        label=_("ligue organisatrice"),
        required=False,
        help_text=_("Pour un grand tour régional: les seuls matchs de cette ligue."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].label_from_instance = lambda round_: f"{round_.edition} — {round_.name}"


class StadiumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, stadium):
        return _("%(stadium)s — %(capacity)s places") % {
            "stadium": stadium,
            "capacity": number_format(stadium.capacity, force_grouping=True),
        }


class MatchScheduleForm(forms.Form):
    """One match of a round's schedule page."""

    kickoff = forms.DateTimeField(
        label=_("coup d'envoi"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    venue = StadiumChoiceField(Stadium.objects.all(), label=_("stade"), required=False)
    neutral_venue = forms.BooleanField(label=_("terrain neutre"), required=False)
    league = forms.ModelChoiceField(League.objects.all(), label=_("ligue organisatrice"), required=False)
    postponement_reason = forms.CharField(
        label=_("reporter: motif"),
        required=False,
        max_length=300,
        help_text=_("Écrire un motif reporte le match."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, venue_choices, league_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices read once for the page, not once per match.
        self.fields["venue"].choices = venue_choices
        self.fields["league"].choices = league_choices

    def schedule(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("kickoff", "venue", "league", "neutral_venue", "postponement_reason")}


def round_matches(round_, league=None):
    """The matches of `round_` the schedule page shows, in drawn order (those `league` organises, if given)."""
    matches = Match.objects.filter(round=round_)
    if league is not None:
        matches = matches.filter(league=league)
    return list(
        matches.select_related("home_club__stadium", "away_club", "venue", "league", "round__edition__regulation")
        .prefetch_related("feeders")
        .order_by("number")
    )


def schedule_choices():
    """The stadiums and leagues a round's schedule offers, read once for all its matches."""
    venue = StadiumChoiceField(Stadium.objects.select_related("wilaya"), required=False)
    league = forms.ModelChoiceField(League.objects.all(), required=False)
    return {"venue_choices": list(venue.choices), "league_choices": list(league.choices)}


def proposed_venue(match):
    """The match's stadium, or else its host's usual one (never for a neutral venue)."""
    if match.venue or match.neutral_venue or match.home_club is None:
        return match.venue
    return match.home_club.stadium


def side_in_words(match, slot):
    """A side of the match: its club, or while it waits, "Vainqueur du n° 13" of the previous round."""
    club = match.home_club if slot == Slot.HOME else match.away_club
    if club:
        return str(club)
    feeder = next((f for f in match.feeders.all() if f.next_slot == slot), None)
    return _("Vainqueur du n° %(number)s") % {"number": feeder.number} if feeder else "?"


def schedule_initial(match, suggest=False):
    """What the schedule page shows for `match`; with `suggest`, a match without a stadium is offered its
    host's usual one (staff asked for it: saving the page then records it)."""
    venue = proposed_venue(match) if suggest else match.venue
    return {
        "kickoff": timezone.localtime(match.kickoff) if match.kickoff else None,
        "venue": venue.pk if venue else None,
        "league": match.league_id,
        "neutral_venue": match.neutral_venue,
        "version": match.version,
    }


def visitors_line(venue, rulebook):
    """The stadium's capacity and the seats art. 11.4 sets apart for visiting supporters, in words."""
    if venue is None:
        return ""
    decision = visiting_supporters_minimum(venue.capacity, rulebook)
    return _(
        "%(stadium)s: %(capacity)s places, au moins %(seats)s pour les visiteurs (art. %(article)s), "
        "sauf accord écrit entre les deux clubs"
    ) % {
        "stadium": venue.name,
        "capacity": number_format(venue.capacity, force_grouping=True),
        "seats": number_format(decision.value, force_grouping=True),
        "article": decision.article,
    }


class GoalInline(ReadOnlyTabularInline):
    model = Goal
    fields = ["minute", "injury_time", "team", "scorer", "type"]


def version_in_words(version):
    """A version's content as the officials' desk shows it: score by period, goals, incidents, receipts."""
    match = version.match
    summary = desk.describe(version.content, match, rulebook_for(match.round.edition.regulation))
    return render_to_string("officials/_summary.html", {"summary": summary, "match": match})


class ResultVersionInline(ReadOnlyTabularInline):
    """Every version of the match's result, newest first: who submitted it, who validated or returned it."""

    model = ResultReport
    fields = ["number", "state", "submitted_by", "submitted_at", "decided_by", "decided_at", "reasons", "in_words"]
    ordering = ["-number"]

    @admin.display(description=_("motifs"))
    def reasons(self, version):
        return " · ".join(filter(None, [version.correction_reason, version.return_reason])) or "—"

    @admin.display(description=_("contenu"))
    def in_words(self, version):
        return version_in_words(version)


class AdminReportView(desk.ReportView):
    """The officials' report form inside the admin, for results officers: the same form, service and refusals."""

    template_name = "admin/matches/match/report.html"
    admin_site = None

    def done_url(self, match):
        return reverse("admin:matches_match_change", args=[match.pk])

    def context(self, request, match):
        return {**self.admin_site.each_context(request), "opts": Match._meta, "original": match}


class RoundFilter(admin.SimpleListFilter):
    """Rounds by name ("32e de finale"), in the order they are played, not as codes in alphabetical order."""

    title = _("tour")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        first_order = {}
        for stage, order in Round.objects.order_by("order").values_list("stage", "order"):
            first_order.setdefault(stage, order)
        return [(stage, Round(stage=stage).name) for stage in sorted(first_order, key=first_order.get)]

    def queryset(self, request, queryset):
        return queryset.filter(round__stage=self.value()) if self.value() else queryset


class WaitingFilter(admin.SimpleListFilter):
    """The matches a queue of the dashboard counts (matches.dashboard), by the same selectors."""

    title = _("en attente")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("résultat non saisi après le coup d'envoi")),
            ("unscheduled", _("sans coup d'envoi ou sans stade")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return overdue(queryset, timezone.now())
        if self.value() == "unscheduled":
            return unscheduled(queryset)
        return queryset


@admin.register(Match)
class MatchAdmin(AuditHistoryMixin, RefusalsAsMessagesMixin, admin.ModelAdmin):
    """Staff schedule matches here; results go through the report form (`result/`) and validation, as at the desk."""

    list_display = ["__str__", "result", "status", "result_state", "kickoff", "venue", "winner"]
    list_filter = ["round__edition", RoundFilter, WaitingFilter, "status", "result_state", "league"]
    search_fields = ["home_club__name", "away_club__name"]
    list_select_related = ["round__edition", "home_club", "away_club", "winner", "venue"]
    fields = [
        "round",
        "number",
        "home_club",
        "away_club",
        "next_match",
        "next_slot",
        "kickoff",
        "venue",
        "neutral_venue",
        "league",
        "status",
        "postponement_reason",
        "visiting_supporters",
        "home_half_time",
        "away_half_time",
        "home_regular_time",
        "away_regular_time",
        "home_extra_time",
        "away_extra_time",
        "home_penalties",
        "away_penalties",
        "winner",
        "awarded_reason",
        "awarded_article",
        "attendance",
        "gate_receipts",
        "faf_share",
        "result_state",
        "reported_by",
        "reported_at",
        "version",
        "last_updated",
    ]
    editable_fields = ["kickoff", "venue", "neutral_venue", "league"]
    autocomplete_fields = ["venue"]
    inlines = [GoalInline, ResultVersionInline]  # sanctions adds its incidents (sanctions/admin.py)

    @admin.display(description=_("score"))
    def result(self, match):
        """The score in words, as the calendar says it: "1-1, a.p. 2-1, t.a.b. 4-3"."""
        return score_line(match) or "—"

    def get_urls(self):
        report = AdminReportView.as_view(admin_site=self.admin_site)
        return [
            path("schedule/", self.admin_site.admin_view(self.schedule_view), name="matches_match_schedule"),
            path("<str:pk>/result/", self.admin_site.admin_view(report), name="matches_match_result"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_schedule = may(request.user, "matches.schedule_match")
        return super().changelist_view(request, {**(extra_context or {}), "may_schedule": may_schedule})

    def schedule_view(self, request):
        """A whole round on one page: kick-off, stadium, organising league, neutral venue, postponement."""
        if not may(request.user, "matches.schedule_match"):
            raise PermissionDenied
        chooser = ScheduleRoundChooser(request.GET or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "chooser": chooser}
        context["title"] = _("Programmer un tour")
        if not chooser.is_valid():
            return TemplateResponse(request, "admin/matches/match/schedule.html", context)
        round_, league = chooser.cleaned_data["round"], chooser.cleaned_data["league"]
        suggest = request.GET.get("suggest") == "1"
        matches = round_matches(round_, league)
        # One form per match, named by its id: a line always lands on its own match, whatever was posted.
        choices = schedule_choices()
        posted = request.POST if request.method == "POST" else None
        forms_ = [
            MatchScheduleForm(posted, prefix=f"match-{match.pk}", initial=schedule_initial(match, suggest), **choices)
            for match in matches
        ]
        if posted is not None and all([form.is_valid() for form in forms_]):
            lines = [
                services.MatchSchedule(match=match, expected_version=form.cleaned_data["version"], **form.schedule())
                for match, form in zip(matches, forms_)
            ]
            try:
                changed = services.schedule_round(lines, actor=request.user)
            except Refused as refusal:
                matches = round_matches(round_, league)  # as the database holds them: nothing was written
                for match, form in zip(matches, forms_):
                    for text in refusal.errors.get(str(match.number), []):
                        form.add_error(None, text)
                self.message_user(request, refusal.detail, messages.ERROR)
            else:
                count = len({match.pk for match in changed})
                self.message_user(
                    request, ngettext("%(count)s match mis à jour.", "%(count)s matchs mis à jour.", count) % {"count": count}
                )
                return HttpResponseRedirect(request.get_full_path())
        rulebook = rulebook_for(round_.edition.regulation)
        context |= {
            "round": round_,
            "suggesting": suggest,
            "suggest_url": f"{request.path}?{urlencode({**request.GET.dict(), 'suggest': '1'})}",
            "rows": [
                {
                    "match": match,
                    "form": form,
                    "home": side_in_words(match, Slot.HOME),
                    "away": side_in_words(match, Slot.AWAY),
                    "visitors": visitors_line(proposed_venue(match) if suggest else match.venue, rulebook),
                }
                for match, form in zip(matches, forms_)
            ],
            "title": _("Programmer: %(round)s, %(edition)s") % {"round": round_.name, "edition": round_.edition},
        }
        return TemplateResponse(request, "admin/matches/match/schedule.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        match = Match.objects.filter(pk=ascii_integer(str(object_id), minimum=1) or 0).first()
        may_report = bool(match and match.home_club_id and match.away_club_id and services.may_report(request.user, match))
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "may_report": may_report})

    @admin.display(description=_("places minimum pour les supporters visiteurs"))
    def visiting_supporters(self, match):
        return visitors_line(match.venue, rulebook_for(match.round.edition.regulation)) or "—"

    @admin.display(description=_("quote-part de la FAF"))
    def faf_share(self, match):
        if match.gate_receipts is None:
            return "—"
        decision = gate_receipts_share(match.gate_receipts, rulebook_for(match.round.edition.regulation))
        return _("%(amount)s à verser à %(payee)s (art. %(article)s)") % {
            "amount": in_dinars(decision.value.amount),
            "payee": decision.value.payee,
            "article": decision.article,
        }

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name not in self.editable_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.schedule_match(
            obj, actor=request.user, **{name: form.cleaned_data[name] for name in self.editable_fields}
        )


class PairingInline(ReadOnlyTabularInline):
    """A draw's pairings as drawn: a record, never edited by hand."""

    model = Pairing
    fields = ["number", "home_club", "away_club", "home_winner_of", "away_winner_of", "region"]


class ExemptionInline(ReadOnlyTabularInline):
    model = Exemption
    fields = ["order", "club", "region"]


# The checks of competitions.verification, as staff read them.
CHECK_NAMES = {
    "inputs_hash": _("empreinte des participants"),
    "seed_hash": _("empreinte de la graine"),
    "outcome": _("appariements"),
    "method": _("méthode"),
    "published": _("publication"),
}


def outcome_in_words(document):
    """A draw's outcome document ("1 36 15", "exempt 77", "next 2 W3 W1") with club names for its ids."""
    ids = {int(word) for line in document.splitlines() for word in line.split()[1:] if word.isdigit()}
    names = dict(Club.objects.filter(pk__in=ids).values_list("pk", "name"))

    def side(word):
        if word.startswith("W") and word[1:].isdigit():
            return _("Vainqueur du n° %(number)s") % {"number": word[1:]}
        return names.get(int(word), word) if word.isdigit() else word

    lines = []
    for line in document.splitlines():
        words = line.split()
        following = bool(words) and words[0] == "next"
        words = words[1:] if following else words
        if not words:
            continue
        if words[0] == "exempt":
            text = _("exempté: %(club)s") % {"club": side(words[1]) if len(words) > 1 else "?"}
        else:
            text = _("n° %(number)s: %(home)s – %(away)s") % {
                "number": words[0],
                "home": side(words[1]) if len(words) > 1 else "?",
                "away": side(words[2]) if len(words) > 2 else "?",
            }
        lines.append(_("tour suivant, %(line)s") % {"line": text} if following else text)
    return lines


def stage_choices():
    """The rounds a draw may be for, by name, in the order played: the first phase's rounds, then the
    national phase's. The draw service refuses, with its article, a round that cannot be drawn now."""
    first_phase = [f"{REGIONAL_ROUND_PREFIX}{number}" for number in range(1, 21)]  # 4,096 clubs need six
    return [(stage, Round(stage=stage).name) for stage in (*PRELIMINARY_STAGES, *first_phase, *KNOCKOUT_STAGES)]


class StageField(forms.ChoiceField):
    """A round chosen by its name ("8e de finale"), never typed as a code."""

    def __init__(self, **kwargs):
        super().__init__(choices=stage_choices, label=_("tour"), **kwargs)


class PrepareDrawForm(forms.Form):
    edition = forms.ModelChoiceField(Edition.objects.all(), label=_("édition"))
    stage = StageField()
    with_next_round = forms.BooleanField(label=_("tirer aussi le tour suivant"), required=False)
    seed_source = forms.CharField(
        label=_("valeur publique future servant de graine"),
        required=False,
        max_length=300,
        help_text=_("Vide: le logiciel tire une graine secrète et en publie l'empreinte tout de suite."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].initial = Edition.objects.values_list("pk", flat=True).first()  # the latest


class PerformDrawForm(forms.Form):
    seed = forms.CharField(label=_("valeur annoncée"), max_length=300, required=False)


class CancelDrawForm(forms.Form):
    reason = forms.CharField(
        label=_("motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pourquoi ce tirage est annulé: le journal le garde."),
    )


class CeremonyDrawForm(forms.Form):
    edition = forms.ModelChoiceField(Edition.objects.all(), label=_("édition"))
    stage = StageField()
    held_on = forms.DateField(
        label=_("date de la cérémonie"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("tirage, dans l'ordre"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
        help_text=_(
            "Une ligne par appariement, comme la fédération les publie: « 1. MC Alger (L1) – JS Kabylie (L1) »; "
            "puis, si le tour suivant est tiré en même temps, « Vainqueur N 3 contre Vainqueur N 1 »."
        ),
    )


@admin.register(Draw)
class DrawAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Draws: prepared (commitment published), performed, then published, each step by one staff member.

    Every step goes through `matches.draws`, as the API's do; a refusal is shown on the page.
    """

    list_display = ["round", "status", "method", "prepared_at", "performed_at", "published_at"]
    list_filter = ["status", "method", "round__edition"]
    fields = [
        "round",
        "status",
        "method",
        "drawn_with",
        "held_on",
        "prepared_at",
        "prepared_by",
        "performed_at",
        "performed_by",
        "published_at",
        "published_by",
        "algorithm",
        "inputs_hash",
        "seed_source",
        "seed_hash",
        "revealed_seed",
        "inputs",
    ]
    readonly_fields = fields
    inlines = [PairingInline, ExemptionInline]
    actions = ["publish", "cancel"]

    @admin.display(description=_("graine"))
    def revealed_seed(self, obj):
        # A secret seed stays secret until the draw is published: staff see what the public sees.
        return obj.seed if obj.is_public else "—"

    def has_publish_permission(self, request):
        return may(request.user, "competitions.publish_draw")

    def has_cancel_permission(self, request):
        return may(request.user, "competitions.cancel_draw")

    def _require(self, request, permission):
        if not may(request.user, permission):
            raise PermissionDenied

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("prepare/", view(self.prepare_view), name="competitions_draw_prepare"),
            path("ceremony/", view(self.ceremony_view), name="competitions_draw_ceremony"),
            path("<int:draw_id>/perform/", view(self.perform_view), name="competitions_draw_perform"),
            path("<int:draw_id>/publish/", view(self.publish_view), name="competitions_draw_publish"),
            path("<int:draw_id>/cancel/", view(self.cancel_view), name="competitions_draw_cancel"),
            path("<int:draw_id>/verify/", view(self.verify_view), name="competitions_draw_verify"),
            *super().get_urls(),
        ]

    def _form_page(self, request, form, title, submit_label, **context):
        return TemplateResponse(
            request,
            "admin/competitions/draw/action_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "title": title,
                "submit_label": submit_label,
                **context,
            },
        )

    def _refused(self, request, form, refusal):
        form.add_error(None, str(refusal.detail))
        for field, texts in refusal.errors.items():
            for text in texts:
                form.add_error(None, f"{field}: {text}")

    def prepare_view(self, request):
        self._require(request, "competitions.prepare_draw")
        # The dashboard links here with the edition and the round to draw (`?edition=…&stage=…`).
        initial = {name: request.GET[name] for name in ("edition", "stage") if name in request.GET}
        form = PrepareDrawForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                prepared = draws.prepare_draw(
                    data["edition"],
                    data["stage"].strip(),
                    actor=request.user,
                    with_next_round=data["with_next_round"],
                    seed_source=data["seed_source"],
                )
            except Refused as refusal:
                self._refused(request, form, refusal)
            else:
                self.message_user(
                    request, _("Tirage préparé: son engagement est public. Effectuez-le quand vous êtes prêts.")
                )
                return HttpResponseRedirect(reverse("admin:competitions_draw_change", args=[prepared.pk]))
        return self._form_page(
            request,
            form,
            _("Préparer un tirage par le logiciel"),
            _("Préparer"),
            intro=_("Les clubs qualifiés sont fixés et l'empreinte de la graine publiée avant le tirage."),
        )

    def _draw_step(self, request, draw_id, permission, form, step, done, title, submit, context):
        """One step of a draw's life on its own page: `step(drawn, cleaned_data)` calls the service on
        POST; a refusal is shown on the page and changes nothing; `done(drawn)` is where to go after."""
        self._require(request, permission)
        drawn = get_object_or_404(Draw, pk=draw_id)
        if request.method == "POST" and form.is_valid():
            try:
                step(drawn, form.cleaned_data)
            except Refused as refusal:
                self._refused(request, form, refusal)
            else:
                return done(drawn)
        return self._form_page(request, form, title % {"draw": drawn}, submit, **context(drawn))

    def _after(self, request, message, url):
        self.message_user(request, message)
        return HttpResponseRedirect(url)

    def perform_view(self, request, draw_id):
        return self._draw_step(
            request,
            draw_id,
            "competitions.perform_draw",
            PerformDrawForm(request.POST or None),
            lambda drawn, data: draws.perform_draw(drawn, actor=request.user, seed=data["seed"]),
            lambda drawn: self._after(
                request,
                _("Tirage effectué. Vérifiez-le, puis publiez-le."),
                reverse("admin:competitions_draw_change", args=[drawn.pk]),
            ),
            _("Effectuer: %(draw)s"),
            _("Effectuer le tirage"),
            context=lambda drawn: {
                "commitment": [
                    (_("empreinte des participants"), drawn.inputs_hash),
                    (_("empreinte de la graine"), drawn.seed_hash or "—"),
                    (_("source de la graine"), drawn.seed_source or _("graine secrète")),
                ],
                "intro": _("Laissez la valeur vide pour une graine secrète; sinon saisissez la valeur publique annoncée."),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The draw's page offers the next step as a button, each for whom may take it."""
        steps = {
            "may_perform": may(request.user, "competitions.perform_draw"),
            "may_publish": may(request.user, "competitions.publish_draw"),
            "may_cancel": may(request.user, "competitions.cancel_draw"),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **steps})

    def publish_view(self, request, draw_id):
        """Publish one draw, after saying what publishing does."""
        return self._draw_step(
            request,
            draw_id,
            "competitions.publish_draw",
            forms.Form(request.POST if request.method == "POST" else None),  # nothing to fill in: a POST confirms
            lambda drawn, data: draws.publish_draw(drawn, actor=request.user),
            lambda drawn: self._after(
                request, _("%(draw)s publié.") % {"draw": drawn}, reverse("admin:competitions_draw_change", args=[drawn.pk])
            ),
            _("Publier: %(draw)s"),
            _("Publier le tirage"),
            context=lambda drawn: {
                "intro": _(
                    "Publier rend publics les appariements, les clubs exemptés et la graine: les matchs paraissent "
                    "sur le site, dans l'API et les calendriers. Un tirage publié ne peut plus être annulé."
                )
            },
        )

    def cancel_view(self, request, draw_id):
        """Cancel one draw, with the reason the audit trail keeps."""
        return self._draw_step(
            request,
            draw_id,
            "competitions.cancel_draw",
            CancelDrawForm(request.POST or None),
            lambda drawn, data: draws.cancel_draw(drawn, actor=request.user, reason=data["reason"]),
            lambda drawn: self._after(
                request, _("%(draw)s annulé.") % {"draw": drawn}, reverse("admin:competitions_draw_changelist")
            ),
            _("Annuler: %(draw)s"),
            _("Annuler le tirage"),
            context=lambda drawn: {
                "intro": _(
                    "Annuler retire ce tirage préparé (rien n'a encore été tiré): le tour pourra être préparé à "
                    "nouveau. Le motif reste au journal."
                )
            },
        )

    def verify_view(self, request, draw_id):
        """Draw a published software draw again from what it published, as anyone can (README, « Vérifier un tirage »)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        drawn = get_object_or_404(Draw.objects.select_related("round__edition", "drawn_with"), pk=draw_id)
        checks = [(CHECK_NAMES.get(check.name, check.name), check) for check in verify(drawn)]
        outcome = next((check for _name, check in checks if check.name == "outcome" and check.passed), None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Vérifier: %(draw)s") % {"draw": drawn},
            "drawn": drawn,
            "checks": checks,
            "verified": all(check.passed for _name, check in checks),
            "outcome_in_words": outcome_in_words(outcome.detail) if outcome else [],
        }
        return TemplateResponse(request, "admin/competitions/draw/verify.html", context)

    def ceremony_view(self, request):
        self._require(request, "competitions.record_ceremony_draw")
        form = CeremonyDrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                draw_import.import_published_draw(
                    data["text"],
                    data["edition"],
                    data["stage"].strip(),
                    held_on=data["held_on"],
                    actor=request.user,
                )
            except draw_import.DrawImportError as error:
                for message in error.errors:
                    form.add_error("text", message)
            except Refused as refusal:
                self._refused(request, form, refusal)
            else:
                self.message_user(request, _("Tirage en cérémonie enregistré et publié."))
                return HttpResponseRedirect(reverse("admin:competitions_draw_changelist"))
        return self._form_page(request, form, _("Saisir un tirage en cérémonie"), _("Enregistrer"))

    @admin.action(description=_("Publier les tirages choisis (la graine est révélée)"), permissions=["publish"])
    def publish(self, request, queryset):
        for drawn in queryset:
            try:
                draws.publish_draw(drawn, actor=request.user)
            except Refused as refusal:
                self.message_user(request, f"{drawn}: {refusal.detail}", messages.ERROR)
            else:
                self.message_user(request, _("%(draw)s publié.") % {"draw": drawn})

    @admin.action(
        description=_("Annuler les tirages préparés choisis (clubs qualifiés changés)"), permissions=["cancel"]
    )
    def cancel(self, request, queryset):
        """Asks for the reason first (the audit trail keeps it), then cancels each draw through the service."""
        form = CancelDrawForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._form_page(
                request,
                form,
                _("Annuler des tirages préparés"),
                _("Annuler ces tirages"),
                action="cancel",
                selected=list(queryset),
            )
        for drawn in queryset:
            try:
                draws.cancel_draw(drawn, actor=request.user, reason=form.cleaned_data["reason"])
            except Refused as refusal:
                self.message_user(request, f"{drawn}: {refusal.detail}", messages.ERROR)
            else:
                self.message_user(request, _("%(draw)s annulé.") % {"draw": drawn})
        return None


class VersionStateFilter(admin.SimpleListFilter):
    """The queue: versions waiting for validation unless another state is asked for."""

    title = _("état")
    parameter_name = "state"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*ReportState.choices, (self.ALL, _("Toutes"))]

    def value(self):
        return super().value() or ReportState.SUBMITTED

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())


@admin.register(ResultReport)
class ResultReportAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The queue of reported results: staff validate a version, or return it for correction with a reason.

    Both go through `validate_report` / `return_report`, as at the officials' desk and in the API.
    """

    list_display = ["match", "number", "reported_score", "state", "submitted_by", "submitted_at", "league"]
    list_filter = [VersionStateFilter, "match__league", "match__round__edition", "match__round__stage"]
    list_select_related = ["match__round__edition", "match__home_club", "match__away_club", "match__league", "submitted_by"]
    search_fields = ["match__home_club__name", "match__away_club__name"]
    fields = [
        "match",
        "number",
        "state",
        "submitted_by",
        "submitted_at",
        "correction_reason",
        "decided_by",
        "decided_at",
        "return_reason",
        "in_words",
    ]
    readonly_fields = fields
    actions = ["validate"]

    @admin.display(description=_("score"))
    def reported_score(self, version):
        """What the version reports, as the match list says a score, for validating from the list."""
        status = version.content.get("status")
        if status != MatchStatus.FINISHED:
            return MatchStatus(status).label if status in MatchStatus.values else "—"
        return score_in_words(desk.content_score(version.content)) or "—"

    @admin.display(description=_("ligue organisatrice"), ordering="match__league__name")
    def league(self, version):
        return version.match.league or "—"

    @admin.display(description=_("contenu"))
    def in_words(self, version):
        return version_in_words(version)

    def has_validate_permission(self, request):
        return may(request.user, "matches.validate_result") or may(request.user, "matches.validate_league_result")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<str:object_id>/validate/", view(self.validate_view), name="matches_resultreport_validate"),
            path("<str:object_id>/return/", view(self.return_view), name="matches_resultreport_return"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self._version(object_id)
        waiting = version.state == ReportState.SUBMITTED
        context = {
            "may_decide": waiting and services.may_validate(request.user, version.match),
            "own_version": waiting and version.submitted_by_id == request.user.pk,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def _version(self, object_id):
        version = ResultReport.objects.select_related("match").filter(pk=ascii_integer(str(object_id), minimum=1) or 0).first()
        if version is None:
            raise Http404
        return version

    def _decide(self, request, object_id, decide, done):
        version = self._version(object_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:matches_resultreport_change", args=[version.pk]))
        try:
            decide(version)
        except Refused as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:matches_resultreport_change", args=[version.pk]))
        self.message_user(request, done % {"version": version})
        return HttpResponseRedirect(reverse("admin:matches_resultreport_changelist"))

    def validate_view(self, request, object_id):
        return self._decide(
            request,
            object_id,
            lambda version: services.validate_report(version.match, number=version.number, actor=request.user),
            _("%(version)s validée: le résultat est officiel."),
        )

    def return_view(self, request, object_id):
        reason = request.POST.get("reason", "")
        return self._decide(
            request,
            object_id,
            lambda version: services.return_report(version.match, number=version.number, actor=request.user, reason=reason),
            _("%(version)s renvoyée pour correction."),
        )

    @admin.action(description=_("Valider les versions choisies (le résultat devient officiel)"), permissions=["validate"])
    def validate(self, request, queryset):
        for version in queryset.select_related("match"):
            try:
                services.validate_report(version.match, number=version.number, actor=request.user)
            except Refused as refusal:
                self.message_user(request, f"{version}: {refusal.detail}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s validée.") % {"version": version})
