"""Admin pieces the apps share."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import audit
from .errors import Refused
from .models import AuditEntry


class ReadOnlyAdminMixin:
    """For records kept by services (draws, the audit trail): staff read them, nobody edits them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditHistoryMixin:
    """An object's "Historique" button shows its entries in the audit trail (every change, by any face)."""

    def history_view(self, request, object_id, extra_context=None):
        content_type = ContentType.objects.get_for_model(self.model)
        url = reverse("admin:cupfaf_auditentry_changelist")
        query = urlencode({"content_type__id__exact": content_type.pk, "object_id": object_id})
        return HttpResponseRedirect(f"{url}?{query}")


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An inline shown for reading: every listed field read-only, no row added or deleted."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class RefusalsAsMessagesMixin:
    """A service's refusal (`cupfaf.errors.Refused`) shown as an error message on the page, nothing saved.

    The admin saves in one transaction; the refusal leaves it, so everything rolls back.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            details = [f"{field}: {' '.join(map(str, texts))}" for field, texts in refusal.errors.items()]
            self.message_user(request, " ".join([str(refusal.detail), *details]), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class AuditedAdminMixin(AuditHistoryMixin):
    """Record in the audit trail who added, changed or deleted what through the admin, inlines included.

    For the data decisions rest on (a club's division in a season sets its fines; a round's date,
    an edition's regulation), where no service of its own makes the change. Changes are recorded as
    {field: [before, after]}.
    """

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(_action(obj, "changed" if change else "added"), obj, actor=request.user, data=_changes(form))

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(_action(obj, "deleted"), obj, actor=request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(_action(obj, "deleted"), obj, actor=request.user)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
            for obj in deleted:
                audit.record(_action(obj, "deleted"), obj, actor=request.user)
            changed = [
                (f, "added" if f.instance.pk is None else "changed")
                for f in formset.forms
                if f.has_changed() and f not in formset.deleted_forms
            ]
            super().save_formset(request, form, formset, change)
            for inline_form, verb in changed:
                obj = inline_form.instance
                audit.record(_action(obj, verb), obj, actor=request.user, data=_changes(inline_form))


def _action(obj, verb):
    return f"{obj._meta.model_name}.{verb}"


def _changes(form):
    """{field: [before, after]} for each changed field; passwords never go into the trail, not even hashed."""
    return {
        name: [_shown(form, name, form.initial.get(name)), _value(form.cleaned_data.get(name))]
        for name in form.changed_data
        if "password" not in name
    }


def _shown(form, name, raw):
    """A form's initial value as people read it: the object an id stands for, not the id."""
    if raw in (None, "", []):
        return None
    try:
        return _value(form.fields[name].to_python(raw))
    except (ValidationError, TypeError, ValueError):
        return _value(raw)


def _value(value):
    if value is None:
        return None
    if isinstance(value, QuerySet | list | tuple | set):
        return [str(item) for item in value]
    return str(value)


class ActionFilter(admin.SimpleListFilter):
    """The audit trail's actions in words, in the order staff read them, not as codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        recorded = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((action, audit.action_label(action)) for action in recorded), key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only for everyone; `?content_type=…&object_id=…` is one object's history."""

    list_display = ["created_at", "actor_label", "via", "action_name", "object_repr", "data"]
    list_filter = [ActionFilter, "content_type"]
    search_fields = ["object_repr", "actor_label", "via"]
    list_select_related = ["content_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, entry):
        return audit.action_label(entry.action)

    def lookup_allowed(self, lookup, value, request=None):
        return lookup in ("object_id", "content_type", "content_type__id__exact") or super().lookup_allowed(
            lookup, value, request
        )
