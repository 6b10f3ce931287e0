from django.contrib import admin

from cupfaf.admin import AuditedAdminMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import AuditEntry, Category, Draw, Edition, MatchFormat, Pairing, Phase, Regulation, Round


class MatchFormatInline(admin.TabularInline):
    model = MatchFormat
    extra = 0


@admin.register(Regulation)
class RegulationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title"]
    inlines = [MatchFormatInline]


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
