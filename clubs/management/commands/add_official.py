import os
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clubs.models import League
from clubs.services import add_official
from cupfaf import audit
from cupfaf.errors import Refused


class Command(BaseCommand):
    help = (
        "Create a league official (a reporter, or with --validator a validator) of the league CODE. The password "
        "comes from OFFICIAL_PASSWORD when set, else is generated and printed once. Run again, it changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--league", required=True, help="The league's code: LFP, LIRF…")
        parser.add_argument("--validator", action="store_true", help="A validator instead of a reporter.")

    def handle(self, *args, username, league, validator, **options):
        found = League.objects.filter(code__iexact=league).first()
        if found is None:
            known = ", ".join(League.objects.order_by("code").values_list("code", flat=True)) or "-"
            raise CommandError(_("Ligue inconnue: %(league)s (ligues: %(known)s)") % {"league": league, "known": known})
        password = os.environ.get("OFFICIAL_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            with audit.acting_via("commande add_official"):
                user, created = add_official(
                    username, found, validator=validator, password=password, actor_label="add_official"
                )
        except Refused as refusal:
            raise CommandError(str(refusal.detail)) from None
        if not created:
            self.stdout.write(_("%(username)s existe déjà (%(league)s): rien n'a changé.") % {"username": username, "league": found.code})
            return
        role = _("validateur") if validator else _("officiel (saisie)")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(username)s créé: %(role)s de la ligue %(league)s.")
                % {"username": username, "role": role, "league": found.code}
            )
        )
        if generated:
            self.stdout.write(_("Mot de passe (affiché une seule fois): %(password)s") % {"password": password})
