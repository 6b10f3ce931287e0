from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cupfaf import audit
from matches.demo import load_demo_edition

from .import_draw import write_report


class Command(BaseCommand):
    help = "Load the demo edition (Coupe d'Algérie Seniors 2023-24 and its published 1/32 draw). Idempotent."

    def handle(self, *args, **options):
        with audit.acting_via("commande load_demo"):
            edition, report = load_demo_edition()
        self.stdout.write(
            _("Édition de démonstration: %(edition)s (%(slug)s)") % {"edition": edition, "slug": edition.slug}
        )
        write_report(self.stdout, self.style, report)
