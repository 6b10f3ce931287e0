import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import HttpResponse, HttpResponseRedirect
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clubs.models import Season
from cupfaf.admin import AuditHistoryMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline, RefusalsAsMessagesMixin
from matches.admin import MatchAdmin
from cupfaf.errors import Refused
from cupfaf.exports import as_text
from cupfaf.numbers import ascii_integer, in_dinars
from cupfaf.roles import may

from . import services
from .models import Fine, FineState, Incident, Sanction, SanctionStatus
from .selectors import fine_totals


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
        fields = list(services.AMENDABLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == SanctionStatus.CONFIRMED:
            # Decided: what is left is the appeal.
            self.fields["decision"].choices = [self.DECISIONS[0], self.DECISIONS[-1]]
        for name in ("first_season", "last_season"):
            if name in self.fields:
                self.fields[name].help_text = _("L'année où la saison commence: 2024 pour la saison 2024-25.")

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in ("amend", "cancel") and not cleaned.get("decision_reason", "").strip():
            self.add_error("decision_reason", _("Dites pourquoi."))
        changed = [name for name in services.AMENDABLE if name in self.changed_data]
        if decision == "confirm" and changed:
            self.add_error(
                "decision",
                _("Vous avez changé la proposition: choisissez « Modifier la proposition » et dites pourquoi, puis confirmez-la."),
            )
        elif decision == "confirm":
            for text in services.confirm_problems(self.instance).get("decision", []):
                self.add_error("decision", text)
        elif decision == "amend" and not self.errors:
            # The proposal as amended, checked as the service will check it; the instance itself is untouched.
            amended = Sanction(**{f.attname: getattr(self.instance, f.attname) for f in Sanction._meta.concrete_fields})
            for name in changed:
                setattr(amended, name, cleaned.get(name))
            for field, texts in services.amend_problems(amended).items():
                for text in texts:
                    self.add_error(field if field in self.fields else None, text)
        return cleaned


@admin.register(Sanction)
class SanctionAdmin(AuditHistoryMixin, RefusalsAsMessagesMixin, admin.ModelAdmin):
    """Sanctions the engine proposed; each decision goes through `sanctions.services` and the audit trail."""

    form = SanctionDecisionForm
    list_display = ["club", "kind", "amount_da", "points", "league", "article", "status", "fine_state", "incident"]
    list_filter = ["status", "kind", "fine_state", "regulation", "incident__match__round__edition"]
    search_fields = ["club__name"]
    list_select_related = [
        "club",
        "league",
        "incident__match__round__edition",
        "incident__match__home_club",
        "incident__match__away_club",
    ]
    actions = ["confirm_selected"]
    AMENDABLE = list(services.AMENDABLE)

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

    @admin.display(description=_("montant"), ordering="amount")
    def amount_da(self, sanction):
        return in_dinars(sanction.amount) if sanction.amount else "—"

    @admin.display(description=_("éditions couvertes"))
    def covers(self, sanction):
        """A cup suspension in words: the editions it bars the club from, by their seasons."""
        if sanction.first_season is None:
            return "—"
        seasons = [Season(start_year=year).label for year in range(sanction.first_season, (sanction.last_season or sanction.first_season) + 1)]
        return _("Coupe d'Algérie %(seasons)s") % {"seasons": ", ".join(seasons)}

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status == SanctionStatus.CANCELLED:
            return [*self.FACTS, *self.AMENDABLE]  # nothing left to decide
        return [*self.FACTS, *self.AMENDABLE, "decision", "decision_reason"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.FACTS)
        if obj is not None and obj.status != SanctionStatus.PROPOSED:
            readonly += self.AMENDABLE
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == SanctionStatus.CANCELLED:
            return False  # nothing left to decide: the page is for reading
        return super().has_change_permission(request, obj)

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
        else:
            services.cancel_sanction(obj, actor=request.user, reason=reason)

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


class FineClubFilter(admin.SimpleListFilter):
    """Only the clubs that owe or owed a fine, not every club of the country."""

    title = _("club")
    parameter_name = "club"

    def lookups(self, request, model_admin):
        return Fine.objects.order_by("club__name").values_list("club_id", "club__name").distinct()

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        club_id = ascii_integer(self.value(), minimum=1)
        return queryset.filter(club_id=club_id) if club_id else queryset.none()


class FinePaymentForm(forms.ModelForm):
    class Meta:
        model = Fine
        fields = ["paid_on", "payment_reference"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            problems = services.payment_problems(cleaned.get("paid_on"), cleaned.get("payment_reference"))
            for field, texts in problems.items():
                for text in texts:
                    self.add_error(field, text)
        return cleaned


@admin.register(Fine)
class FineAdmin(AuditHistoryMixin, RefusalsAsMessagesMixin, admin.ModelAdmin):
    """The fines ledger: by club, season and state, with totals; finance records payments here, with date and reference."""

    form = FinePaymentForm
    list_display = ["club", "season", "amount_da", "fine_state", "decided_at", "paid_on", "payment_reference"]
    list_filter = [
        "fine_state",
        ("incident__match__round__edition__season", admin.RelatedOnlyFieldListFilter),
        ("incident__match__round__edition", admin.RelatedOnlyFieldListFilter),
        FineClubFilter,
    ]
    search_fields = ["club__name", "payment_reference"]
    list_select_related = [
        "club",
        "incident__match__round__edition__season",
        "incident__match__home_club",
        "incident__match__away_club",
    ]
    FACTS = ["club", "amount_da", "article", "incident", "season", "fine_state", "decided_at", "reason"]
    change_list_template = "admin/sanctions/fine/change_list.html"
    # The ledger's columns, shared by the page and the export.
    EXPORT = [
        (_("club"), lambda fine: fine.club.name),
        (_("saison"), lambda fine: fine.incident.match.round.edition.season.label),
        (_("match"), lambda fine: str(fine.incident.match)),
        (_("article"), lambda fine: fine.article),
        (_("montant (DA)"), lambda fine: fine.amount),
        (_("état"), lambda fine: fine.get_fine_state_display()),
        (_("décidée le"), lambda fine: timezone.localdate(fine.decided_at).isoformat()),
        (_("payée le"), lambda fine: fine.paid_on.isoformat() if fine.paid_on else ""),
        (_("référence du paiement"), lambda fine: fine.payment_reference),
    ]

    @admin.display(description=_("saison"), ordering="incident__match__round__edition__season__start_year")
    def season(self, fine):
        return fine.incident.match.round.edition.season.label

    @admin.display(description=_("montant"), ordering="amount")
    def amount_da(self, fine):
        return in_dinars(fine.amount)

    def get_fields(self, request, obj=None):
        return [*self.FACTS, "paid_on", "payment_reference"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.fine_state == FineState.DUE and self.has_change_permission(request, obj):
            return self.FACTS
        return [*self.FACTS, "paid_on", "payment_reference"]

    def has_view_permission(self, request, obj=None):
        return may(request.user, "sanctions.view_sanction")

    def has_change_permission(self, request, obj=None):
        return may(request.user, "sanctions.record_fine_payment") and (obj is None or obj.fine_state == FineState.DUE)

    def has_add_permission(self, request):
        return False  # a fine comes from a decided sanction

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.record_fine_payment(
            obj,
            actor=request.user,
            paid_on=form.cleaned_data.get("paid_on"),
            reference=form.cleaned_data.get("payment_reference", ""),
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            totals = fine_totals(response.context_data["cl"].queryset)
            for row in [*totals["by_state"], totals]:
                row["amount"] = in_dinars(row["total"])
            response.context_data["totals"] = totals
        return response

    def get_urls(self):
        export = path("export/", self.admin_site.admin_view(self.export_view), name="sanctions_fine_export")
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The ledger as the list shows it (same filters, same search), as CSV a spreadsheet opens (semicolons)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            fines = self.get_changelist_instance(request).queryset
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:sanctions_fine_changelist") + "?e=1")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="amendes-%s.csv"' % timezone.localdate().isoformat()
        response.write("\ufeff")  # the byte-order mark makes spreadsheets read the accents as UTF-8
        writer = csv.writer(response, delimiter=";")  # what spreadsheets in French expect
        writer.writerow([str(title) for title, _value in self.EXPORT])
        for fine in fines:
            writer.writerow([as_text(value(fine)) for _title, value in self.EXPORT])
        return response

