from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = _("Sanctions")

    def ready(self):
        # competitions and matches ask for suspensions and incident records without importing this app.
        from competitions import suspensions
        from matches import dashboard, reporting

        from .dashboard import QUEUES
        from .proposals import record_incidents
        from .selectors import cup_suspensions

        suspensions.register("sanctions", cup_suspensions)
        reporting.register_incident_recorder(record_incidents)
        for queue in QUEUES:
            dashboard.register(queue)
