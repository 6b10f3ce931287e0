"""Admin pieces the apps share."""

from django.contrib import admin


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
