"""The public site: its pages show the published data only, in the reader's language, from the API's
selectors and cache, at a number of queries that does not grow with the edition (issue 13)."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.history import load_history
from competitions.models import CupFinal, Draw
from competitions.regulation.results import ReportedGoal, ReportedResult
from competitions.regulation.score import Pair, Score, Side
from matches import draws
from matches.models import Match
from matches.services import Report, award_match, report_result, validate_report
from sanctions.models import Sanction
from sanctions.services import confirm_sanction

from .conftest import user_with_role
from .drawing import decide_round
from .test_officials import shootout_report
from .test_sanctions import stop_for_lack_of_balls

pytestmark = pytest.mark.django_db
SLUG = "2023-24-seniors-men"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)


def match(stage, number):
    return Match.objects.get(round__stage=stage, number=number)


def page(client, url, language="fr"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def text(html):
    """The page's words, without its tags, spaces made single."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def every_page():
    """One URL of each page of the site, on the seeded edition."""
    return [
        "/",
        f"/editions/{SLUG}/",
        f"/editions/{SLUG}/last_64/",
        f"/matchs/{match('LAST_64', 13).pk}/",
        f"/clubs/{match('LAST_64', 13).home_club_id}/",
        f"/tirages/{Draw.objects.get(round__stage='LAST_64').pk}/",
        "/decisions/",
        "/palmares/",
        "/palmares/cr-belouizdad/",
    ]


def bracket_column(html, stage_name):
    """The bracket's column of one round, as text."""
    section = re.search(r'<section class="round[^"]*"[^>]*>\s*<h3[^>]*><a[^>]*>' + re.escape(stage_name) + r"</a>.*?</section>", html, re.S)
    assert section, stage_name
    return text(section.group(0))


def test_every_page_answers_in_french_and_in_arabic_right_to_left(client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    load_history(actor_label="test")
    for url in every_page():
        french = page(client, url)
        assert '<html lang="fr" dir="ltr">' in french and "Coupe d'Algérie" in french, url
        arabic = page(client, url, "ar")
        assert '<html lang="ar" dir="rtl">' in arabic and "كأس الجزائر" in arabic, url
        assert 'aria-current="true">العربيّة' in arabic, url  # the switch says which language is on


def test_the_home_page_says_the_round_being_played_the_latest_results_the_next_fixtures_and_the_last_draw(client, seeded_edition, staff):
    report_result(match("LAST_64", 13), shootout_report(), actor=staff)
    html = page(client, "/")
    assert "Coupe d'Algérie Seniors garçons 2023-24" in text(html)
    now = text(html.split('id="results"')[0])
    assert "Le tour en cours" in now and "32e de finale" in now and "Dernier tirage: 16e de finale" in now
    results = text(html.split('id="results"')[1].split('id="fixtures"')[0])
    assert "NA Hussein-Dey" in results and "1 (4) – (3) 1" in results and "tirs au but" in results
    assert "résultat provisoire" in results
    fixtures = text(html.split('id="fixtures"')[1])
    assert "JS Azazga" in fixtures and "NA Hussein-Dey" not in fixtures  # played: no longer to come


def test_the_bracket_is_a_tree_and_shows_the_winners_of_the_1_32_in_their_1_16_slots(client, seeded_edition, staff):
    before = page(client, f"/editions/{SLUG}/")
    sixteenth = bracket_column(before, "16e de finale")
    # The seed's bracket line 1: the winner of n° 13 hosts the winner of n° 28.
    assert sixteenth.startswith("16e de finale 20 février 2024 n° 1 Vainqueur du n° 13 Vainqueur du n° 28")
    # The 1/32's column follows the tree: n° 13 and n° 28, which feed the 1/16's n° 1, come first.
    assert re.findall(r"n° (\d+)", bracket_column(before, "32e de finale"))[:4] == ["13", "28", "9", "25"]
    decide_round(seeded_edition, "LAST_64", staff)
    after = bracket_column(page(client, f"/editions/{SLUG}/"), "16e de finale")
    assert "Vainqueur du n°" not in after
    assert after.startswith("16e de finale 20 février 2024 n° 1 NA Hussein-Dey MO Constantine")
    winners = {m.winner.name for m in Match.objects.filter(round__stage="LAST_64")}
    assert all(name in after for name in winners)


def test_a_draw_not_published_never_shows(client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    performed = draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff), actor=staff)
    hidden = Match.objects.filter(round__stage="LAST_16")
    assert hidden.count() == 8
    edition = page(client, f"/editions/{SLUG}/")
    assert "8e de finale" not in edition
    for url in [f"/tirages/{performed.pk}/", f"/editions/{SLUG}/last_16/", *(f"/matchs/{m.pk}/" for m in hidden)]:
        assert client.get(url).status_code == 404, url
    club = hidden.first().home_club_id
    assert "8e de finale" not in page(client, f"/clubs/{club}/")
    draws.publish_draw(performed, actor=staff)
    assert "8e de finale" in page(client, f"/editions/{SLUG}/")
    assert client.get(f"/tirages/{performed.pk}/").status_code == 200


