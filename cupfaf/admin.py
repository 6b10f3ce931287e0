"""Admin pieces the apps share."""

from django.contrib import admin
from django.db import transaction

from competitions import audit


class ReadOnlyAdminMixin:
    """For records kept by services (draws, the audit trail): staff read them, nobody edits them by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An inline shown for reading: every listed field read-only, no row added or deleted."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class AuditedAdminMixin:
    """Record in the audit trail who added, changed or deleted what through the admin, inlines included.

    For the data decisions rest on (a club's division in a season sets its fines; a round's date,
    an edition's regulation), where no service of its own makes the change.
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
            for deleted in formset.deleted_forms:
                if deleted.instance.pk is not None:
                    audit.record(_action(deleted.instance, "deleted"), deleted.instance, actor=request.user)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit.record(_action(obj, "added"), obj, actor=request.user)
            for obj, fields in formset.changed_objects:
                audit.record(_action(obj, "changed"), obj, actor=request.user, data={"fields": fields})


def _action(obj, verb):
    return f"{obj._meta.model_name}.{verb}"


def _changes(form):
    # Passwords never go into the trail, not even hashed.
    return {name: str(form.cleaned_data.get(name)) for name in form.changed_data if "password" not in name}
