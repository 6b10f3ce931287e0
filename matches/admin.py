from django.contrib import admin

from cupfaf.admin import ReadOnlyTabularInline

from . import services
from .models import Goal, Match


class GoalInline(ReadOnlyTabularInline):
    model = Goal
    fields = ["minute", "injury_time", "team", "scorer", "type"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
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
        "home_regular_time",
        "away_regular_time",
        "home_extra_time",
        "away_extra_time",
        "home_penalties",
        "away_penalties",
        "winner",
        "awarded_reason",
        "awarded_article",
        "version",
        "last_updated",
    ]
    editable_fields = ["kickoff", "venue", "league"]
    autocomplete_fields = ["venue"]
    inlines = [GoalInline]

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