def test_a_match_decided_on_penalties_says_each_period_and_the_shootout_on_its_own_line(client, seeded_edition, staff):
    goals = (ReportedGoal(Side.HOME, 12, scorer="Gasmi"), ReportedGoal(Side.AWAY, 90, 3, "PENALTY", "Belkacem"))
    report = Report(ReportedResult(Score(Pair(1, 0), Pair(1, 1), Pair(0, 0), Pair(4, 3)), goals))
    played = report_result(match("LAST_64", 13), report, actor=staff)
    html = page(client, f"/matchs/{played.pk}/")
    words = text(html)
    assert "Temps réglementaire (90 minutes) 1 1" in words
    assert "Prolongation (buts marqués) 0 0" in words and "Après prolongation 1 1" in words
    assert '<tr class="shootout"><th scope="row">Tirs au but</th><td>4</td><td>3</td></tr>' in html
    assert "NA Hussein-Dey se qualifie aux tirs au but." in words
    assert "Résultat provisoire" in words and "12′ Gasmi" in words and "90+3′ Belkacem (penalty)" in words
    assert "Le qualifié joue le match n° 1 du tour suivant, 16e de finale" in words
    validate_report(played, number=1, actor=user_with_role("second", "results_officer"))
    assert "Résultat officiel." in text(page(client, f"/matchs/{played.pk}/"))


def test_a_match_lost_by_penalty_gives_the_decision_its_reason_and_article(client, seeded_edition, staff):
    awarded = match("LAST_64", 13)
    award_match(awarded, loser=awarded.home_club, reason="Club absent au coup d'envoi", article="21", actor=staff)
    words = text(page(client, f"/matchs/{awarded.pk}/"))
    assert "Match gagné sur décision par WA Mostaganem." in words
    assert "Match perdu par pénalité, article 21 du règlement." in words and "Motif: Club absent au coup d'envoi" in words


def test_a_club_page_gives_its_division_each_season_its_matches_and_its_calendar(client, seeded_edition, staff):
    load_history(actor_label="test")
    crb = match("LAST_64", 3).away_club
    html = page(client, f"/clubs/{crb.pk}/")
    words = text(html)
    assert "2023-24 Ligue 1" in words and "JS Kabylie" in words  # its 1/32 match
    assert f'href="webcal://testserver/api/v1/clubs/{crb.pk}/calendar.ics?lang=fr"' in html
    assert f'href="http://testserver/api/v1/clubs/{crb.pk}/calendar.ics?lang=fr"' in html
    assert "9 finales depuis 1963" in words or "finales depuis 1963" in words
    assert client.get(f"/api/v1/clubs/{crb.pk}/calendar.ics").status_code == 200


def test_a_software_draw_shows_its_commitment_seed_and_how_to_check_it(client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    drawn = draws.publish_draw(
        draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff), actor=staff), actor=staff
    )
    words = text(page(client, f"/tirages/{drawn.pk}/"))
    assert drawn.inputs_hash in words and drawn.seed_hash in words and drawn.seed in words
    assert "Refaites le tirage" in words and words.count("Conforme:") == 3 and "Non conforme" not in words
    ceremony = text(page(client, f"/tirages/{Draw.objects.get(round__stage='LAST_64').pk}/"))
    assert "cérémonie publique" in ceremony and "JS Kabylie – contre CR Belouizdad" in ceremony


def test_public_decisions_are_the_confirmed_sanctions_with_their_article(client, seeded_edition, staff):
    proposed = stop_for_lack_of_balls(13, staff)
    assert "Aucune décision publiée." in page(client, "/decisions/")  # proposed: not a decision yet
    confirm_sanction(proposed[("NA Hussein-Dey", "FINE")], actor=staff)
    words = text(page(client, "/decisions/"))
    assert "NA Hussein-Dey: Amende · 1 000 000 DA" in words and "art. 19.2" in words
    assert Sanction.objects.filter(status="PROPOSED").count() == len(proposed) - 1
    assert "Match perdu par pénalité" not in words.split("Les sanctions confirmées")[1]


