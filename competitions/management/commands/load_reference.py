from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from competitions.reference import load_reference_data


class Command(BaseCommand):
    help = "Create the missing reference data (divisions, categories, regulation 2023, leagues, wilayas)."

    def handle(self, *args, **options):
        created = load_reference_data()
        self.stdout.write(_("Données de référence: %(count)s lignes créées.") % {"count": created})
