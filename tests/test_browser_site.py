"""The public site in a real browser (Debian's Chromium driven by Playwright): every page in French
and in Arabic, on a desktop and on a 360-pixel phone, rendered (its screenshot is not blank), nothing
wider than the screen, no Content-Security-Policy violation; a fan's walk from the home page to a
shoot-out, a club's calendar and the 1990 winner; the site without JavaScript.

Screenshots go to `screenshots/site-*.png` (SCREENSHOTS_DIR to move them).
"""

import base64

import pytest
from playwright.sync_api import expect

from competitions.history import load_history
from competitions.models import Draw
from competitions.reference import FIXTURES
from matches import draws
from matches.demo import load_demo_results
from matches.models import Match
from tests.drawing import decide_round
from tests.test_browser import CHROMIUM, browser, watched  # noqa: F401 (fixture)
from tests.test_browser_officials import PHONE, SCREENSHOTS

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]
DESKTOP = {"width": 1280, "height": 900}
SLUG = "2023-24-seniors-men"
# Colours sampled from a screenshot: a blank (or unstyled, single-colour) page has one or two.
COUNT_COLOURS = """async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < pixels.length; i += 4 * 37) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
  return seen.size;
}"""


@pytest.fixture
def cup(seeded_edition):
    """The demo edition with its 1/32 and 1/16 results from public sources, and the cup's history."""
    load_demo_results(seeded_edition, FIXTURES / "results-2023-24.csv")
    load_history(actor_label="test")
    return seeded_edition


def reader(browser, language, size):  # noqa: F811
    context = browser.new_context(viewport=size, locale={"fr": "fr-FR", "ar": "ar-DZ"}[language])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def rendered(page, name):
    """Save the page's screenshot and check it: drawn (not one colour), nothing wider than the viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    picture = page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate(COUNT_COLOURS, base64.b64encode(picture).decode()) > 8, f"{name}: blank"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: wider than {width} px"
    assert page.problems == [], name


def test_every_page_renders_in_french_and_arabic_on_a_desktop_and_a_phone(live_server, cup, browser):  # noqa: F811
    shootout = Match.objects.get(round__stage="LAST_32", number=6)
    pages = {
        "home": "/",
        "edition": f"/editions/{SLUG}/",
        "round": f"/editions/{SLUG}/last_32/",
        "match": f"/matchs/{shootout.pk}/",
        "club": f"/clubs/{shootout.home_club_id}/",
        "draw": f"/tirages/{Draw.objects.get(round__stage='LAST_64').pk}/",
        "decisions": "/decisions/",
        "history": "/palmares/",
        "club-history": "/palmares/es-setif/",
    }
    for language in ("fr", "ar"):
        for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page = reader(browser, language, size)
            page.goto(live_server.url + f"/langue/{language}/?next=/")
            for name, url in pages.items():
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
                rendered(page, f"site-{name}-{language}-{size_name}")
            page.context.close()


def test_the_bracket_mirrors_in_arabic_and_scrolls_inside_its_box_on_a_phone(live_server, cup, browser):  # noqa: F811
    page = reader(browser, "ar", PHONE)
    page.goto(live_server.url + f"/langue/ar/?next=/editions/{SLUG}/")
    columns = page.locator(".bracket .round")
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert second["x"] < first["x"]  # right to left: the 1/32 on the right, the 1/16 to its left
    scroller = page.locator(".bracket")
    assert page.evaluate("e => e.scrollWidth > e.clientWidth", scroller.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_bracket_after_the_demo_s_1_32_shows_its_winners_in_the_1_16_slots(live_server, cup, browser):  # noqa: F811
    page = reader(browser, "fr", DESKTOP)
    page.goto(live_server.url + f"/editions/{SLUG}/")
    sixteenth = page.locator(".bracket .round").nth(1).locator("li")
    assert sixteenth.count() == 16
    # n° 1: the winner of n° 13 (no shoot-out score found: not reported) hosts MO Constantine, winner of n° 28.
    assert sixteenth.nth(0).inner_text().split("\n")[:3] == ["n° 1", "Vainqueur du n° 13", "MO Constantine"]
    # n° 2: ASO Chlef (winner of n° 9) – US Biskra (n° 25), which won the shoot-out 5-3.
    second = sixteenth.nth(1)
    assert "ASO Chlef" in second.inner_text() and "US Biskra" in second.inner_text()
    assert second.locator(".team.won .name").inner_text() == "US Biskra"
    for match in Match.objects.filter(round__stage="LAST_64", winner__isnull=False):
        assert page.locator(".bracket .round").nth(1).get_by_text(match.winner.name, exact=True).count() == 1


def test_a_draw_not_published_is_not_shown(live_server, seeded_edition, browser, django_user_model):  # noqa: F811
    staff = django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    performed = draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff), actor=staff)
    page = reader(browser, "fr", DESKTOP)
    page.goto(live_server.url + f"/editions/{SLUG}/")
    assert page.locator(".bracket .round").count() == 2 and page.get_by_text("8e de finale").count() == 0
    assert page.goto(live_server.url + f"/tirages/{performed.pk}/").status == 404
    hidden = Match.objects.filter(round__stage="LAST_16").first()
    assert page.goto(live_server.url + f"/matchs/{hidden.pk}/").status == 404


def test_a_fan_on_a_phone_follows_the_bracket_in_arabic_to_a_shootout_a_calendar_and_the_1990_winner(live_server, cup, browser):  # noqa: F811
    page = reader(browser, "fr", PHONE)
    page.goto(live_server.url + "/")
    page.click("a[hreflang=ar]")
    assert page.get_attribute("html", "lang") == "ar"
    page.click(f"a[href='/editions/{SLUG}/']")  # the bracket
    assert page.get_attribute("html", "lang") == "ar"  # the language is kept from page to page
    shootout = Match.objects.get(round__stage="LAST_32", number=6)
    page.click(f".bracket a[href='/matchs/{shootout.pk}/']")
    row = page.locator("tr.shootout")
    # ES Sétif (home) 8, CS Constantine 9: each number in its club's column, right to left.
    home, away = row.locator("td").nth(0), row.locator("td").nth(1)
    assert (home.inner_text(), away.inner_text()) == ("8", "9")
    assert home.bounding_box()["x"] > away.bounding_box()["x"]
    page.click(f"a[href='/clubs/{shootout.away_club_id}/']")
    subscribe = page.locator("a[href^='webcal://']")
    # The feed in the reader's language, whatever their calendar application sends.
    assert subscribe.get_attribute("href").endswith(f"/api/v1/clubs/{shootout.away_club_id}/calendar.ics?lang=ar")
    calendar = page.request.get(subscribe.get_attribute("href").replace("webcal://", "http://"))
    assert calendar.status == 200 and "BEGIN:VEVENT" in calendar.text() and "ركلات الترجيح" in calendar.text()
    page.click("a[href='/palmares/']")
    assert "1989-90" in page.locator("#saison-1989").inner_text()
    final_of_1990 = page.locator("#saison-1988").inner_text()
    assert "ES Sétif" in final_of_1990 and "MSP Batna" in final_of_1990 and "1990" in final_of_1990
    rendered(page, "site-fan-history-ar-phone")


def test_the_site_works_without_javascript(live_server, cup, browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.click("a[hreflang=en]")
    assert page.get_attribute("html", "lang") == "en"
    page.click(f"a[href='/editions/{SLUG}/']")
    expect(page.locator(".bracket .round")).to_have_count(2)  # once the page is read to its end
    page.click("a[href='/palmares/']")
    assert page.get_attribute("html", "lang") == "en"
    context.close()
