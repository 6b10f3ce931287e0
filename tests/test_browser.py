"""Pages in a real browser (Debian's Chromium driven by Playwright): the admin and the API docs work
under the Content-Security-Policy, with no violation reported, and the staff can act in them.

Skipped where Chromium is not installed (`.ci/run` installs it: `apt-get install chromium`).
"""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "a long pass phrase for staff"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own database calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()
        # Queries made while Playwright's loop ran opened a connection of their own: close it here.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def watched(browser, locale="fr-FR"):
    """A page that remembers every Content-Security-Policy violation and script error it meets."""
    page = browser.new_page(locale=locale)
    page.problems = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def test_staff_log_in_and_use_the_admin_under_the_csp(live_server, seeded_edition, django_user_model, browser):
    django_user_model.objects.create_user("federation", password=PASSWORD, is_staff=True, is_superuser=True)
    page = watched(browser)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "federation")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/competitions/draw/")
    # The list's "select all" box is the admin's own script: it runs only if the CSP lets it.
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == 2
    from matches.models import Match

    page.goto(live_server.url + f"/admin/matches/match/{Match.objects.order_by('pk').first().pk}/change/")
    assert page.locator("#match_form").count() == 1
    assert page.problems == []


def test_the_api_docs_render_under_the_csp(live_server, browser):
    page = watched(browser)
    page.goto(live_server.url + "/api/v1/docs/")
    # Swagger UI draws the operations with its script, from the schema it fetches.
    page.wait_for_selector("text=/api/v1/matches/", timeout=20_000)
    assert page.problems == []


def test_the_lockout_page_says_when_to_retry(live_server, django_user_model, browser, settings):
    django_user_model.objects.create_user("federation", password=PASSWORD, is_staff=True)
    page = watched(browser)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "federation")
        page.fill("#id_password", "guess")
        page.click("input[type=submit]")
    assert "réessayez dans 15 minutes" in page.inner_text("body")
    assert page.problems == []
    in_arabic = watched(browser, locale="ar")
    in_arabic.goto(live_server.url + "/admin/login/")
    in_arabic.fill("#id_username", "federation")
    in_arabic.fill("#id_password", PASSWORD)
    in_arabic.click("input[type=submit]")
    assert "محاولات دخول فاشلة كثيرة" in in_arabic.inner_text("body")
    assert in_arabic.get_attribute("html", "dir") == "rtl"
