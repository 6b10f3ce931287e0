"""Sanctions: proposed from incidents, decided by staff, applied, and public once confirmed."""

import pytest
from django.urls import reverse

from matches.draw_import import DrawImportError, import_published_draw
from competitions.models import Regulation, SanctionRule
from cupfaf.models import AuditEntry
from competitions.regulation.results import ReportedResult
from competitions.regulation.rulebook import IncidentType
from competitions.regulation.sanctions import ReportedIncident
from competitions.services import set_up_edition
from cupfaf.errors import Conflict, Refused
from matches.models import Match
from competitions.regulation.score import Pair, Score, Side
from matches.services import Report, report_result
from sanctions import services
from sanctions.models import Sanction

STOPPED_FOR_LACK_OF_BALLS = Report(
    result=ReportedResult(Score(regular_time=Pair(0, 0)), finished=False),
    status=Match.Status.SUSPENDED,
    incidents=(ReportedIncident(IncidentType.LACK_OF_BALLS, Side.HOME, minute=70),),
)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)


def match(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


def stop_for_lack_of_balls(number, staff):
    report_result(match(number), STOPPED_FOR_LACK_OF_BALLS, actor=staff)
    return {(s.club.name, s.kind): s for s in Sanction.objects.filter(incident__match=match(number))}


@pytest.mark.django_db
def test_art_19_2_lack_of_balls_in_a_national_senior_match_and_what_confirming_applies(seeded_edition, staff):
    # Pairing 13 of the seed: NA Hussein-Dey hosts WA Mostaganem; bracket line 1: the winner of 13 hosts.
    proposed = stop_for_lack_of_balls(13, staff)
    assert {
        (club, kind, s.amount, s.points, s.first_season, s.last_season, s.article)
        for (club, kind), s in proposed.items()
    } == {
        ("NA Hussein-Dey", "MATCH_LOST", None, None, None, None, "19.2"),
        ("NA Hussein-Dey", "POINTS_DEDUCTION", None, 3, None, None, "19.2"),
        ("NA Hussein-Dey", "FINE", 1_000_000, None, None, None, "19.2"),
        ("WA Mostaganem", "FINE", 500_000, None, None, None, "19.2"),
        ("NA Hussein-Dey", "CUP_SUSPENSION", None, None, 2024, 2025, "19.2"),
    }
    assert {s.regulation.code for s in proposed.values()} == {"2023"}
    assert match(13).status == "SUSPENDED" and match(1, "LAST_32").home_club is None

    for sanction in proposed.values():
        services.confirm_sanction(sanction, actor=staff)

    decided = match(13)
    assert decided.status == "AWARDED" and decided.winner.name == "WA Mostaganem"
    assert decided.awarded_article == "19.2"
    assert match(1, "LAST_32").home_club.name == "WA Mostaganem"
    fines = Sanction.objects.filter(kind="FINE")
    assert {(f.club.name, f.fine_state) for f in fines} == {("NA Hussein-Dey", "DUE"), ("WA Mostaganem", "DUE")}
    assert AuditEntry.objects.filter(action="sanction.confirmed").count() == 5
    assert AuditEntry.objects.filter(action="match.awarded", actor__username="federation").count() == 1


@pytest.mark.django_db
def test_art_19_2_the_suspended_club_cannot_be_drawn_in_the_next_two_seasons(seeded_edition, staff, seed_text):
    for sanction in stop_for_lack_of_balls(13, staff).values():
        services.confirm_sanction(sanction, actor=staff)
    for year in (2024, 2025):
        edition = set_up_edition(year, "SENIORS_MEN", "2023")
        with pytest.raises(DrawImportError) as refused:
            import_published_draw(seed_text.replace("2024", str(year + 1)), edition, "LAST_64")
        text = " ".join(refused.value.errors)
        assert "NA Hussein-Dey est suspendu" in text and "art. 19.2" in text
        assert not edition.rounds.get(stage="LAST_64").matches.exists()
    third = set_up_edition(2026, "SENIORS_MEN", "2023")
    import_published_draw(seed_text.replace("2024", "2027"), third, "LAST_64")
    assert third.rounds.get(stage="LAST_64").matches.count() == 32


@pytest.mark.django_db
def test_art_19_2_confirming_is_refused_once_the_next_match_was_played(seeded_edition, staff):
    proposed = stop_for_lack_of_balls(13, staff)
    following = match(1, "LAST_32")
    following.home_club = match(13).home_club
    following.status = Match.Status.POSTPONED
    following.save()
    following.status = Match.Status.IN_PLAY
    following.save()
    with pytest.raises(Conflict, match="déjà été joué"):
        services.confirm_sanction(proposed["NA Hussein-Dey", "MATCH_LOST"], actor=staff)
    assert match(13).status == "SUSPENDED"
    assert Sanction.objects.get(pk=proposed["NA Hussein-Dey", "MATCH_LOST"].pk).status == "PROPOSED"


@pytest.mark.django_db
def test_cancelling_on_appeal_undoes_what_was_applied(seeded_edition, staff):
    proposed = stop_for_lack_of_balls(13, staff)
    lost, fine = proposed["NA Hussein-Dey", "MATCH_LOST"], proposed["NA Hussein-Dey", "FINE"]
    services.confirm_sanction(lost, actor=staff)
    services.confirm_sanction(fine, actor=staff)
    with pytest.raises(Refused):
        services.cancel_sanction(lost, actor=staff, reason="  ")
    services.cancel_sanction(lost, actor=staff, reason="Appel accueilli: ballons fournis par la ligue.")
    services.cancel_sanction(fine, actor=staff, reason="Appel accueilli.")
    assert match(13).status == "SUSPENDED" and match(13).winner is None
    assert match(1, "LAST_32").home_club is None
    assert Sanction.objects.get(pk=fine.pk).fine_state == "WAIVED"


@pytest.mark.django_db
def test_art_11_3_a_referral_is_amended_by_staff_before_it_is_confirmed(seeded_edition, staff):
    not_played = Report(
        result=ReportedResult(Score(), finished=False),
        status=Match.Status.CANCELLED,
        incidents=(ReportedIncident(IncidentType.NO_POLICE, Side.HOME),),
    )
    report_result(match(20), not_played, actor=staff)
    referral = Sanction.objects.get()
    assert (referral.kind, referral.article, referral.club) == ("REFERRAL", "11.3", match(20).home_club)
    with pytest.raises(Refused):
        services.confirm_sanction(referral, actor=staff)
    with pytest.raises(Refused):
        services.amend_sanction(referral, actor=staff, reason="Art. 25", kind="FINE", article="25")  # no amount
    services.amend_sanction(
        referral, actor=staff, reason="Art. 25 (texte complet)", kind="FINE", amount=200_000, article="25"
    )
    services.confirm_sanction(referral, actor=staff)
    decided = Sanction.objects.get()
    assert (decided.kind, decided.amount, decided.status, decided.fine_state) == ("FINE", 200_000, "CONFIRMED", "DUE")
    assert AuditEntry.objects.get(action="sanction.amended").data["changes"]["amount"] == [None, 200_000]


@pytest.mark.django_db
def test_points_deductions_are_recorded_for_the_clubs_league(seeded_edition, staff):
    from clubs.models import ClubSeason, League

    lfp = League.objects.get(code="LFP")
    ClubSeason.objects.filter(club=match(13).home_club).update(league=lfp)
    deduction = stop_for_lack_of_balls(13, staff)["NA Hussein-Dey", "POINTS_DEDUCTION"]
    assert (deduction.points, deduction.league) == (3, lfp)


@pytest.mark.django_db
def test_only_confirmed_sanctions_are_public(client, seeded_edition, staff):
    proposed = stop_for_lack_of_balls(13, staff)
    assert client.get("/api/v1/sanctions/").json()["results"] == []
    services.confirm_sanction(proposed["NA Hussein-Dey", "CUP_SUSPENSION"], actor=staff)
    services.cancel_sanction(proposed["NA Hussein-Dey", "FINE"], actor=staff, reason="Erreur de saisie.")
    (public,) = client.get("/api/v1/sanctions/").json()["results"]
    assert public["kind"] == "CUP_SUSPENSION" and public["article"] == "19.2" and public["regulation"] == "2023"
    assert public["club"]["name"] == "NA Hussein-Dey" and public["suspendedSeasons"] == [2024, 2025]
    assert public["match"]["number"] == 13 and public["incident"] == "LACK_OF_BALLS"
    assert client.get("/api/v1/sanctions/?kind=FINE").json()["results"] == []
    assert client.get("/api/v1/sanctions/?colour=red").status_code == 400


@pytest.mark.django_db
def test_staff_decide_in_the_admin_and_a_refusal_changes_nothing(client, seeded_edition, django_user_model):
    admin_user = django_user_model.objects.create_superuser("chef", password="a long pass phrase")
    client.force_login(admin_user)
    proposed = stop_for_lack_of_balls(13, admin_user)
    lost = proposed["NA Hussein-Dey", "MATCH_LOST"]
    url = reverse("admin:sanctions_sanction_change", args=[lost.pk])
    form = {"kind": "MATCH_LOST", "amount": "", "points": "", "first_season": "", "last_season": "", "article": "19.2"}
    response = client.post(url, {**form, "decision": "cancel", "decision_reason": ""})
    assert response.status_code == 200 and Sanction.objects.get(pk=lost.pk).status == "PROPOSED"  # reason required
    response = client.post(url, {**form, "decision": "confirm", "decision_reason": ""})
    assert response.status_code == 302
    assert match(13).status == "AWARDED"
    response = client.post(
        reverse("admin:sanctions_sanction_changelist"),
        {"action": "confirm_selected", "_selected_action": [lost.pk, proposed["NA Hussein-Dey", "FINE"].pk]},
    )
    assert response.status_code == 302
    assert Sanction.objects.get(pk=proposed["NA Hussein-Dey", "FINE"].pk).status == "CONFIRMED"


@pytest.mark.django_db
def test_staff_start_the_next_edition_of_the_regulation_in_the_admin(client, reference, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chef", password="a long pass phrase"))
    source = Regulation.objects.get(code="2023")
    response = client.post(
        reverse("admin:competitions_regulation_changelist"),
        {"action": "start_next_edition", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302
    copy = Regulation.objects.get(code="2024")
    assert copy.sanction_rules.count() == source.sanction_rules.count() == 20
    assert copy.match_formats.count() == 8 and copy.gate_receipts_percent == source.gate_receipts_percent
    SanctionRule.objects.filter(regulation=copy, amount=1_000_000, article="19.2").update(amount=1_500_000)
    assert source.sanction_rules.filter(amount=1_000_000, article="19.2").exists()


@pytest.mark.django_db
def test_a_decision_records_the_rulebook_edition_of_the_match(seeded_edition, staff):
    from competitions.services import copy_regulation

    newer = copy_regulation(seeded_edition.regulation, code="2025", title="Édition 2025", actor=staff)
    newer.sanction_rules.filter(amount=500_000).update(amount=750_000)
    proposed = stop_for_lack_of_balls(13, staff)
    assert proposed["WA Mostaganem", "FINE"].amount == 500_000  # the 2023-24 edition plays under 2023
    seeded_edition.regulation = newer
    seeded_edition.save()
    proposed = stop_for_lack_of_balls(14, staff)
    fine = proposed[match(14).away_club.name, "FINE"]
    assert (fine.amount, fine.regulation.code) == (750_000, "2025")


@pytest.mark.django_db
def test_a_sanctions_decision_has_no_default(client, seeded_edition, django_user_model):
    """Confirming applies a sanction: staff must choose it, it is never what an untouched form sends."""
    admin_user = django_user_model.objects.create_superuser("chef", password="a long pass phrase")
    client.force_login(admin_user)
    lost = stop_for_lack_of_balls(13, admin_user)["NA Hussein-Dey", "MATCH_LOST"]
    url = reverse("admin:sanctions_sanction_change", args=[lost.pk])
    page = client.get(url).content.decode()
    assert '<option value="" selected>' in page
    form = {"kind": "MATCH_LOST", "amount": "", "points": "", "first_season": "", "last_season": "", "article": "19.2"}
    response = client.post(url, {**form, "decision": "", "decision_reason": ""})
    assert response.status_code == 200 and response.context["adminform"].form.errors["decision"]
    assert Sanction.objects.get(pk=lost.pk).status == "PROPOSED" and match(13).status != "AWARDED"


@pytest.mark.django_db
def test_a_suspension_says_the_editions_it_covers(client, seeded_edition, django_user_model):
    admin_user = django_user_model.objects.create_superuser("chef", password="a long pass phrase")
    client.force_login(admin_user)
    suspension = stop_for_lack_of_balls(13, admin_user)["NA Hussein-Dey", "CUP_SUSPENSION"]
    page = client.get(reverse("admin:sanctions_sanction_change", args=[suspension.pk])).content.decode()
    assert "Coupe d&#x27;Algérie 2024-25, 2025-26" in page or "Coupe d'Algérie 2024-25, 2025-26" in page


def decision_page(client, sanction, **changes):
    """Post a sanction's admin page as staff would: its amendable fields as they are, with `changes`."""
    sanction = Sanction.objects.get(pk=sanction.pk)
    data = {
        "kind": sanction.kind,
        "amount": sanction.amount or "",
        "points": sanction.points or "",
        "first_season": sanction.first_season or "",
        "last_season": sanction.last_season or "",
        "article": sanction.article,
        "decision": "",
        "decision_reason": "",
    } | changes
    return client.post(reverse("admin:sanctions_sanction_change", args=[sanction.pk]), data)


@pytest.mark.django_db
def test_a_decision_the_service_would_refuse_is_shown_on_the_form_with_what_was_typed(seeded_edition, staff, client):
    client.force_login(staff)
    fine = stop_for_lack_of_balls(13, staff)["WA Mostaganem", "FINE"]
    # Changed and confirmed at once: the form says to amend first, and keeps the new amount.
    page = decision_page(client, fine, amount="750000", decision="confirm")
    assert page.status_code == 200 and "Modifier la proposition" in page.context["adminform"].form.errors["decision"][0]
    assert 'value="750000"' in page.content.decode()
    # Amended into an incomplete sanction: named next to its field.
    page = decision_page(client, fine, kind="CUP_SUSPENSION", decision="amend", decision_reason="appel")
    assert "first_season" in page.context["adminform"].form.errors
    assert Sanction.objects.get(pk=fine.pk).kind == "FINE" and Sanction.objects.get(pk=fine.pk).status == "PROPOSED"
    # Amended with a reason, then confirmed without one: the amendment's reason stays on the decision.
    decision_page(client, fine, amount="750000", decision="amend", decision_reason="Récidive")
    decision_page(client, fine, decision="confirm")
    decided = Sanction.objects.get(pk=fine.pk)
    assert (decided.status, decided.amount, decided.reason) == ("CONFIRMED", 750_000, "Récidive")
    # Decided: only the appeal is offered.
    form = client.get(reverse("admin:sanctions_sanction_change", args=[fine.pk])).context["adminform"].form
    assert [value for value, _label in form.fields["decision"].choices] == ["", "cancel"]


@pytest.mark.django_db
def test_a_cancelled_sanction_is_read_not_decided(seeded_edition, staff, client):
    fine = stop_for_lack_of_balls(13, staff)["WA Mostaganem", "FINE"]
    services.cancel_sanction(fine, actor=staff, reason="Erreur de saisie.")
    client.force_login(staff)
    page = client.get(reverse("admin:sanctions_sanction_change", args=[fine.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert decision_page(client, fine, decision="confirm").status_code == 403
