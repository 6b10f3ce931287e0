"""Federation staff's jobs in a real browser (Debian's Chromium, Playwright), as staff do them: the
dashboard, a draw prepared, performed, published and verified from its buttons, a round scheduled,
a sanction decided, a fine paid, a club import with a bad line refused; in French and Arabic, on a
desktop and a phone, under the Content-Security-Policy. Screenshots go to $SCREENSHOTS_DIR.
"""

import datetime

import pytest
from playwright.sync_api import expect

from clubs.models import Club, Stadium
from competitions.models import Draw
from matches.models import Match
from sanctions.models import Sanction

from .conftest import user_with_role
from .drawing import decide_round
from .test_browser import CHROMIUM, browser, watched  # noqa: F401 (fixture)
from .test_browser_officials import PHONE, fits_the_screen, shoot
from .test_sanctions import stop_for_lack_of_balls

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Une-phrase-de-passe-2026"


def staff_page(browser, base, username, locale="fr-FR", size=None):  # noqa: F811
    page = watched(browser, locale=locale)
    if size:
        page.set_viewport_size(size)
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    return page


def test_the_dashboard_says_what_waits_in_french_and_arabic_on_a_phone(live_server, seeded_edition, browser):  # noqa: F811
    user_with_role("chief", None, is_superuser=True, is_staff=True, password=PASSWORD)
    page = staff_page(browser, live_server.url, "chief")
    dashboard = page.locator("section.dashboard").inner_text()
    assert "Tour en cours" in dashboard and "32e de finale" in dashboard
    assert "Matchs sans coup d'envoi ou sans stade" in dashboard or "sans coup d'envoi" in dashboard
    shoot(page, "staff-dashboard-desktop-fr")
    arabic = staff_page(browser, live_server.url, "chief", locale="ar", size=PHONE)
    assert arabic.locator("html[dir=rtl]").count() == 1
    assert fits_the_screen(arabic)
    shoot(arabic, "staff-dashboard-phone-ar")
    assert page.problems == [] and arabic.problems == []


def test_a_draw_prepared_performed_published_and_verified_from_its_buttons(live_server, seeded_edition, browser):  # noqa: F811
    boss = user_with_role("officer", "draw_officer", password=PASSWORD)
    decide_round(seeded_edition, "LAST_64", boss.__class__.objects.create_user("results", is_staff=True, is_superuser=True))
    decide_round(seeded_edition, "LAST_32", boss.__class__.objects.get(username="results"))
    base = live_server.url
    page = staff_page(browser, base, "officer")
    page.goto(base + "/admin/competitions/draw/prepare/")
    page.select_option("#id_edition", label=seeded_edition.name)
    page.select_option("#id_stage", label="8e de finale")  # by its name, never a code
    page.click("input[type=submit]")
    page.wait_for_url("**/change/")
    assert "Tirage préparé" in page.inner_text("ul.messagelist")
    page.click("text=Effectuer le tirage")
    page.click("input[type=submit]")
    page.wait_for_url("**/change/")
    assert "Tirage effectué" in page.inner_text("ul.messagelist")
    page.click("text=Publier le tirage")
    assert "ne peut plus être annulé" in page.inner_text("#content-main")
    page.click("input[type=submit]")
    page.wait_for_url("**/change/")
    drawn = Draw.objects.get(round__stage="LAST_16")
    assert drawn.status == "PUBLISHED" and drawn.published_by == boss
    page.click("text=Vérifier le tirage")
    assert "Tirage vérifié" in page.inner_text("#content-main")
    shoot(page, "staff-draw-verified-desktop-fr")
    assert page.problems == []


