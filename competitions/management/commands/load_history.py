from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from competitions.history import load_history


class Command(BaseCommand):
    help = "Record the cup's roll of honour from fixtures/history.json (the seasons not recorded yet)."

    def handle(self, *args, **options):
        try:
            created = load_history(actor_label="load_history")
        except ValueError as wrong:
            raise CommandError(str(wrong)) from wrong
        self.stdout.write(_("Palmarès: %(count)s saisons enregistrées.") % {"count": created})
