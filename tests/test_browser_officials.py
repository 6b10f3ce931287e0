"""The officials' desk in a real browser (Debian's Chromium, Playwright), on a phone-sized screen.

A reporter of the LFP signs in, sees only the LFP's matches, reports a match decided on penalties
(the shoot-out fields appear once the score is level), sees an impossible shoot-out refused with its
article, cannot validate their own report; a validator validates it; the API says it is official;
the Arabic page reads right to left; a reporter of another league gets a 404. Screenshots go to
$SCREENSHOTS_DIR (default: screenshots/, ignored by git).
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from clubs.models import League
from matches.models import Match
from tests.conftest import user_with_role
from tests.test_browser import CHROMIUM, browser, watched  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Une-phrase-de-passe-2026"
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", Path(settings.BASE_DIR) / "screenshots"))


@pytest.fixture
def desk(seeded_edition):
    lfp, lirf = League.objects.get(code="LFP"), League.objects.get(code="LIRF")
    Match.objects.filter(round__stage="LAST_64", number__lte=16).update(league=lfp)
    Match.objects.filter(round__stage="LAST_64", number__gt=16).update(league=lirf)
    user_with_role("lfp-reporter", "league_official", league=lfp, password=PASSWORD)
    user_with_role("lfp-validator", "league_validator", league=lfp, password=PASSWORD)
    user_with_role("lirf-reporter", "league_official", league=lirf, password=PASSWORD)
    return {number: Match.objects.get(round__stage="LAST_64", number=number).pk for number in (13, 17)}


def phone(browser, locale="fr-FR"):  # noqa: F811
    page = watched(browser, locale=locale)
    page.set_viewport_size(PHONE)
    return page


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(base + "/officials/")


def fits_the_screen(page):
    """Nothing wider than the phone: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_report_on_a_phone_validate_and_see_it_official(live_server, desk, browser):  # noqa: F811
    base = live_server.url
    page = phone(browser)
    sign_in(page, base, "lfp-reporter")
    assert page.locator("li.match").count() == 16
    assert fits_the_screen(page)
    page.click(f"a[href='/officials/matches/{desk[13]}/']")
    page.click("text=Saisir le résultat")
    assert page.locator("#id_extra_time_home").count() == 1
    assert page.locator("details.shootout[open]").count() == 0  # no shoot-out before a level score
    shoot(page, "report-form-phone-fr")
    assert fits_the_screen(page)

    for field, value in {
        "half_time_home": "0",
        "half_time_away": "1",
        "regular_time_home": "1",
        "regular_time_away": "1",
        "extra_time_home": "0",
        "extra_time_away": "0",
        "attendance": "15000",
        "gate_receipts": "900000",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_goals-0-team", "AWAY")
    page.fill("#id_goals-0-minute", "30")
    page.fill("#id_goals-0-scorer", "Zouari")
    page.select_option("#id_goals-1-team", "HOME")
    page.fill("#id_goals-1-minute", "88")
    page.fill("#id_goals-1-scorer", "Rahmani")
    page.click("button[name=check]")
    # Level after extra time: the shoot-out fields appear, with the engine's words.
    assert "les tirs au but désignent le vainqueur" in page.inner_text("main")
    assert page.locator("details.shootout[open]").count() == 1
    page.fill("#id_penalties_home", "4")
    page.fill("#id_penalties_away", "4")
    page.click("button[name=check]")
    refusal = page.locator("tr.error-row").first.inner_text()
    assert "(art. 18.1)" in refusal and "ne finit pas sur 4-4" in refusal
    page.fill("#id_penalties_home", "5")
    page.click("button[name=check]")
    assert "Vérifiez: voici exactement ce qui sera enregistré" in page.inner_text("main")
    assert "5 – 4" in page.inner_text("main")
    shoot(page, "report-confirm-phone-fr")
    page.click("button[name=confirm]")
    page.wait_for_url(f"{base}/officials/matches/{desk[13]}/")
    assert "Saisi, en attente de validation" in page.inner_text("main")
    assert page.locator("text=Valider la version").count() == 0

    # The server refuses the reporter's own validation, whatever the page shows.
    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    refused = page.request.post(
        f"{base}/officials/matches/{desk[13]}/validate/", form={"number": "1"}, headers={"X-CSRFToken": csrf}
    )
    assert refused.status == 403

    validator = phone(browser)
    sign_in(validator, base, "lfp-validator")
    validator.goto(f"{base}/officials/matches/{desk[13]}/")
    validator.click("text=Valider la version 1")
    assert "le résultat est officiel" in validator.inner_text("main")
    assert fits_the_screen(validator)
    shoot(validator, "match-history-phone-fr")
    validator.goto(f"{base}/api/v1/matches/{desk[13]}/")
    body = json.loads(validator.inner_text("body"))
    assert body["resultStatus"] == "OFFICIAL" and body["score"]["penalties"] == {"home": 5, "away": 4}
    assert page.problems == [] and validator.problems == []


def test_the_desk_in_arabic_reads_right_to_left(live_server, desk, browser):  # noqa: F811
    base = live_server.url
    page = phone(browser)
    sign_in(page, base, "lfp-reporter")
    page.select_option("#language", "ar")
    page.click("form.language button")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert fits_the_screen(page)
    shoot(page, "my-matches-phone-ar")
    page.goto(f"{base}/officials/matches/{desk[13]}/report/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert fits_the_screen(page)
    shoot(page, "report-form-phone-ar")
    # The choice holds across pages, and back to English.
    page.select_option("#language", "en")
    page.click("form.language button")
    assert page.get_attribute("html", "lang") == "en" and "Half-time" in page.inner_text("main")
    assert page.problems == []


def test_another_leagues_reporter_gets_a_404(live_server, desk, browser):  # noqa: F811
    base = live_server.url
    page = phone(browser)
    sign_in(page, base, "lirf-reporter")
    assert page.locator("li.match").count() == 16
    assert page.locator(f"a[href='/officials/matches/{desk[13]}/']").count() == 0
    for suffix in ("", "report/"):
        response = page.goto(f"{base}/officials/matches/{desk[13]}/{suffix}")
        assert response.status == 404
