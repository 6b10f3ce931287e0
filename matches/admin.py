from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from competitions.regulation import gate_receipts_share, visiting_supporters_minimum
from competitions.selectors import rulebook_for
from cupfaf.admin import AuditHistoryMixin, ReadOnlyTabularInline
from sanctions.models import Incident

from . import services
from .models import Goal, Match


class GoalInline(ReadOnlyTabularInline):
    model = Goal
    fields = ["minute", "injury_time", "team", "scorer", "type"]


class IncidentInline(ReadOnlyTabularInline):
    model = Incident
    fields = ["type", "team", "minute", "description", "reported_by", "reported_at"]


@admin.register(Match)
class MatchAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Staff schedule matches here; results and decisions go through the result and sanction services."""

    list_display = ["__str__", "status", "kickoff", "venue", "winner"]
    list_filter = ["round__edition", "round__stage", "status"]
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
        "league",
        "status",
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
        "gate_receipts",
        "faf_share",
        "reported_by",
        "reported_at",
        "version",
        "last_updated",
    ]
    editable_fields = ["kickoff", "venue", "league"]
    autocomplete_fields = ["venue"]
    inlines = [GoalInline, IncidentInline]

    @admin.display(description=_("places minimum pour les supporters visiteurs"))
    def visiting_supporters(self, match):
        if match.venue is None:
            return "—"
        decision = visiting_supporters_minimum(match.venue.capacity, rulebook_for(match.round.edition.regulation))
        return _("%(seats)s places (art. %(article)s), sauf accord écrit entre les deux clubs") % {
            "seats": decision.value,
            "article": decision.article,
        }

    @admin.display(description=_("quote-part de la FAF"))
    def faf_share(self, match):
        if match.gate_receipts is None:
            return "—"
        decision = gate_receipts_share(match.gate_receipts, rulebook_for(match.round.edition.regulation))
        return _("%(amount)s DA à verser à %(payee)s (art. %(article)s)") % {
            "amount": decision.value.amount,
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
