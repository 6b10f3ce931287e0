from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    """After every migrate (and flush), the roles' groups hold exactly what `cupfaf.roles` says."""
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    sync_roles(Group, Permission)


class CupfafConfig(AppConfig):
    """What every app shares: the audit trail, roles and permissions, errors, the API's input rules."""

    name = "cupfaf"
    verbose_name = _("Fédération")
    default = True  # this module also names two other apps' configs: "cupfaf" in INSTALLED_APPS is this one

    def ready(self):
        # Sent once per app after its permissions are created: ours is the last app that matters.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="cupfaf-sync-roles")
        from .api_cache import data_changed

        # Any write to the cup's data makes the API's cached answers stale, once it commits.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(data_changed, dispatch_uid=f"cupfaf-api-cache-{signal}")


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout), named in the admin in the staff's language rather than "AXES"."""

    verbose_name = _("Connexions et verrouillages")


class KnoxConfig(AppConfig):
    """django-rest-knox (the API's tokens), named in the admin in the staff's language rather than "KNOX"."""

    name = "knox"
    verbose_name = _("Jetons de l'API")
