"""The officials' desk: league officials report in the browser, a second person validates, every version is kept.

Pages are driven through Django's test client here (forms posted as a browser posts them); the
same flows run in Chromium in test_browser.py.
"""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from clubs.models import League
from cupfaf.models import AuditEntry
from matches.forms import MatchReportForms
from matches.models import Match, ResultReport, ResultState
from matches.services import Report, report_result, return_report, validate_report
from competitions.regulation.results import ReportedResult
from competitions.regulation.score import Pair, Score
from competitions.selectors import rulebook_for
from tests.conftest import user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "Une-phrase-de-passe-2026"


def match(number, stage="LAST_64"):
    return Match.objects.select_related("home_club", "away_club").get(round__stage=stage, number=number)


@pytest.fixture
def leagues(seeded_edition):
    """The LFP organises matches 1 to 16 of the 1/32, the LIRF matches 17 to 32."""
    lfp, lirf = League.objects.get(code="LFP"), League.objects.get(code="LIRF")
    Match.objects.filter(round__stage="LAST_64", number__lte=16).update(league=lfp)
    Match.objects.filter(round__stage="LAST_64", number__gt=16).update(league=lirf)
    return lfp, lirf


@pytest.fixture
def reporter(leagues):
    return user_with_role("lfp-reporter", "league_official", league=leagues[0], password=PASSWORD)


@pytest.fixture
def validator(leagues):
    return user_with_role("lfp-validator", "league_validator", league=leagues[0], password=PASSWORD)


@pytest.fixture
def lirf_reporter(leagues):
    return user_with_role("lirf-reporter", "league_official", league=leagues[1], password=PASSWORD)


@pytest.fixture
def results_officer(leagues):
    return user_with_role("results", "results_officer", password=PASSWORD)


def signed_in(client, user):
    client.force_login(user)
    return client