def test_a_round_is_scheduled_on_one_page_on_a_phone(live_server, seeded_edition, browser):  # noqa: F811
    user_with_role("manager", "competitions_manager", password=PASSWORD)
    stadium = Stadium.objects.create(name="Stade du 1er-Novembre-1954", city="Tizi Ouzou", capacity=20_000)
    base = live_server.url
    page = staff_page(browser, base, "manager", size=PHONE)
    page.goto(base + "/admin/matches/match/")
    page.click("text=Programmer un tour")
    page.select_option("#id_round", label=f"{seeded_edition} — 32e de finale")
    page.click("text=Ouvrir")
    page.click("text=Proposer le stade habituel du club recevant aux matchs sans stade")
    # A click waits for the next page to start, not to be read to its end: wait for all 32 lines.
    expect(page.locator("fieldset.schedule-match")).to_have_count(32)
    assert fits_the_screen(page)
    first, second = (Match.objects.get(round__stage="LAST_64", number=n).pk for n in (1, 2))
    page.fill(f"#id_match-{first}-kickoff", "2024-02-03T14:00")
    page.select_option(f"#id_match-{first}-venue", value=str(stadium.pk))
    page.fill(f"#id_match-{second}-postponement_reason", "Terrain impraticable")
    page.click("input[type=submit]")
    assert "2 matchs mis à jour" in page.inner_text("ul.messagelist")
    assert "au moins 2\u202f000 pour les visiteurs (art. 11.4)" in page.inner_text("#content-main").replace("\xa0", "\u202f")
    first, second = Match.objects.get(round__stage="LAST_64", number=1), Match.objects.get(round__stage="LAST_64", number=2)
    assert (first.venue, first.status, second.status) == (stadium, "TIMED", "POSTPONED")
    assert first.kickoff == datetime.datetime(2024, 2, 3, 13, tzinfo=datetime.UTC)
    shoot(page, "staff-schedule-phone-fr")
    assert page.problems == []


def test_a_sanction_decided_and_its_fine_paid(live_server, seeded_edition, browser):  # noqa: F811
    judge = user_with_role("judge", "disciplinary_commission", password=PASSWORD)
    user_with_role("cashier", "finance", password=PASSWORD)
    fine = stop_for_lack_of_balls(13, judge.__class__.objects.create_user("boss", is_staff=True, is_superuser=True))[
        "WA Mostaganem", "FINE"
    ]
    base = live_server.url
    page = staff_page(browser, base, "judge")
    page.goto(f"{base}/admin/sanctions/sanction/{fine.pk}/change/")
    assert page.input_value("#id_decision") == ""  # no decision is chosen for staff
    page.select_option("#id_decision", "confirm")
    page.click("input[name=_save]")
    assert Sanction.objects.get(pk=fine.pk).status == "CONFIRMED"

    cashier = staff_page(browser, base, "cashier", locale="ar", size=PHONE)
    cashier.goto(f"{base}/admin/sanctions/fine/")
    assert fits_the_screen(cashier)
    shoot(cashier, "staff-fines-ledger-phone-ar")
    cashier.goto(f"{base}/admin/sanctions/fine/{fine.pk}/change/")
    cashier.fill("#id_paid_on", datetime.date.today().isoformat())
    cashier.fill("#id_payment_reference", "CCP 0042")
    cashier.click("input[name=_save]")
    paid = Sanction.objects.get(pk=fine.pk)
    assert (paid.fine_state, paid.payment_reference) == ("PAID", "CCP 0042")
    assert page.problems == [] and cashier.problems == []


def test_a_club_import_with_one_bad_line_is_refused_and_writes_nothing(live_server, seeded_edition, browser, tmp_path):  # noqa: F811
    user_with_role("manager", "competitions_manager", password=PASSWORD)
    roster = tmp_path / "clubs.csv"
    roster.write_text(
        "club,sigle,wilaya,stade,ville,capacité,division,ligue\n"
        "JS Kabylie,JSK,15,Stade du 1er-Novembre-1954,Tizi Ouzou,20000,L1,LFP\n"
        "Nouveau Club,,77,,,,L1,LFP\n",
        encoding="utf-8",
    )
    base = live_server.url
    page = staff_page(browser, base, "manager")
    page.goto(base + "/admin/clubs/club/")
    page.click("text=Importer (CSV, Excel)")
    page.select_option("#id_season", label="2023-24")
    page.set_input_files("#id_file", str(roster))
    page.click("input[type=submit]")
    table = page.inner_text(".roster-table")
    assert "Wilaya inconnue" in table and "à corriger" in table
    assert page.locator("text=Importer ces lignes").count() == 0
    assert not Club.objects.filter(name="Nouveau Club").exists() and not Stadium.objects.exists()
    shoot(page, "staff-import-refused-desktop-fr")
    assert page.problems == []
