from django.contrib import admin
from django.db import transaction

from competitions import audit

from .models import Goal, Match


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ["minute", "injury_time", "team", "scorer", "type"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    """Staff schedule matches here; results and decisions go through the result and sanction services."""

    list_display = ["__str__", "status", "kickoff", "venue", "winner"]
    list_filter = ["round__edition", "round__stage", "status"]
    search_fields = ["home_club__name", "away_club__name"]
    list_select_related = ["round__edition", "home_club", "away_club", "winner", "venue"]
    fields = [
        "round", "number", "home_club", "away_club", "next_match", "next_slot", "kickoff", "venue", "league",
        "status", "home_regular_time", "away_regular_time", "home_extra_time", "away_extra_time",
        "home_penalties", "away_penalties", "winner", "awarded_reason", "awarded_article", "version",
        "last_updated",
    ]
    readonly_fields = [
        "round", "number", "home_club", "away_club", "next_match", "next_slot", "status",
        "home_regular_time", "away_regular_time", "home_extra_time", "away_extra_time",
        "home_penalties", "away_penalties", "winner", "awarded_reason", "awarded_article", "version",
        "last_updated",
    ]
    autocomplete_fields = ["venue"]
    inlines = [GoalInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record("match.scheduled", obj, actor=request.user,
                         data={field: str(form.cleaned_data[field]) for field in form.changed_data})
