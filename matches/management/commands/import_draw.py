import datetime
import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from competitions.models import Edition
from cupfaf import audit
from matches.draw_import import DrawImportError, import_published_draw


class Command(BaseCommand):
    help = (
        "Record a draw published by the federation: numbered pairings with divisions, and the "
        "'Vainqueur N x contre Vainqueur N y' lines of the next round. All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="Edition id or identifier, e.g. 2023-24-seniors-men")
        parser.add_argument("--round", required=True, dest="stage", help="Stage code of the drawn round, e.g. LAST_64")
        parser.add_argument("--create-clubs", action="store_true", help="Create the clubs not found (listed)")
        parser.add_argument("--held-on", type=datetime.date.fromisoformat, help="Date of the draw ceremony, YYYY-MM-DD")
        parser.add_argument("--by", help="Username of the staff member recording the draw (audit trail)")

    def handle(self, *args, file, edition, stage, create_clubs, held_on, by, **options):
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(_("Utilisateur inconnu: %(username)s") % {"username": by})
        lookup = {"pk": int(edition)} if edition.isascii() and edition.isdigit() else {"slug": edition}
        try:
            edition_obj = Edition.objects.get(**lookup)
        except Edition.DoesNotExist:
            known = ", ".join(Edition.objects.values_list("slug", flat=True)) or "-"
            raise CommandError(
                _("Édition inconnue: %(edition)s (éditions: %(known)s)") % {"edition": edition, "known": known}
            ) from None
        text = read_utf8(file)
        try:
            with audit.acting_via("commande import_draw"):
                report = import_published_draw(
                    text,
                    edition_obj,
                    stage.upper(),
                    create_clubs=create_clubs,
                    held_on=held_on,
                    actor=actor,
                    actor_label=f"import_draw {file.name} ({getpass.getuser()})",
                )
        except DrawImportError as error:
            lines = "\n".join(f"  {line}" for line in error.errors)
            raise CommandError(_("%(file)s: rien n'a été importé.") % {"file": file} + "\n" + lines) from None
        write_report(self.stdout, self.style, report)


def read_utf8(path):
    """The file's text; an unreadable file or one not in UTF-8 is a clear error naming the line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Lecture impossible de %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommandError(
            _("%(file)s, ligne %(line)s: le fichier n'est pas en UTF-8; enregistrez-le en UTF-8 et recommencez.")
            % {"file": path, "line": line}
        ) from None


def write_report(out, style, report):
    """Print what an import did; shared with load_demo."""
    out.write(
        _("%(pairings)s appariements, %(bracket)s lignes du tour suivant lues.")
        % {"pairings": report.pairings, "bracket": report.bracket_lines}
    )
    for name in report.draws_created:
        out.write(style.SUCCESS(_("Tirage enregistré: %(round)s") % {"round": name}))
    for name in report.draws_unchanged:
        out.write(_("Tirage déjà enregistré, inchangé: %(round)s") % {"round": name})
    if report.created_clubs:
        out.write(style.WARNING(_("%(count)s clubs créés:") % {"count": len(report.created_clubs)}))
        for line in report.created_clubs:
            out.write(f"  + {line}")
    for line in report.recorded_divisions:
        out.write(_("Division enregistrée pour la saison: %(record)s") % {"record": line})
    for line in report.conflicts:
        out.write(style.WARNING(_("Conflit de division: %(conflict)s") % {"conflict": line}))
