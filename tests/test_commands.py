"""The commands behind `make run` and the federation's import, as staff run them."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from clubs.models import Club
from competitions.models import Draw, Edition
from cupfaf.models import AuditEntry
from tests.conftest import user_with_role
from matches.models import Match

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_loads_once(reference):
    first = run("load_demo")
    assert "64 clubs créés" in first and "Tirage enregistré: 32e de finale" in first
    counts = (Club.objects.count(), Match.objects.count(), Draw.objects.count(), Edition.objects.count())
    assert counts == (64, 48, 2, 1)
    # The roster of fixtures/clubs-2023-24.csv: every club entered, stadiums where public sources give a capacity.
    assert Edition.objects.get().entries.count() == 64
    assert Club.objects.get(name="JS Kabylie").stadium.capacity == 20_000
    assert Club.objects.exclude(stadium=None).count() >= 30 and Club.objects.exclude(wilaya=None).count() >= 60
    trail = AuditEntry.objects.count()
    second = run("load_demo") + run("load_reference")
    assert "clubs créés" not in second and "0 lignes créées" in second
    assert (Club.objects.count(), Match.objects.count(), Draw.objects.count(), Edition.objects.count()) == counts
    assert AuditEntry.objects.count() == trail  # loaded again, nothing changed, nothing in the trail


@pytest.mark.django_db
def test_import_draw_command_reports_clubs_and_conflicts(edition, tmp_path, seed_text):
    path = tmp_path / "tirage.txt"
    path.write_text(seed_text, encoding="utf-8")
    output = run("import_draw", str(path), "--edition", edition.slug, "--round", "LAST_64", "--create-clubs")
    assert "64 clubs créés" in output and "+ NA Hussein-Dey (L2)" in output
    assert "Tirage enregistré: 16e de finale" in output
    again = run("import_draw", str(path), "--edition", str(edition.pk), "--round", "last_64")
    assert "inchangé: 32e de finale" in again and "clubs créés" not in again


@pytest.mark.django_db
def test_import_draw_command_names_the_bad_line(edition, tmp_path, seed_text):
    path = tmp_path / "tirage.txt"
    path.write_text(seed_text.replace("WO Boufarik (L2)", "WO Boufarik"), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run("import_draw", str(path), "--edition", edition.slug, "--round", "LAST_64", "--create-clubs")
    assert "rien n'a été importé" in str(refused.value)
    assert "ligne 33: division manquante" in str(refused.value)
    assert Club.objects.count() == 0


@pytest.mark.django_db
def test_import_draw_command_explains_a_file_not_in_utf8(edition, tmp_path, seed_text):
    path = tmp_path / "tirage.txt"
    path.write_bytes(seed_text.encode("latin-1", errors="replace"))
    with pytest.raises(CommandError, match="ligne 2: le fichier n'est pas en UTF-8; enregistrez-le en UTF-8"):
        run("import_draw", str(path), "--edition", edition.slug, "--round", "LAST_64")


@pytest.mark.django_db
def test_import_draw_command_records_the_ceremony_date(edition, tmp_path, seed_text):
    path = tmp_path / "tirage.txt"
    path.write_text(seed_text, encoding="utf-8")
    run(
        "import_draw",
        str(path),
        "--edition",
        edition.slug,
        "--round",
        "LAST_64",
        "--create-clubs",
        "--held-on",
        "2024-01-14",
    )
    assert str(Draw.objects.get(round__stage="LAST_64").held_on) == "2024-01-14"


@pytest.mark.django_db
def test_import_draw_command_records_who_recorded_the_draw(edition, tmp_path, seed_text, django_user_model):
    clerk = user_with_role("greffier", "draw_officer", password="a long pass phrase")
    path = tmp_path / "tirage.txt"
    path.write_text(seed_text, encoding="utf-8")
    run("import_draw", str(path), "--edition", edition.slug, "--round", "LAST_64", "--create-clubs", "--by", "greffier")
    draw = Draw.objects.get(round__stage="LAST_64")
    assert draw.performed_by == clerk and draw.published_by == clerk
    entry = AuditEntry.objects.filter(action="draw.imported").first()
    assert entry.actor == clerk and entry.actor_label.startswith("import_draw tirage.txt (")
    assert entry.via == "commande import_draw"
    with pytest.raises(CommandError, match="Utilisateur inconnu: personne"):
        run("import_draw", str(path), "--edition", edition.slug, "--round", "LAST_64", "--by", "personne")


@pytest.mark.django_db
def test_import_draw_command_refuses_an_unknown_edition(reference, tmp_path):
    with pytest.raises(CommandError, match="Édition inconnue: 1999-00-seniors-men"):
        run("import_draw", str(tmp_path / "x.txt"), "--edition", "1999-00-seniors-men", "--round", "LAST_64")


@pytest.mark.django_db
def test_superuser_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "staff")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long pass phrase")
    assert "Superutilisateur créé: staff" in run("ensure_superuser")
    user = get_user_model().objects.get(username="staff")
    assert user.is_superuser and user.check_password("a long pass phrase")
    assert "déjà présent" in run("ensure_superuser")


@pytest.mark.django_db
def test_generated_superuser_password_is_printed_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    output = run("ensure_superuser")
    password = output.split("admin / ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert password not in run("ensure_superuser")


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cupfaf.settings.production",
        SECRET_KEY="x" * 30 + "-production-key-for-the-check-only-" + "y" * 20,
        ALLOWED_HOSTS="coupe.faf.dz",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_SETTINGS_MODULE="cupfaf.settings.production", ALLOWED_HOSTS="coupe.faf.dz")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_add_official_creates_a_reporter_or_a_validator_once(reference, monkeypatch):
    from django.contrib.auth import get_user_model

    out = run("add_official", "lfp-saisie", "--league", "LFP")
    assert "Mot de passe (affiché une seule fois)" in out
    user = get_user_model().objects.get(username="lfp-saisie")
    assert user.league.code == "LFP" and [g.name for g in user.groups.all()] == ["Officiel de ligue"]
    assert user.has_perm("matches.report_league_result") and not user.has_perm("matches.report_result")
    password = out.rsplit(": ", 1)[1].strip()
    assert user.check_password(password)

    assert "rien n'a changé" in run("add_official", "lfp-saisie", "--league", "LFP")
    assert get_user_model().objects.get(username="lfp-saisie").check_password(password)

    monkeypatch.setenv("OFFICIAL_PASSWORD", "une phrase de passe longue")
    out = run("add_official", "lfp-validation", "--league", "lfp", "--validator")
    assert "Mot de passe" not in out
    validator = get_user_model().objects.get(username="lfp-validation")
    assert validator.check_password("une phrase de passe longue") and validator.has_perm("matches.validate_league_result")
    entry = AuditEntry.objects.get(action="user.roles", object_id=str(validator.pk))
    assert entry.via == "commande add_official" and entry.data["league"] == [None, str(validator.league)]

    with pytest.raises(CommandError, match="autre ligue ou un autre rôle"):
        run("add_official", "lfp-saisie", "--league", "LIRF")
    with pytest.raises(CommandError, match="Ligue inconnue: XYZ"):
        run("add_official", "someone", "--league", "XYZ")
