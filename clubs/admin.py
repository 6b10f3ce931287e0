import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cupfaf.admin import AuditedAdminMixin
from cupfaf.errors import Refused
from cupfaf.roles import may

from . import roster
from .services import add_official

from .models import Club, ClubAlias, ClubSeason, Division, League, Region, Season, Stadium, User, Wilaya


class ClubAliasInline(admin.TabularInline):
    model = ClubAlias
    extra = 1


class ClubSeasonInline(admin.TabularInline):
    model = ClubSeason
    extra = 1
    autocomplete_fields = ["season"]


class RosterImportForm(forms.Form):
    season = forms.ModelChoiceField(Season.objects.all(), label=_("saison"))
    file = forms.FileField(
        label=_("fichier"),
        help_text=_(
            "CSV (UTF-8, virgules ou points-virgules), XLSX ou ODS. Colonnes: club, sigle, wilaya, stade, ville, "
            "capacité, division, ligue; club et division sont obligatoires. Un export s'importe tel quel."
        ),
    )


class RosterExportForm(forms.Form):
    season = forms.ModelChoiceField(Season.objects.all(), label=_("saison"))
    format = forms.ChoiceField(label=_("format"), choices=[("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("ods", "ODS")])


ROSTER_SALT = "clubs.roster.preview"


@admin.register(Club)
class ClubAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "wilaya", "stadium"]
    list_filter = ["seasons__season", "seasons__division", "wilaya"]
    list_select_related = ["wilaya", "stadium"]
    search_fields = ["name", "short_name", "aliases__name"]
    inlines = [ClubAliasInline, ClubSeasonInline]
    autocomplete_fields = ["stadium"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="clubs_club_import"),
            path("export/", view(self.export_view), name="clubs_club_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"may_import": may_import_roster(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)

    def import_view(self, request):
        """A season's clubs from a file: a preview of every line (what it does, or what is wrong), then the import."""
        if not may_import_roster(request.user):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": _("Importer des clubs")}
        if request.method == "POST" and "preview" in request.POST:
            return self._import_checked(request, context)
        form = RosterImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, season = form.cleaned_data["file"], form.cleaned_data["season"]
            try:
                rows, ignored = roster.load_file(upload.read(roster.MAX_BYTES + 1), upload.name)
            except Refused as refusal:
                form.add_error("file", str(refusal.detail))
            else:
                lines = roster.read_roster(rows, season)
                context |= {
                    "season": season,
                    "lines": lines,
                    "wrong": [line for line in lines if line.problems],
                    "ignored": ignored,
                    "columns": roster.COLUMNS,
                    "preview": signing.dumps({"season": season.pk, "rows": rows}, salt=ROSTER_SALT, compress=True),
                    "title": _("Importer des clubs: vérification"),
                }
                return TemplateResponse(request, "admin/clubs/club/import_preview.html", context)
        return TemplateResponse(request, "admin/clubs/club/roster_form.html", context | {"form": form, "uploading": True})

    def _import_checked(self, request, context):
        try:
            checked = signing.loads(request.POST["preview"], salt=ROSTER_SALT, max_age=3600)
            season = Season.objects.get(pk=checked["season"])
        except (signing.BadSignature, Season.DoesNotExist, KeyError, TypeError):
            self.message_user(request, _("Cette vérification a expiré ou a été modifiée: envoyez le fichier à nouveau."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:clubs_club_import"))
        try:
            lines = roster.import_roster(checked["rows"], season, actor=request.user)
        except Refused as refusal:
            self.message_user(request, refusal.detail, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:clubs_club_import"))
        written = [line for line in lines if line.new_club or line.changes]
        self.message_user(
            request,
            _("%(season)s: fichier importé (%(lines)s lignes). Nouveaux clubs: %(new)s; clubs modifiés: %(changed)s.")
            % {
                "season": season,
                "lines": len(lines),
                "new": sum(line.new_club for line in written),
                "changed": sum(not line.new_club for line in written),
            },
        )
        return HttpResponseRedirect(f"{reverse('admin:clubs_club_changelist')}?seasons__season__id__exact={season.pk}")

    def export_view(self, request):
        """A season's clubs as a file, in the columns the import reads."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = RosterExportForm(request.GET or None)
        if form.is_valid():
            season, file_format = form.cleaned_data["season"], form.cleaned_data["format"]
            content, content_type = roster.export_roster(season, file_format)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="clubs-{season.label}.{file_format}"'
            return response
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form, "title": _("Exporter des clubs")}
        return TemplateResponse(request, "admin/clubs/club/roster_form.html", context)


def may_import_roster(user):
    return all(may(user, permission) for permission in roster.IMPORT_PERMISSIONS)


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


class AddOfficialForm(forms.Form):
    """A league official: their league and their role at the desk (reporter or validator)."""

    username = forms.CharField(label=_("Nom d'utilisateur"), max_length=150, validators=[UnicodeUsernameValidator()])
    email = forms.EmailField(
        label=_("Adresse électronique"), required=False, help_text=_("Pour qu'il puisse réinitialiser son mot de passe.")
    )
    league = forms.ModelChoiceField(League.objects.order_by("name"), label=_("Ligue"))
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[
            ("reporter", _("Officiel de ligue: saisit les résultats")),
            ("validator", _("Validateur de ligue: valide les résultats saisis par un autre")),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Vide: un mot de passe est tiré au hasard et affiché une seule fois."),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if password:
            password_validation.validate_password(password, User(username=self.cleaned_data.get("username", "")))
        return password


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Ligue"), {"fields": ["league"]})]
    list_display = [*BaseUserAdmin.list_display, "league", "roles"]
    list_filter = [*BaseUserAdmin.list_filter, "league"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("league").prefetch_related("groups")

    @admin.display(description=_("rôles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "—"

    def has_delete_permission(self, request, obj=None):
        # The trail names the user who acts: deleting oneself mid-action would break it.
        return super().has_delete_permission(request, obj) and obj != request.user

    def get_urls(self):
        return [
            path("add-official/", self.admin_site.admin_view(self.add_official_view), name="clubs_user_add_official"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"may_add_official": may(request.user, "auth.add_user"), **(extra_context or {})}
        return super().changelist_view(request, context)

    def add_official_view(self, request):
        """Create a league official through `add_official`, as `manage.py add_official` does."""
        if not may(request.user, "auth.add_user"):
            raise PermissionDenied
        form = AddOfficialForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            password = data["password"] or secrets.token_urlsafe(12)
            try:
                user, created = add_official(
                    data["username"],
                    data["league"],
                    validator=data["role"] == "validator",
                    password=password,
                    email=data["email"],
                    actor=request.user,
                )
            except Refused as refusal:
                form.add_error("username", str(refusal.detail))
            else:
                if not created:
                    self.message_user(
                        request,
                        _("L'officiel « %(user)s » existe déjà avec ce rôle: rien n'a changé, pas même son mot de passe.")
                        % {"user": user},
                    )
                elif data["password"]:
                    self.message_user(request, _("Officiel créé: « %(user)s ».") % {"user": user})
                else:
                    self.message_user(
                        request,
                        _("Officiel créé: « %(user)s ». Mot de passe (affiché une seule fois): %(password)s")
                        % {"user": user, "password": password},
                        messages.WARNING,
                    )
                return HttpResponseRedirect(reverse("admin:clubs_user_change", args=[user.pk]))
        return TemplateResponse(
            request,
            "admin/clubs/user/add_official.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form, "title": _("Ajouter un officiel de ligue")},
        )
