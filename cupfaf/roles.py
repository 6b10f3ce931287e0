"""The roles of the cup, as groups of named permissions, and the one check every service makes.

Who may do what is decided here and in the services, never in a view: the admin, the API and the
forms call the same service, which calls `authorize`, so they cannot disagree. A superuser keeps
every right. A command acting without a user (`actor=None`, an `actor_label`) is the system.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Forbidden

VIEW_ALL = [
    "clubs.view_club",
    "clubs.view_clubseason",
    "clubs.view_clubalias",
    "clubs.view_division",
    "clubs.view_league",
    "clubs.view_region",
    "clubs.view_season",
    "clubs.view_stadium",
    "clubs.view_wilaya",
    "competitions.view_category",
    "competitions.view_cupfinal",
    "competitions.view_draw",
    "competitions.view_edition",
    "competitions.view_entry",
    "competitions.view_regulation",
    "competitions.view_round",
    "matches.view_match",
    "matches.view_resultreport",
    "sanctions.view_incident",
    "sanctions.view_sanction",
    "cupfaf.view_auditentry",
]

# role code: (group name, what the role is for, permissions beyond reading everything)
ROLES = {
    "competitions_manager": (
        gettext_lazy("Responsable des compétitions"),
        gettext_lazy("Éditions, engagements, qualifiés par région, programmation des matchs, règlement, palmarès."),
        [
            "competitions.add_edition",
            "competitions.change_edition",
            "competitions.enter_clubs",
            "competitions.set_regional_quota",
            "competitions.add_regulation",
            "competitions.change_regulation",
            "competitions.add_entry",
            "competitions.add_cupfinal",
            "competitions.change_cupfinal",
            "competitions.delete_entry",
            "matches.change_match",
            "matches.schedule_match",
            "clubs.add_club",
            "clubs.change_club",
            "clubs.add_clubseason",
            "clubs.change_clubseason",
            "clubs.add_stadium",
            "clubs.change_stadium",
        ],
    ),
    "draw_officer": (
        gettext_lazy("Responsable des tirages"),
        gettext_lazy("Prépare, effectue, publie et annule les tirages; saisit les tirages en cérémonie."),
        [
            "competitions.prepare_draw",
            "competitions.perform_draw",
            "competitions.publish_draw",
            "competitions.cancel_draw",
            "competitions.record_ceremony_draw",
        ],
    ),
    "results_officer": (
        gettext_lazy("Responsable des résultats"),
        gettext_lazy("Saisit, corrige et valide les résultats de tous les matchs."),
        ["matches.report_result", "matches.validate_result"],
    ),
    "disciplinary_commission": (
        gettext_lazy("Commission de discipline"),
        gettext_lazy("Décide les sanctions proposées et les appels."),
        ["sanctions.decide_sanction", "sanctions.change_sanction"],
    ),
    "finance": (
        gettext_lazy("Finances"),
        gettext_lazy("Enregistre le paiement des amendes."),
        ["sanctions.record_fine_payment", "sanctions.change_sanction"],
    ),
    "auditor": (
        gettext_lazy("Auditeur"),
        gettext_lazy("Lit tout, ne change rien."),
        [],
    ),
    "league_official": (
        gettext_lazy("Officiel de ligue"),
        gettext_lazy("Saisit le résultat des matchs de sa ligue."),
        ["matches.report_league_result"],
    ),
    "league_validator": (
        gettext_lazy("Validateur de ligue"),
        gettext_lazy("Valide les résultats des matchs de sa ligue."),
        ["matches.validate_league_result"],
    ),
    "media": (
        gettext_lazy("Médias"),
        gettext_lazy("Lit l'API publique avec un jeton, à un débit plus élevé."),
        ["matches.read_at_media_rate"],
    ),
}
# Federation staff read everything in the admin; league officials and media do not use it.
STAFF_ROLES = ("competitions_manager", "draw_officer", "results_officer", "disciplinary_commission", "finance", "auditor")


def permissions_of(role):
    """The permissions ("app.codename") a role grants."""
    extra = ROLES[role][2]
    return sorted(set(extra) | set(VIEW_ALL)) if role in STAFF_ROLES else sorted(extra)


def group_name(role):
    """The name of the group that is `role` (groups are named in French, the federation's language)."""
    from django.utils import translation

    with translation.override("fr"):
        return str(ROLES[role][0])


def sync_roles(group_model, permission_model, *, missing_ok=False):
    """Create or update one group per role with exactly its permissions (run again, it changes nothing).

    `missing_ok` is for the migration that first creates the groups: a permission of a model that a
    later migration adds does not exist yet then, and the sync after every migrate adds it.
    """
    for role in ROLES:
        group, _created = group_model.objects.get_or_create(name=group_name(role))
        wanted = []
        for name in permissions_of(role):
            app_label, codename = name.split(".")
            found = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is None and not missing_ok:
                raise LookupError(f"Role {role}: no permission {name}")
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)


def may(actor, permission):
    """True when `actor` holds `permission` ("app.codename"); None is the system (a command), which may."""
    if actor is None:
        return True
    return bool(actor.is_active and actor.has_perm(permission))


def authorize(actor, permission, message=None):
    """Refuse (Forbidden, a 403 in the API and a message in the admin) an actor without `permission`."""
    if not may(actor, permission):
        raise Forbidden(message or _("Vous n'avez pas le droit de faire cela (%(permission)s).") % {"permission": permission})
