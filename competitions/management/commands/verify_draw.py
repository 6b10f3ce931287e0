from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from competitions.models import Draw
from competitions.verification import verify


class Command(BaseCommand):
    help = _(
        "Recalcule un tirage du logiciel à partir de ses données publiées (participants, graine) et dit s'il "
        "correspond aux appariements enregistrés. Code de sortie 1 sinon."
    )

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, draw_id, **options):
        drawn = Draw.objects.select_related("round__edition", "drawn_with").filter(pk=draw_id).first()
        if drawn is None:
            raise CommandError(_("Aucun tirage n° %(id)s.") % {"id": draw_id})
        checks = verify(drawn)
        self.stdout.write(f"{drawn} ({drawn.get_method_display()}, {drawn.get_status_display()})")
        for check in checks:
            mark = _("OK") if check.passed else _("ÉCHEC")
            self.stdout.write(f"[{mark}] {check.name}: {check.detail}")
        if not all(check.passed for check in checks):
            raise CommandError(_("Le tirage ne se vérifie pas."))
        self.stdout.write(self.style.SUCCESS(_("Tirage vérifié: les appariements découlent des données publiées.")))