def form_fields(html):
    """The form's fields as a browser would post them: every input's value, every select's selected option."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="submit"' not in tag:
            value = re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = value.group(1) if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        first = re.search(r'<option value="([^"]*)"', options)
        fields[name] = (selected or first).group(1)
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = text.strip()
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def open_report(client, number):
    response = client.get(f"/officials/matches/{match(number).pk}/report/")
    assert response.status_code == 200
    return form_fields(response.content.decode())


SHOOTOUT = {
    "status": "FINISHED",
    "half_time_home": "0",
    "half_time_away": "0",
    "regular_time_home": "1",
    "regular_time_away": "1",
    "extra_time_home": "0",
    "extra_time_away": "0",
    "penalties_home": "4",
    "penalties_away": "3",
    "goals-0-team": "HOME",
    "goals-0-minute": "50",
    "goals-0-scorer": "Rahmani",
    "goals-1-team": "AWAY",
    "goals-1-minute": "90",
    "goals-1-injury_time": "2",
    "goals-1-scorer": "Zouari",
    "attendance": "18000",
    "gate_receipts": "1200000",
}


def submit(client, number, values, *, confirm=True, opened=None):
    """Fill the form as opened (`opened`, or opened now), check it, and confirm what the check shows."""
    url = f"/officials/matches/{match(number).pk}/report/"
    fields = {**(opened or open_report(client, number)), **values}
    checked = client.post(url, {**fields, "check": "1"})
    if not confirm or checked.status_code != 200 or "confirm" not in checked.content.decode():
        return checked
    return client.post(url, {**form_fields(checked.content.decode()), "confirm": "1"})


# 1. Accounts


def test_an_official_signs_in_at_accounts_login_and_lands_on_their_desk(client, reporter):
    assert client.get("/officials/").url.startswith("/accounts/login/?next=/officials/")
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and 'name="username"' in page.content.decode()
    response = client.post("/accounts/login/", {"username": "lfp-reporter", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/officials/"


def test_a_wrong_password_is_refused_in_words(client, reporter):
    response = client.post("/accounts/login/", {"username": "lfp-reporter", "password": "nope"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_password_change_and_reset_by_email(client, reporter):
    reporter.email = "reporter@lfp.dz"
    reporter.save()
    signed_in(client, reporter)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Autre-phrase-2026!", "new_password2": "Autre-phrase-2026!"},
    )
    assert response.status_code == 302 and response.url == "/accounts/password_change/done/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/password_reset/", {"email": "reporter@lfp.dz"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert 'name="new_password1"' in form.content.decode()


def test_staff_without_a_desk_role_are_sent_to_the_admin_and_others_refused(client, leagues):
    signed_in(client, user_with_role("draws", "draw_officer"))
    assert client.get("/officials/").url == "/admin/"
    signed_in(client, user_with_role("nobody"))
    assert client.get("/officials/").status_code == 403


# 2. My matches


def test_my_matches_lists_the_leagues_matches_only_grouped_by_round(client, reporter):
    html = signed_in(client, reporter).get("/officials/").content.decode()
    assert html.count('class="match state-') == 16
    assert "32e de finale" in html and "À saisir" in html
    assert str(match(1).home_club) in html and str(match(17).home_club) not in html


@pytest.mark.parametrize("suffix", ["", "report/"])
def test_a_match_of_another_league_is_a_404_whatever_the_url(client, reporter, suffix):
    signed_in(client, reporter)
    other = match(17)
    assert client.get(f"/officials/matches/{other.pk}/{suffix}").status_code == 404
    assert client.post(f"/officials/matches/{other.pk}/report/", {**SHOOTOUT, "version": "1"}).status_code == 404
    assert client.post(f"/officials/matches/{other.pk}/validate/", {"number": "1"}).status_code == 404
    assert client.post(f"/officials/matches/{other.pk}/return/", {"number": "1", "reason": "x"}).status_code == 404
    for hostile in ("99999999999999999999999", "abc", "١٢", "0"):
        assert client.get(f"/officials/matches/{hostile}/{suffix}").status_code == 404


def test_what_waits_for_the_official_comes_first(client, reporter, validator):
    report_result(match(13), shootout_report(), actor=reporter)
    report_result(match(14), away_win_report(), actor=reporter)
    return_report(match(14), number=1, actor=validator, reason="Mi-temps fausse.")
    validating = signed_in(client, validator).get("/officials/").content.decode()
    assert "1 résultat à valider" in validating and "renvoyé pour correction</h2>" not in validating
    reporting = signed_in(client, reporter).get("/officials/").content.decode()
    assert "1 résultat renvoyé pour correction" in reporting and "à valider</h2>" not in reporting
    form = client.get(f"/officials/matches/{match(14).pk}/report/").content.decode()
    assert "renvoyée pour correction par lfp-validator" in form and "Mi-temps fausse." in form


def test_states_read_in_words(client, reporter, validator):
    report_result(match(1), shootout_report(), actor=reporter)
    report_result(match(2), shootout_report(), actor=reporter)
    validate_report(match(2), number=1, actor=validator)
    html = signed_in(client, reporter).get("/officials/").content.decode()
    assert "Saisi, en attente de validation" in html and "Validé (officiel)" in html


# 3. The report form


def test_the_form_is_shaped_by_the_categorys_format_article_18(seeded_edition):
    seniors = rulebook_for(seeded_edition.regulation).formats["SENIORS_MEN"]
    youth = rulebook_for(seeded_edition.regulation).formats["U19_MEN"]
    m = match(1)
    assert "extra_time_home" in MatchReportForms(m, seniors).main.fields  # art. 18.1
    assert "extra_time_home" not in MatchReportForms(m, youth).main.fields  # art. 18.2
    # The shoot-out is folded away until the score after play is level.
    assert not MatchReportForms(m, seniors).main.shootout_open
    level = {"version": "1", "status": "FINISHED", "regular_time_home": "1", "regular_time_away": "1", "extra_time_home": "0", "extra_time_away": "0"}
    assert MatchReportForms(m, seniors, {**level, **management()}).main.shootout_open
    ahead = {**level, "extra_time_home": "1"}
    assert not MatchReportForms(m, seniors, {**ahead, **management()}).main.shootout_open
    no_extra_time_yet = {**level, "extra_time_home": "", "extra_time_away": ""}
    assert not MatchReportForms(m, seniors, {**no_extra_time_yet, **management()}).main.shootout_open
    assert MatchReportForms(m, youth, {**level, **management()}).main.shootout_open


def management():
    return {
        "goals-TOTAL_FORMS": "0",
        "goals-INITIAL_FORMS": "0",
        "incidents-TOTAL_FORMS": "0",
        "incidents-INITIAL_FORMS": "0",
    }


def test_the_form_shows_the_article_11_figures(client, reporter, seeded_edition):
    from clubs.models import Stadium

    m = match(1)
    Match.objects.filter(pk=m.pk).update(venue=Stadium.objects.create(name="Stade Omar Hamadi", city="Alger", capacity=17_000))
    html = signed_in(client, reporter).get(f"/officials/matches/{m.pk}/report/").content.decode()
    assert "au moins 1700 places" in html and "art. 11.4" in html
    assert "25 %" in html and "art. 11.5" in html


def test_a_shootout_is_checked_then_confirmed_and_recorded_as_one_provisional_version(client, reporter):
    signed_in(client, reporter)
    url = f"/officials/matches/{match(13).pk}/report/"
    html = client.get(url).content.decode()
    assert '<details class="shootout">' in html  # not level yet: the shoot-out is folded away
    opened = form_fields(html)
    checked = client.post(url, {**opened, **SHOOTOUT, "check": "1"})
    html = checked.content.decode()
    assert checked.status_code == 200 and 'name="confirm"' in html
    assert "Tirs au but" in html and "4 – 3" in html and "90+2′ Zouari" in html
    assert re.search(r"dont 300\D000 DA à verser à LFP \(art\. 11\.5\)", html)
    assert "Qualifié" in html and "(art. 18.1)" in html
    assert ResultReport.objects.count() == 0 and match(13).result_state == ""  # nothing written yet
    done = client.post(url, {**form_fields(html), "confirm": "1"})
    assert done.status_code == 302 and done.url == f"/officials/matches/{match(13).pk}/"
    recorded = match(13)
    assert recorded.status == "FINISHED" and recorded.winner == recorded.home_club
    assert (recorded.home_penalties, recorded.away_penalties, recorded.attendance) == (4, 3, 18000)
    assert recorded.result_state == ResultState.SUBMITTED
    version = ResultReport.objects.get()
    assert (version.number, version.state, version.submitted_by) == (1, "SUBMITTED", reporter)
    assert version.content["score"]["penalties"] == [4, 3]
    assert [goal["scorer"] for goal in version.content["goals"]] == ["Rahmani", "Zouari"]
    assert "Saisi, en attente de validation" in client.get(done.url).content.decode()


def test_an_illegal_result_is_refused_next_to_its_field_with_its_article(client, reporter):
    signed_in(client, reporter)
    illegal = {**SHOOTOUT, "extra_time_home": "", "extra_time_away": "", "penalties_home": "", "penalties_away": ""}
    response = submit(client, 13, illegal, confirm=False)
    html = response.content.decode()
    assert response.status_code == 200 and 'name="confirm"' not in html
    # The refusal sits in the extra-time row, with its article.
    row = re.search(r"Buts marqués en prolongation.*?</tr>\s*<tr class=\"error-row\">(.*?)</tr>", html, re.S)
    assert row and "(art. 18.1)" in row.group(1) and "prolongation de 2 × 15 min" in row.group(1)
    assert ResultReport.objects.count() == 0 and match(13).result_state == ""


def test_a_goal_at_a_minute_not_played_is_refused_on_its_row(client, reporter):
    signed_in(client, reporter)
    response = submit(client, 13, {**SHOOTOUT, "goals-0-minute": "130"}, confirm=False)
    html = response.content.decode()
    assert "(art. 18.1)" in html and "le match a duré 120 minutes" in html
    assert ResultReport.objects.count() == 0


def test_a_form_that_is_not_a_number_says_where(client, reporter):
    signed_in(client, reporter)
    response = submit(client, 13, {**SHOOTOUT, "regular_time_home": "²", "goals-0-minute": "abc"}, confirm=False)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("Saisissez un nombre entier") == 2


def test_a_form_opened_before_someone_else_changed_the_match_is_refused_with_its_current_state(client, reporter, results_officer):
    signed_in(client, reporter)
    opened = open_report(client, 13)
    report_result(match(13), away_win_report(), actor=results_officer)
    response = submit(client, 13, SHOOTOUT, opened=opened)
    html = response.content.decode()
    assert response.status_code == 409
    assert "a changé depuis que vous avez ouvert le formulaire" in html
    assert "Le résultat tel qu'il est enregistré maintenant" in html and "0 – 2" in html
    assert ResultReport.objects.count() == 1 and match(13).away_regular_time == 2
    # The official's typing is kept, now against the current version: sending it again is a choice.
    kept = form_fields(html)
    assert kept["goals-1-scorer"] == "Zouari" and kept["version"] == str(match(13).version)
    assert submit(client, 13, {}, opened=kept).status_code == 302
    assert ResultReport.objects.count() == 2 and match(13).home_penalties == 4


def test_more_rows_without_javascript(client, reporter):
    signed_in(client, reporter)
    opened = open_report(client, 13)
    assert opened["goals-TOTAL_FORMS"] == "3"
    response = client.post(f"/officials/matches/{match(13).pk}/report/", {**opened, "more_rows": "1"})
    assert form_fields(response.content.decode())["goals-TOTAL_FORMS"] == "6"
    assert "error" not in re.sub(r"\.error|class=\"error-row\"", "", response.content.decode()).split("<main>")[1].split("</form>")[0].replace("errors", "")


def test_the_form_reads_right_to_left_in_arabic_and_has_a_language_switch(client, reporter):
    signed_in(client, reporter)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/officials/"})
    assert response.status_code == 302 and response.url == "/officials/"
    html = client.get(f"/officials/matches/{match(13).pk}/report/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html and 'name="language"' in html


# 4. Two people


def shootout_report():
    return Report(ReportedResult(Score(Pair(0, 0), Pair(1, 1), Pair(0, 0), Pair(4, 3))))


def away_win_report():
    return Report(ReportedResult(Score(Pair(0, 1), Pair(0, 2))))


def test_the_submitter_can_never_validate_their_own_version(client, results_officer):
    signed_in(client, results_officer)
    submit(client, 13, SHOOTOUT)
    page = client.get(f"/officials/matches/{match(13).pk}/").content.decode()
    assert "une autre personne doit la valider" in page and "Valider la version" not in page
    response = client.post(f"/officials/matches/{match(13).pk}/validate/", {"number": "1"})
    assert response.status_code == 403 and "Vous avez saisi cette version" in response.content.decode()
    assert ResultReport.objects.get().state == "SUBMITTED" and match(13).result_state == "SUBMITTED"


def test_a_reporter_cannot_validate_at_all(client, reporter):
    signed_in(client, reporter)
    submit(client, 13, SHOOTOUT)
    response = client.post(f"/officials/matches/{match(13).pk}/validate/", {"number": "1"})
    assert response.status_code == 403 and match(13).result_state == "SUBMITTED"


def test_a_validator_of_the_league_makes_it_official(client, reporter, validator):
    report_result(match(13), shootout_report(), actor=reporter)
    signed_in(client, validator)
    page = client.get(f"/officials/matches/{match(13).pk}/").content.decode()
    assert "Valider la version 1" in page
    response = client.post(f"/officials/matches/{match(13).pk}/validate/", {"number": "1"})
    assert response.status_code == 302
    version = ResultReport.objects.get()
    assert (version.state, version.decided_by) == ("VALIDATED", validator)
    assert match(13).result_state == ResultState.VALIDATED and match(13).official
    entry = AuditEntry.objects.filter(action="match.result_validated").get()
    assert (entry.actor, entry.data) == (validator, {"version": 1})


def test_a_validator_of_another_league_cannot(client, reporter, leagues):
    report_result(match(13), shootout_report(), actor=reporter)
    other = user_with_role("lirf-validator", "league_validator", league=leagues[1])
    assert signed_in(client, other).post(f"/officials/matches/{match(13).pk}/validate/", {"number": "1"}).status_code == 404
    assert match(13).result_state == "SUBMITTED"


def test_a_stale_version_cannot_be_validated(client, reporter, validator):
    report_result(match(13), shootout_report(), actor=reporter)
    report_result(match(13), away_win_report(), actor=reporter)
    response = signed_in(client, validator).post(f"/officials/matches/{match(13).pk}/validate/", {"number": "1"})
    assert response.status_code == 409 and "la version 2 l&#x27;a remplacée" in response.content.decode()
    assert list(ResultReport.objects.order_by("number").values_list("state", flat=True)) == ["SUPERSEDED", "SUBMITTED"]


def test_the_database_refuses_a_validation_by_the_submitter(reporter):
    report_result(match(13), shootout_report(), actor=reporter)
    version = ResultReport.objects.get()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        ResultReport.objects.filter(pk=version.pk).update(state="VALIDATED", decided_by=reporter, decided_at=timezone.now())
    assert "resultreport_decider_not_submitter" in str(refused.value)


def test_a_report_returned_for_correction_with_a_reason_then_corrected(client, reporter, validator):
    report_result(match(13), away_win_report(), actor=reporter)
    signed_in(client, validator)
    url = f"/officials/matches/{match(13).pk}/return/"
    refused = client.post(url, {"number": "1", "reason": "  "})
    assert refused.status_code == 400 and "Dites ce qu&#x27;il faut corriger" in refused.content.decode()
    assert ResultReport.objects.get().state == "SUBMITTED"
    too_long = client.post(url, {"number": "1", "reason": "x" * 2001})
    assert too_long.status_code == 400 and "Motif trop long" in too_long.content.decode()
    assert ResultReport.objects.get().state == "SUBMITTED"
    assert client.post(url, {"number": "1", "reason": "Le score de la mi-temps est faux."}).status_code == 302
    assert match(13).result_state == ResultState.RETURNED and not match(13).official
    signed_in(client, reporter)
    assert "Renvoyé pour correction" in client.get("/officials/").content.decode()
    page = client.get(f"/officials/matches/{match(13).pk}/").content.decode()
    assert "Le score de la mi-temps est faux." in page
    submit(client, 13, SHOOTOUT)
    states = list(ResultReport.objects.order_by("number").values_list("number", "state"))
    assert states == [(1, "RETURNED"), (2, "SUBMITTED")]


def test_correcting_an_official_result_needs_a_reason_and_goes_through_validation_again(client, reporter, validator):
    report_result(match(13), away_win_report(), actor=reporter)
    validate_report(match(13), number=1, actor=validator)
    signed_in(client, reporter)
    opened = open_report(client, 13)
    assert "reason" in opened
    refused = submit(client, 13, SHOOTOUT, opened=opened, confirm=False)
    assert "Requis pour corriger un résultat validé." in refused.content.decode()
    assert ResultReport.objects.count() == 1
    done = submit(client, 13, {**SHOOTOUT, "reason": "Tirs au but oubliés."})
    assert done.status_code == 302
    versions = list(ResultReport.objects.order_by("number"))
    assert [(v.state, v.correction_reason) for v in versions] == [("VALIDATED", ""), ("SUBMITTED", "Tirs au but oubliés.")]
    assert match(13).result_state == ResultState.SUBMITTED and not match(13).official
    # The winner moved at once, as a correction always did.
    assert match(13).winner == match(13).home_club


def test_every_version_is_shown_as_a_history_to_the_league_and_to_staff(client, reporter, validator, results_officer):
    report_result(match(13), away_win_report(), actor=reporter)
    report_result(match(13), shootout_report(), actor=reporter)
    validate_report(match(13), number=2, actor=validator)
    for user in (reporter, validator, results_officer):
        page = signed_in(client, user).get(f"/officials/matches/{match(13).pk}/").content.decode()
        assert "Version 2 · Validé" in page and "Version 1 · Remplacé avant validation" in page
        # Periods in the order they are played, whatever order the database keeps the JSON's keys in.
        labels = ["Mi-temps", "Fin du temps réglementaire", "Buts marqués en prolongation", "Tirs au but"]
        assert [page.index(label) for label in labels] == sorted(page.index(label) for label in labels)
        assert "Validée par lfp-validator" in page and "Saisie par lfp-reporter" in page


# 5. Staff in the back office


def test_a_results_officer_enters_a_result_from_the_matchs_admin_page(client, results_officer):
    signed_in(client, results_officer)
    m = match(13)
    page = client.get(f"/admin/matches/match/{m.pk}/change/").content.decode()
    assert f"/admin/matches/match/{m.pk}/result/" in page and "Saisir le résultat" in page
    url = f"/admin/matches/match/{m.pk}/result/"
    opened = form_fields(client.get(url).content.decode())
    refused = client.post(url, {**opened, **SHOOTOUT, "penalties_home": "4", "penalties_away": "4", "check": "1"})
    assert "(art. 18.1)" in refused.content.decode() and ResultReport.objects.count() == 0
    checked = client.post(url, {**opened, **SHOOTOUT, "check": "1"})
    assert 'name="confirm"' in checked.content.decode()
    done = client.post(url, {**form_fields(checked.content.decode()), "confirm": "1"})
    assert done.status_code == 302 and done.url == f"/admin/matches/match/{m.pk}/change/"
    assert ResultReport.objects.get().submitted_by == results_officer
    page = client.get(done.url).content.decode()
    assert "Corriger le résultat" in page and "Saisi, en attente de validation" in page and "4 – 3" in page


def test_the_validation_queue_in_the_admin(client, reporter, results_officer):
    report_result(match(13), shootout_report(), actor=reporter)
    report_result(match(14), away_win_report(), actor=reporter)
    validate_report(match(14), number=1, actor=results_officer)
    signed_in(client, results_officer)
    queue = client.get("/admin/matches/resultreport/").content.decode()
    assert "1 version d" in queue or "1 versions" in queue or queue.count('class="action-select"') == 1
    waiting = ResultReport.objects.get(state="SUBMITTED")
    page = client.get(f"/admin/matches/resultreport/{waiting.pk}/change/").content.decode()
    assert "Valider: le résultat devient officiel" in page and "4 – 3" in page
    refused = client.post(f"/admin/matches/resultreport/{waiting.pk}/return/", {"reason": ""}, follow=True)
    assert "Dites ce qu&#x27;il faut corriger" in refused.content.decode()
    assert ResultReport.objects.get(pk=waiting.pk).state == "SUBMITTED"
    client.post(f"/admin/matches/resultreport/{waiting.pk}/validate/")
    assert ResultReport.objects.get(pk=waiting.pk).state == "VALIDATED" and match(13).official
    assert client.get("/admin/matches/resultreport/").content.decode().count('class="action-select"') == 0


def test_the_admin_refuses_a_results_officer_validating_their_own_version(client, results_officer):
    report_result(match(13), shootout_report(), actor=results_officer)
    version = ResultReport.objects.get()
    signed_in(client, results_officer)
    page = client.get(f"/admin/matches/resultreport/{version.pk}/change/").content.decode()
    assert "une autre personne doit la valider" in page and "Valider: le résultat" not in page
    response = client.post(f"/admin/matches/resultreport/{version.pk}/validate/", follow=True)
    assert "Vous avez saisi cette version" in response.content.decode()
    response = client.post(
        "/admin/matches/resultreport/", {"action": "validate", "_selected_action": [version.pk]}, follow=True
    )
    assert "Vous avez saisi cette version" in response.content.decode()
    assert ResultReport.objects.get().state == "SUBMITTED"


def test_staff_create_an_official_in_the_admin(client, leagues, admin_user):
    signed_in(client, admin_user)
    assert "/admin/clubs/user/add-official/" in client.get("/admin/clubs/user/").content.decode()
    form = {"username": "lfp-validator-2", "email": "v2@lfp.dz", "league": leagues[0].pk, "role": "validator", "password": ""}
    response = client.post("/admin/clubs/user/add-official/", form, follow=True)
    html = response.content.decode()
    assert "Mot de passe (affiché une seule fois)" in html
    from clubs.models import User

    created = User.objects.get(username="lfp-validator-2")
    assert created.league == leagues[0] and created.email == "v2@lfp.dz" and not created.is_staff
    assert list(created.groups.values_list("name", flat=True)) == ["Validateur de ligue"]
    again = client.post("/admin/clubs/user/add-official/", form, follow=True)
    assert "rien n&#x27;a changé" in again.content.decode() and User.objects.filter(username="lfp-validator-2").count() == 1
    other_case = client.post("/admin/clubs/user/add-official/", {**form, "username": "LFP-Validator-2"})
    assert "à la casse près" in other_case.content.decode() and not User.objects.filter(username="LFP-Validator-2").exists()
    weak = client.post("/admin/clubs/user/add-official/", {**form, "username": "x", "password": "123"})
    assert weak.status_code == 200 and "Ce mot de passe est trop court" in weak.content.decode()
    other_role = client.post("/admin/clubs/user/add-official/", {**form, "role": "reporter"})
    assert "existe déjà, avec une autre ligue ou un autre rôle" in other_role.content.decode()


# Hostile input, load and concurrency


@pytest.mark.parametrize(
    "tampered",
    [
        {"goals-TOTAL_FORMS": "abc"},
        {"goals-TOTAL_FORMS": "99999999999999999999"},
        {"goals-TOTAL_FORMS": "1000", "incidents-TOTAL_FORMS": "-3"},
        {"goals-INITIAL_FORMS": None, "goals-TOTAL_FORMS": None},
        {"version": "²"},
        {"version": "99999999999999999999999"},
        {"status": "AWARDED"},
        {"regular_time_home": "1" * 400},
        {"goals-0-team": "BOTH", "goals-0-minute": "-1"},
        {"incidents-0-type": "RIOT", "incidents-0-team": "HOME"},
        {"attendance": "1e9"},
    ],
)
def test_a_tampered_report_form_is_refused_in_words_and_changes_nothing(client, reporter, tampered):
    signed_in(client, reporter)
    opened = open_report(client, 13)
    data = {key: value for key, value in {**opened, **SHOOTOUT, **tampered}.items() if value is not None}
    for step in ("check", "confirm", "more_rows"):
        response = client.post(f"/officials/matches/{match(13).pk}/report/", {**data, step: "1"})
        assert response.status_code == 200, (step, response.status_code)
        if step != "more_rows":
            assert "Le rapport contient des erreurs" in response.content.decode()
    assert ResultReport.objects.count() == 0 and match(13).result_state == ""


@pytest.mark.parametrize("number", ["", "abc", "0", "١", "99999999999999999999", "2"])
def test_a_decision_on_a_version_that_does_not_exist_is_refused_in_words(client, reporter, validator, number):
    report_result(match(13), shootout_report(), actor=reporter)
    response = signed_in(client, validator).post(f"/officials/matches/{match(13).pk}/validate/", {"number": number})
    assert response.status_code in (400, 409)
    assert ResultReport.objects.get().state == "SUBMITTED"


def test_my_matches_costs_the_same_queries_whatever_the_leagues_size(client, reporter, django_assert_num_queries, leagues):
    signed_in(client, reporter)
    client.get("/officials/")  # the session and the user, read once
    with django_assert_num_queries(6) as sixteen:
        client.get("/officials/")
    Match.objects.filter(round__stage="LAST_64").update(league=leagues[0])
    with django_assert_num_queries(len(sixteen.captured_queries)):
        assert client.get("/officials/").content.decode().count('class="match state-') == 32


def test_a_matchs_page_costs_the_same_queries_whatever_its_history(client, reporter, validator, django_assert_num_queries):
    signed_in(client, validator)
    report_result(match(13), shootout_report(), actor=reporter)
    client.get(f"/officials/matches/{match(13).pk}/")
    with django_assert_num_queries(10) as one_version:
        client.get(f"/officials/matches/{match(13).pk}/")
    for _ in range(3):
        report_result(match(13), away_win_report(), actor=reporter)
    with django_assert_num_queries(len(one_version.captured_queries)):
        assert "Version 4" in client.get(f"/officials/matches/{match(13).pk}/").content.decode()