def test_the_history_lists_every_season_since_1963_its_records_and_a_club_s_finals(client, reference):
    assert load_history(actor_label="test") == 63
    assert load_history(actor_label="test") == 0  # loading again adds nothing
    words = text(page(client, "/palmares/"))
    assert "63 saisons depuis 1962-63" in words and "5 saisons sans coupe" in words
    # 1990: no cup in 1989-90; the 1988-89 final was played on 5 July 1990.
    assert "1989-90 Pas de coupe cette saison." in words
    assert "1988-89 ES Sétif (EP Sétif) 1-0 MSP Batna 5 juillet 1990" in words
    assert "USM Alger , CR Belouizdad : 9 titres, le plus grand nombre." in words  # as many titles; more finals first
    assert "1987-88 USM Alger 0-0 , t.a.b. 5-4 CR Belouizdad (CR Belcourt)" in words
    assert "1962-63 ES Sétif 1-1 , rejouée 2-0 ES Mostaganem" in words
    club = text(page(client, "/palmares/mc-alger/"))
    assert "MC Alger en Coupe d'Algérie" in club and "8 titres" in club and "2023-24" in club
    assert client.get("/palmares/nobody/").status_code == 404


def test_staff_correct_the_history_and_a_second_load_keeps_their_correction(client, reference):
    load_history(actor_label="test")
    final = CupFinal.objects.get(season=1977)
    manager = user_with_role("manager", "competitions_manager")
    client.force_login(manager)
    data = {
        field: getattr(final, field) if getattr(final, field) is not None else ""
        for field in ("season", "winner", "winner_then", "runner_up", "runner_up_then", "winner_goals", "runner_up_goals",
                      "winner_penalties", "runner_up_penalties", "replay_winner_goals", "replay_runner_up_goals",
                      "played_on", "venue", "note", "sources")
    } | {"held": "on", "extra_time": "on", "runner_up_penalties": "1"}
    response = client.post(reverse("admin:competitions_cupfinal_change", args=[final.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    load_history(actor_label="test")
    assert CupFinal.objects.get(season=1977).runner_up_penalties == 1
    from cupfaf.models import AuditEntry

    entry = AuditEntry.objects.filter(object_id=str(final.pk), actor=manager).get()
    assert entry.data["runner_up_penalties"] == ["0", "1"]
    client.force_login(user_with_role("auditor", "auditor"))
    assert client.post(reverse("admin:competitions_cupfinal_change", args=[final.pk]), data).status_code == 403
    # A shoot-out that the finalist won is refused, with the constraint's message, nothing saved.
    client.force_login(manager)
    refused = client.post(reverse("admin:competitions_cupfinal_change", args=[final.pk]), data | {"runner_up_penalties": "3"})
    assert refused.status_code == 200 and "le vainqueur en marque plus que le finaliste" in unescape(refused.content.decode())
    assert CupFinal.objects.get(season=1977).runner_up_penalties == 1


def test_the_language_switch_is_a_link_kept_across_pages_and_only_sends_readers_home(client, reference):
    response = client.get("/langue/ar/?next=/palmares/")
    assert response.status_code == 302 and response["Location"] == "/palmares/"
    assert client.cookies["django_language"].value == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/decisions/").content.decode()
    assert client.get("/langue/ar/?next=https://elsewhere.example/").url == "/"
    assert client.get("/langue/xx/").status_code == 404
    assert client.post("/langue/en/?next=/").status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/matchs/0/",
        "/matchs/99999999999999999999/",
        "/matchs/abc/",
        "/clubs/0/",
        "/tirages/0/",
        f"/editions/nope/",
        f"/editions/{SLUG}/nope/",
        f"/editions/{SLUG}/last_16/",
    ],
)
def test_what_does_not_exist_is_a_404(client, seeded_edition, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=99999", "?page=-1", "?x=1"])
def test_a_wrong_page_number_shows_a_page(client, seeded_edition, query):
    assert client.get(f"/editions/{SLUG}/last_64/{query}").status_code == 200
    assert client.get(f"/decisions/{query}").status_code == 200


def test_pages_only_read(client, seeded_edition):
    assert client.post("/").status_code == 405
    assert client.post(f"/editions/{SLUG}/").status_code == 405


def test_queries_per_page_do_not_grow_with_the_results(client, seeded_edition, staff):
    load_history(actor_label="test")
    def counts():
        found = {}
        for url in every_page():
            with CaptureQueriesContext(connection) as queries:
                page(client, url)
            found[url] = len(queries)
        return found

    empty = counts()
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    full = counts()
    assert full == empty
    assert max(full.values()) <= 12, full


def test_a_page_is_served_from_the_shared_cache_until_a_change_commits(client, seeded_edition, staff, settings, django_assert_num_queries, django_capture_on_commit_callbacks):
    settings.API_RESPONSE_CACHE = True
    cache.clear()
    url = f"/editions/{SLUG}/"
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert "Cookie" in again["Vary"] and "Accept-Language" in again["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    client.cookies["django_language"] = "ar"
    assert '<html lang="ar"' in client.get(url).content.decode()  # one answer per language
    del client.cookies["django_language"]
    with django_capture_on_commit_callbacks(execute=True):
        report_result(match("LAST_64", 13), shootout_report(), actor=staff)
    fresh = client.get(url).content.decode()
    assert fresh != first.content.decode() and "(4)" in fresh


def test_a_draw_made_with_an_unpublished_one_is_not_published_alone(client, seeded_edition, staff):
    from cupfaf.errors import Conflict

    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    performed = draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff, with_next_round=True), actor=staff)
    quarters = Draw.objects.get(drawn_with=performed)
    with pytest.raises(Conflict):
        draws.publish_draw(quarters, actor=staff)  # its seed and inputs are the 1/8's
    assert Draw.objects.get(pk=quarters.pk).status == "PERFORMED"
    # As if published before the service refused it: the page still keeps the 1/8's seed to itself.
    Draw.objects.filter(pk=quarters.pk).update(status="PUBLISHED", published_at=performed.performed_at)
    assert client.get(f"/tirages/{quarters.pk}/").status_code == 404


def test_a_sanction_of_a_match_not_published_is_not_a_public_decision(client, seeded_edition, staff):
    from .test_sanctions import STOPPED_FOR_LACK_OF_BALLS

    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff), actor=staff)
    hidden = match("LAST_16", 1)
    report_result(hidden, STOPPED_FOR_LACK_OF_BALLS, actor=staff)
    for sanction in Sanction.objects.filter(incident__match=hidden):
        confirm_sanction(sanction, actor=staff)
    assert "Aucune décision publiée." in page(client, "/decisions/")
    assert client.get("/api/v1/sanctions/").json()["results"] == []


