import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competitions.draw_import import DrawImportError, import_published_draw
from competitions.models import Edition


class Command(BaseCommand):
    help = (
        "Record a draw published by the federation: numbered pairings with divisions, and the "
        "'Vainqueur N x contre Vainqueur N y' lines of the next round. All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="Edition id or identifier, e.g. 2023-24-seniors_men")
        parser.add_argument("--round", required=True, dest="stage", help="Stage code of the drawn round, e.g. LAST_64")
        parser.add_argument("--create-clubs", action="store_true", help="Create the clubs not found (listed)")
        parser.add_argument("--held-on", type=datetime.date.fromisoformat, help="Date of the draw ceremony, YYYY-MM-DD")

    def handle(self, *args, file, edition, stage, create_clubs, held_on, **options):
        lookup = {"pk": int(edition)} if edition.isdigit() else {"slug": edition}
        try:
            edition_obj = Edition.objects.get(**lookup)
        except Edition.DoesNotExist:
            known = ", ".join(Edition.objects.values_list("slug", flat=True)) or "aucune"
            raise CommandError(f"Édition inconnue: {edition} (éditions: {known})") from None
        text = read_utf8(file)
        try:
            report = import_published_draw(
                text,
                edition_obj,
                stage.upper(),
                create_clubs=create_clubs,
                held_on=held_on,
                actor_label=f"import_draw {file.name}",
            )
        except DrawImportError as error:
            raise CommandError(
                f"{file}: rien n'a été importé.\n" + "\n".join(f"  {line}" for line in error.errors)
            ) from None
        write_report(self.stdout, self.style, report)


def read_utf8(path):
    """The file's text; an unreadable file or one not in UTF-8 is a clear error naming the line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Lecture impossible de {path}: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommandError(
            f"{path}, ligne {line}: le fichier n'est pas en UTF-8; enregistrez-le en UTF-8 et recommencez."
        ) from None


def write_report(out, style, report):
    """Print what an import did; shared with load_demo."""
    out.write(f"{report.pairings} appariements, {report.bracket_lines} lignes du tour suivant lues.")
    for name in report.draws_created:
        out.write(style.SUCCESS(f"Tirage enregistré: {name}"))
    for name in report.draws_unchanged:
        out.write(f"Tirage déjà enregistré, inchangé: {name}")
    if report.created_clubs:
        out.write(style.WARNING(f"{len(report.created_clubs)} clubs créés:"))
        for line in report.created_clubs:
            out.write(f"  + {line}")
    for line in report.conflicts:
        out.write(style.WARNING(f"Conflit de division: {line}"))
