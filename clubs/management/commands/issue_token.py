"""`manage.py issue_token USERNAME`: a new API token, printed once."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from knox.models import AuthToken


class Command(BaseCommand):
    help = _("Crée un jeton d'API pour un utilisateur et l'affiche une seule fois (il est conservé haché).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, help=_("Validité en jours (par défaut: jusqu'à révocation)."))

    def handle(self, username, days=None, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("Utilisateur inconnu: %(username)s") % {"username": username}) from None
        if not user.is_active:
            raise CommandError(_("L'utilisateur %(username)s est désactivé.") % {"username": username})
        if days is not None and days < 1:
            raise CommandError(_("--days: au moins 1."))
        expiry = datetime.timedelta(days=days) if days is not None else None
        _instance, key = AuthToken.objects.create(user=user, expiry=expiry)
        role = (
            _("personnel de la fédération")
            if user.is_staff
            else (
                _("officiel de la ligue %(league)s") % {"league": user.league}
                if user.league_id
                else _("sans rôle d'écriture")
            )
        )
        self.stderr.write(
            _("Jeton créé pour %(username)s (%(role)s). Notez-le: il ne sera plus affiché.")
            % {"username": username, "role": role}
        )
        self.stdout.write(key)