def test_finals_of_clubs_named_in_arabic_or_by_an_alias_link_both_ways(client, seeded_edition):
    from clubs.models import ClubAlias

    CupFinal.objects.create(season=2030, winner="مولودية الجزائر", runner_up="USM Alger", winner_goals=1, runner_up_goals=0, sources="s")
    assert client.get("/palmares/").status_code == 200
    from competitions.models import club_slug

    assert "USM Alger" in text(page(client, reverse("site-club-history", args=[club_slug("مولودية الجزائر")])))
    nahd = match("LAST_64", 13).home_club
    ClubAlias.objects.create(club=nahd, name="MA Hussein Dey")
    CupFinal.objects.create(season=2031, winner="MA Hussein Dey", runner_up="USM Alger", winner_goals=2, runner_up_goals=1, sources="s")
    club = page(client, f"/clubs/{nahd.pk}/")
    assert 'href="/palmares/ma-hussein-dey/"' in club and "2-1" in text(club)  # the finals with their score
    assert f'href="/clubs/{nahd.pk}/"' in page(client, "/palmares/ma-hussein-dey/")


def test_a_query_the_page_does_not_read_makes_no_new_cache_entry(client, seeded_edition, settings, django_assert_num_queries):
    settings.API_RESPONSE_CACHE = True
    cache.clear()
    client.get(f"/editions/{SLUG}/?r=1")
    with django_assert_num_queries(0):
        assert client.get(f"/editions/{SLUG}/?r=2").status_code == 200


@pytest.mark.parametrize(
    ("season", "message"),
    [
        ({"season": 1990, "winner": "A", "runner_up": "B", "winner_goals": 1, "runner_up_goals": 0, "playedon": "1991-06-01", "sources": ["x"]}, "unknown fields ['playedon']"),
        ({"season": 1990, "held": False, "note": "", "sources": ["x"]}, "une saison sans finale"),
        ({"season": 1990, "winner": "A", "runner_up": "B", "winner_goals": 1, "runner_up_goals": 1, "sources": ["x"]}, "Le vainqueur marque plus"),
        ({"season": 1990, "winner": "A", "runner_up": "B", "winner_goals": 1, "runner_up_goals": 0, "sources": ["y"]}, "unknown sources ['y']"),
    ],
)
def test_a_wrong_history_file_is_refused_with_its_season_and_nothing_loaded(reference, tmp_path, season, message):
    import json

    from django.core.management import CommandError, call_command

    path = tmp_path / "history.json"
    good = {"season": 1991, "winner": "C", "runner_up": "D", "winner_goals": 2, "runner_up_goals": 0, "sources": ["x"]}
    path.write_text(json.dumps({"sources": {"x": "X"}, "seasons": [good, season]}), encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        load_history(path, actor_label="test")
    assert "history.json, season 1990" in str(refused.value) and message in str(refused.value)
    assert not CupFinal.objects.exists()
    path.write_text(json.dumps({"sources": {"x": "X"}, "seasons": [good, good]}), encoding="utf-8")
    with pytest.raises(ValueError, match="season 1991: given twice"):
        load_history(path, actor_label="test")
    from unittest import mock

    with mock.patch("competitions.management.commands.load_history.load_history", side_effect=ValueError("history.json, season 1990: wrong")):
        with pytest.raises(CommandError, match="season 1990: wrong"):
            call_command("load_history")
