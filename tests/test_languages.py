"""French is the default language; Arabic (right to left) and English follow."""

import pytest
from django.utils import translation

from matches.draw_import import DrawImportError, import_published_draw


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail", "parameter_message"),
    [
        ("fr", "Saisie invalide.", "Paramètre inconnu."),
        ("en", "Invalid input.", "Unknown parameter."),
        ("ar", "مدخل غير صالح.", "معامل غير معروف."),
    ],
)
def test_api_errors_speak_the_readers_language(client, language, detail, parameter_message):
    body = client.get("/api/v1/matches/?stauts=FINISHED", headers={"accept-language": language}).json()
    assert body["detail"] == detail
    assert body["errors"]["stauts"][0].startswith(parameter_message)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "ligne 2: division manquante: chaque club doit être suivi de sa division entre parenthèses"),
        ("en", "line 2: missing division: each club must be followed by its division in brackets"),
        ("ar", "السطر 2: القسم مفقود: يجب أن يتبع كل نادٍ قسمه بين قوسين"),
    ],
)
def test_import_problems_speak_the_staffs_language(edition, language, message):
    with translation.override(language), pytest.raises(DrawImportError) as refused:
        import_published_draw("1. A (L1) – B (L2)\n2. C (L1) – D\n", edition, "LAST_64")
    assert refused.value.errors[0].startswith(message)


@pytest.mark.django_db
def test_the_admin_speaks_arabic_right_to_left(admin_client):
    page = admin_client.get("/admin/matches/match/", headers={"accept-language": "ar"}).content.decode()
    assert 'dir="rtl"' in page and "المباريات" in page


def test_arabic_amounts_are_grouped_and_times_keep_their_minutes():
    import datetime

    from django.utils import formats, translation

    from cupfaf.numbers import in_dinars

    with translation.override("ar"):
        assert in_dinars(1_000_000).startswith("1.000.000")
        moment = datetime.datetime(2024, 3, 9, 15, 0)
        assert "15:00" in formats.date_format(moment, "DATETIME_FORMAT")
