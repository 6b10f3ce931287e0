import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser if missing: DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD when set, "
        "else 'admin' with a generated password printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Superutilisateur « {username} » déjà présent (mot de passe inchangé).")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, password=password, email="")
        if generated:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Superutilisateur créé: {username} / {password}  (affiché une seule fois: notez-le)"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Superutilisateur créé: {username}"))
