from django.contrib import admin, messages
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from cupfaf.admin import AuditedAdminMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import AuditEntry, Category, Draw, Edition, MatchFormat, Pairing, Phase, Regulation, Round, SanctionRule
from .services import copy_regulation


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

    @admin.action(description=_("Créer l'édition suivante du règlement (copie à modifier)"))
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


@admin.register(Edition)
class EditionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "season", "category", "regulation", "winner"]
    list_filter = ["season", "category"]
    readonly_fields = ["slug", "winner"]  # the winner is decided by the final, not typed in
    inlines = [PhaseInline, RoundInline]


class PairingInline(ReadOnlyTabularInline):
    """A draw's pairings as drawn: a record, never edited by hand."""

    model = Pairing
    fields = ["number", "home_club", "away_club", "home_winner_of", "away_winner_of"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Draws are recorded by `import_draw` (and the draw service); here staff read them."""

    list_display = ["round", "status", "method", "performed_at", "published_at"]
    list_filter = ["status", "round__edition"]
    inlines = [PairingInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only for everyone."""

    list_display = ["created_at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_label"]
