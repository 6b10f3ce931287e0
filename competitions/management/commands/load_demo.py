from django.core.management.base import BaseCommand

from competitions.demo import load_demo_edition

from .import_draw import write_report


class Command(BaseCommand):
    help = "Load the demo edition (Coupe d'Algérie Seniors 2023-24 and its published 1/32 draw). Idempotent."

    def handle(self, *args, **options):
        edition, report = load_demo_edition()
        self.stdout.write(f"Édition de démonstration: {edition} ({edition.slug})")
        write_report(self.stdout, self.style, report)
