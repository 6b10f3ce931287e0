from django.contrib import admin, messages
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from clubs.models import Club
from cupfaf.admin import AuditedAdminMixin, AuditHistoryMixin, RefusalsAsMessagesMixin
from cupfaf.errors import Refused
from cupfaf.roles import may

from .history import final_score
from .models import Category, CupFinal, Edition, Entry, MatchFormat, Phase, RegionalQuota, Regulation, Round, SanctionRule
from .services import copy_regulation, enter_clubs, set_regional_quota, withdraw_entry


class MatchFormatInline(admin.TabularInline):
    model = MatchFormat
    extra = 0


class SanctionRuleInline(admin.TabularInline):
    model = SanctionRule
    extra = 0
    fields = [
        "order",
        "incident",
        "penalty",
        "party",
        "phases",
        "category_groups",
        "divisions",
        "amount",
        "points",
        "seasons",
        "article",
        "note",
    ]


@admin.register(Regulation)
class RegulationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The rulebook of each edition of the regulation: durations, percentages, sanctions, with their articles."""

    list_display = ["code", "title"]
    inlines = [MatchFormatInline, SanctionRuleInline]
    actions = ["start_next_edition"]

    @admin.action(description=_("Créer l'édition suivante du règlement (copie à modifier)"), permissions=["add"])
    def start_next_edition(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez une seule édition à copier."), messages.ERROR)
            return
        source = queryset.get()
        code = str(int(source.code) + 1) if source.code.isdigit() else f"{source.code}-2"
        try:
            copy = copy_regulation(source, code=code, title=f"{source.title} → {code}", actor=request.user)
        except IntegrityError:
            self.message_user(request, _("L'édition %(code)s existe déjà.") % {"code": code}, messages.ERROR)
            return
        except Refused as refusal:
            self.message_user(request, str(refusal.detail), messages.ERROR)
            return
        self.message_user(
            request,
            _("Édition %(code)s créée: modifiez ce qui change, puis choisissez-la pour les éditions de la Coupe.")
            % {"code": copy.code},
        )


@admin.register(Category)
class CategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["order", "code", "name", "group"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["stage", "phase", "order", "date"]


class RegionalQuotaInline(admin.TabularInline):
    """Quotas are set through `set_regional_quota` (EditionAdmin.save_formset); a quota is changed, not deleted."""

    model = RegionalQuota
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return may(request.user, "competitions.set_regional_quota")

    def has_add_permission(self, request, obj=None):
        return may(request.user, "competitions.set_regional_quota")


@admin.register(Edition)
class EditionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "season", "category", "regulation", "winner", "entry_count"]
    list_filter = ["season", "category"]
    readonly_fields = ["slug", "winner"]  # the winner is decided by the final, not typed in
    inlines = [PhaseInline, RoundInline, RegionalQuotaInline]
    actions = ["enter_season_clubs"]

    @admin.display(description=_("clubs engagés"))
    def entry_count(self, obj):
        return obj.entries.count()

    def save_formset(self, request, form, formset, change):
        if formset.model is not RegionalQuota:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for quota_form in formset.forms:
            if quota_form.has_changed() and quota_form.is_valid() and quota_form.cleaned_data.get("region"):
                quota = set_regional_quota(
                    form.instance,
                    quota_form.cleaned_data["region"],
                    quota_form.cleaned_data["qualifiers"],
                    actor=request.user,
                )
                formset.changed_objects.append((quota, quota_form.changed_data))
        return None

    def has_enter_clubs_permission(self, request):
        return may(request.user, "competitions.enter_clubs")

    @admin.action(
        description=_("Engager tous les clubs dont la division de la saison est connue"), permissions=["enter_clubs"]
    )
    def enter_season_clubs(self, request, queryset):
        for edition in queryset:
            clubs = Club.objects.filter(seasons__season=edition.season).exclude(entries__edition=edition)
            try:
                created = enter_clubs(edition, clubs, actor=request.user)
            except Refused as refusal:
                self.message_user(request, f"{edition}: {refusal.detail}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(edition)s: %(count)s club(s) engagé(s).") % {"edition": edition, "count": len(created)},
                )


@admin.register(Entry)
class EntryAdmin(AuditHistoryMixin, RefusalsAsMessagesMixin, admin.ModelAdmin):
    """Entries go through `enter_clubs` (which refuses a suspended club) and `withdraw_entry`."""

    list_display = ["club", "edition", "created_at"]
    list_filter = ["edition"]
    search_fields = ["club__name"]
    autocomplete_fields = ["club"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # an entry is made or withdrawn

    def save_model(self, request, obj, form, change):
        enter_clubs(obj.edition, [obj.club], actor=request.user)
        obj.pk = Entry.objects.get(edition=obj.edition, club=obj.club).pk  # the admin links to what was saved

    def delete_model(self, request, obj):
        withdraw_entry(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            withdraw_entry(entry, actor=request.user)


@admin.register(CupFinal)
class CupFinalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The roll of honour the public history page shows: one season per line, edited when a source corrects it."""

    list_display = ["season_label", "held", "winner", "score", "runner_up", "played_on"]
    list_display_links = ["season_label"]
    list_filter = ["held", "extra_time"]
    search_fields = ["winner", "winner_then", "runner_up", "runner_up_then", "=season"]
    fieldsets = [
        (None, {"fields": ["season", "held", "note"]}),
        (_("Finalistes"), {"fields": [("winner", "winner_then"), ("runner_up", "runner_up_then")]}),
        (
            _("Score (du côté du vainqueur)"),
            {
                "fields": [
                    ("winner_goals", "runner_up_goals", "extra_time"),
                    ("winner_penalties", "runner_up_penalties"),
                    ("replay_winner_goals", "replay_runner_up_goals"),
                ]
            },
        ),
        (_("Lieu et sources"), {"fields": ["played_on", "venue", "sources"]}),
    ]

    @admin.display(description=_("saison"), ordering="season")
    def season_label(self, final):
        return final.season_label

    @admin.display(description=_("score"))
    def score(self, final):
        return final_score(final) or "—"
