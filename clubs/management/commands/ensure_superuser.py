import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Create the superuser if missing: DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when set, "
        "else 'admin' with a generated password printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                _(
                    "Superutilisateur « %(username)s » déjà présent (mot de passe inchangé; pour le changer: "
                    ".venv/bin/python manage.py changepassword %(username)s)."
                )
                % {"username": username}
            )
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, password=password, email="")
        if generated:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Superutilisateur créé: %(username)s / %(password)s  (affiché une seule fois: notez-le)")
                    % {"username": username, "password": password}
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Superutilisateur créé: %(username)s") % {"username": username}))
