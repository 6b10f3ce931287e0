from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CupfafConfig(AppConfig):
    """What every app shares: the audit trail, roles and permissions, errors, the API's input rules."""

    name = "cupfaf"
    verbose_name = _("Fédération")
