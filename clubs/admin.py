from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from cupfaf.admin import AuditedAdminMixin

from .models import Club, ClubAlias, ClubSeason, Division, League, Region, Season, Stadium, User, Wilaya


class ClubAliasInline(admin.TabularInline):
    model = ClubAlias
    extra = 1


class ClubSeasonInline(admin.TabularInline):
    model = ClubSeason
    extra = 1
    autocomplete_fields = ["season"]


@admin.register(Club)
class ClubAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "wilaya"]
    list_filter = ["seasons__division", "wilaya"]
    search_fields = ["name", "short_name", "aliases__name"]
    inlines = [ClubAliasInline, ClubSeasonInline]
    autocomplete_fields = ["stadium"]


@admin.register(ClubSeason)
class ClubSeasonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["club", "season", "division", "league"]
    list_filter = ["season", "division"]
    search_fields = ["club__name"]
    autocomplete_fields = ["club"]


@admin.register(Season)
class SeasonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    search_fields = ["start_year"]


@admin.register(Division)
class DivisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["rank", "code", "name", "printed_tags"]


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Wilaya)
class WilayaAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "region"]
    list_editable = ["region"]
    search_fields = ["name"]


@admin.register(League)
class LeagueAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region"]


@admin.register(Stadium)
class StadiumAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "city", "capacity"]
    search_fields = ["name", "city"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Ligue"), {"fields": ["league"]})]
    list_display = [*BaseUserAdmin.list_display, "league"]
    list_filter = [*BaseUserAdmin.list_filter, "league"]

    def has_delete_permission(self, request, obj=None):
        # The trail names the user who acts: deleting oneself mid-action would break it.
        return super().has_delete_permission(request, obj) and obj != request.user
