from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clubs.models import Season
from cupfaf.admin import AuditHistoryMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline, RefusalsAsMessagesMixin
from matches.admin import MatchAdmin
from cupfaf.errors import Refused
from cupfaf.roles import may

from . import services
from .models import Incident, Sanction, SanctionStatus


class IncidentInline(ReadOnlyTabularInline):
    """A match's incidents, shown on its admin page: sanctions extends the match admin (it depends on matches)."""

    model = Incident
    fields = ["type", "team", "minute", "description", "reported_by", "reported_at"]


MatchAdmin.inlines = [*MatchAdmin.inlines, IncidentInline]


@admin.register(Incident)
class IncidentAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Incidents come with match reports; staff read them here and decide their sanctions."""

    list_display = ["match", "type", "team", "minute", "reported_by", "reported_at"]
    list_filter = ["type"]
    list_select_related = ["match__round__edition", "match__home_club", "match__away_club", "reported_by"]


class SanctionDecisionForm(forms.ModelForm):
    """A proposed sanction: staff confirm it, amend it, or cancel it, with a reason."""

    # No decision is chosen for staff: confirming applies the sanction, so it is never the default.
    DECISIONS = [
        ("", _("— choisissez une décision —")),
        ("confirm", _("Confirmer (et appliquer)")),
        ("amend", _("Modifier la proposition")),
        ("cancel", _("Annuler")),
        ("paid", _("Amende payée")),
    ]
    decision = forms.ChoiceField(label=_("décision"), choices=DECISIONS)
    decision_reason = forms.CharField(
        label=_("motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour modifier ou annuler."),
    )

    class Meta:
        model = Sanction
        fields = ["kind", "amount", "points", "first_season", "last_season", "article"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("amend", "cancel") and not cleaned.get("decision_reason", "").strip():
            self.add_error("decision_reason", _("Dites pourquoi."))
        return cleaned


@admin.register(Sanction)
class SanctionAdmin(AuditHistoryMixin, RefusalsAsMessagesMixin, admin.ModelAdmin):
    """Sanctions the engine proposed; each decision goes through `sanctions.services` and the audit trail."""

    form = SanctionDecisionForm
    list_display = ["club", "kind", "amount", "points", "article", "status", "fine_state", "incident"]
    list_filter = ["status", "kind", "fine_state", "regulation", "incident__match__round__edition"]
    search_fields = ["club__name"]
    list_select_related = [
        "club",
        "incident__match__round__edition",
        "incident__match__home_club",
        "incident__match__away_club",
    ]
    actions = ["confirm_selected"]
    AMENDABLE = ["kind", "amount", "points", "first_season", "last_season", "article"]

    FACTS = [
        "incident",
        "club",
        "league",
        "covers",
        "regulation",
        "note",
        "status",
        "fine_state",
        "reason",
        "decided_by",
        "decided_at",
    ]

    @admin.display(description=_("éditions couvertes"))
    def covers(self, sanction):
        """A cup suspension in words: the editions it bars the club from, by their seasons."""
        if sanction.first_season is None:
            return "—"
        seasons = [Season(start_year=year).label for year in range(sanction.first_season, (sanction.last_season or sanction.first_season) + 1)]
        return _("Coupe d'Algérie %(seasons)s") % {"seasons": ", ".join(seasons)}

    def get_fields(self, request, obj=None):
        return [*self.FACTS, *self.AMENDABLE, "decision", "decision_reason"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.FACTS)
        if obj is not None and obj.status != SanctionStatus.PROPOSED:
            readonly += self.AMENDABLE
        return readonly

    def has_add_permission(self, request):
        return False  # sanctions come from incidents

    def has_delete_permission(self, request, obj=None):
        return False  # a sanction is cancelled, never deleted

    def save_model(self, request, obj, form, change):
        decision, reason = form.cleaned_data["decision"], form.cleaned_data.get("decision_reason", "")
        if decision == "amend":
            changes = {name: form.cleaned_data[name] for name in self.AMENDABLE if name in form.changed_data}
            services.amend_sanction(obj, actor=request.user, reason=reason, **changes)
        elif decision == "confirm":
            services.confirm_sanction(obj, actor=request.user, reason=reason)
        elif decision == "cancel":
            services.cancel_sanction(obj, actor=request.user, reason=reason)
        else:
            services.record_fine_payment(obj, actor=request.user)

    def has_decide_permission(self, request):
        return may(request.user, "sanctions.decide_sanction")

    @admin.action(
        description=_("Confirmer les sanctions sélectionnées (et les appliquer)"), permissions=["decide"]
    )
    def confirm_selected(self, request, queryset):
        done = 0
        for sanction in queryset.order_by("id"):
            try:
                services.confirm_sanction(sanction, actor=request.user)
                done += 1
            except Refused as refusal:
                self.message_user(request, f"{sanction}: {refusal.detail}", messages.ERROR)
        if done:
            self.message_user(
                request, ngettext("%(n)s sanction confirmée.", "%(n)s sanctions confirmées.", done) % {"n": done}
            )
