"""Staff draw in the admin through the same service as the API: prepare, perform, publish, or type in a ceremony."""

import pytest
from django.urls import reverse

from matches.draw_import import DrawImportError, import_published_draw
from competitions.models import Draw
from cupfaf.models import AuditEntry
from matches.models import Match

from .drawing import decide, decide_round, draw_and_publish, regional_edition


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_prepare_perform_and_publish_a_draw_in_the_admin(staff_client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    page = staff_client.post(
        reverse("admin:competitions_draw_prepare"),
        {"edition": seeded_edition.pk, "stage": "LAST_16", "with_next_round": "on", "seed_source": ""},
    )
    assert page.status_code == 200
    assert "16 match(s) des 16e de finale sans qualifié" in page.content.decode()
    assert not Draw.objects.filter(round__stage="LAST_16").exists()

    decide_round(seeded_edition, "LAST_32", staff)
    page = staff_client.post(
        reverse("admin:competitions_draw_prepare"),
        {
            "edition": seeded_edition.pk,
            "stage": "LAST_16",
            "with_next_round": "on",
            "seed_source": "Bloc Bitcoin 930000",
        },
    )
    prepared = Draw.objects.get(round__stage="LAST_16")
    assert page.status_code == 302 and prepared.status == "PREPARED" and prepared.seed == ""

    perform_url = reverse("admin:competitions_draw_perform", args=[prepared.pk])
    page = staff_client.post(perform_url, {"seed": ""})
    assert "Saisissez la valeur annoncée comme graine: Bloc Bitcoin 930000" in page.content.decode()
    page = staff_client.post(perform_url, {"seed": "00000000000000000001a2b3c4"})
    prepared.refresh_from_db()
    assert page.status_code == 302 and prepared.status == "PERFORMED" and prepared.performed_by == staff

    staff_client.post(
        reverse("admin:competitions_draw_changelist"), {"action": "publish", "_selected_action": [prepared.pk]}
    )
    prepared.refresh_from_db()
    assert prepared.status == "PUBLISHED" and prepared.published_by == staff
    assert Draw.objects.get(drawn_with=prepared).status == "PUBLISHED"
    page = staff_client.get(reverse("admin:competitions_draw_change", args=[prepared.pk]))
    assert page.status_code == 200 and "00000000000000000001a2b3c4" in page.content.decode()


def test_a_ceremony_typed_in_the_admin_is_checked_and_a_wrong_one_saves_nothing(reference, staff_client, staff):
    edition = regional_edition(staff, layout=(("Centre", 2, 1), ("Est", 2, 1)), l1_clubs=0)
    url = reverse("admin:competitions_draw_ceremony")
    wrong = "1. Centre 01 (Rég) – Est 01 (Rég)\n2. Centre 02 (Rég) – Est 02 (Rég)\n"
    page = staff_client.post(url, {"edition": edition.pk, "stage": "ROUND_1", "text": wrong})
    body = page.content.decode()
    assert (
        page.status_code == 200
        and "ligne 1: appariement n° 1: Centre 01 (Centre) et Est 01 (Est) ne sont pas de la même région" in body
    )
    assert not Draw.objects.exists()

    right = "1. Centre 02 (Rég) – Centre 01 (Rég)\n2. Est 01 (Rég) – Est 02 (Rég)\n"
    page = staff_client.post(url, {"edition": edition.pk, "stage": "ROUND_1", "text": right, "held_on": "2030-09-05"})
    assert page.status_code == 302
    assert [str(m) for m in Match.objects.order_by("number")] == [
        "Tour 1 n° 1: Centre 02 – Centre 01".join(["Coupe d'Algérie Seniors garçons 2030-31 — ", ""]),
        "Tour 1 n° 2: Est 01 – Est 02".join(["Coupe d'Algérie Seniors garçons 2030-31 — ", ""]),
    ]
    assert AuditEntry.objects.filter(action="draw.imported", actor=staff).count() == 1


def test_import_draw_refuses_a_club_that_is_not_qualified(reference, staff):
    edition = regional_edition(staff, layout=(("Centre", 4, 1),), l1_clubs=0)
    draw_and_publish(edition, "ROUND_1", staff)
    decide_round(edition, "ROUND_1", staff)
    loser = Match.objects.filter(round__stage="ROUND_1").first()
    loser = loser.away_club if loser.winner == loser.home_club else loser.home_club
    winners = [m.winner for m in Match.objects.filter(round__stage="ROUND_1").order_by("number")]
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(f"1. {winners[0].name} (Rég) – {loser.name} (Rég)\n", edition, "ROUND_2")
    assert refused.value.errors[0] == f"ligne 1: {loser.name} n'est pas qualifié pour ce tour"
    assert refused.value.errors[1] == f"qualifiés absents du tirage: {winners[1].name}"


def test_a_round_is_chosen_by_its_name_never_typed_as_a_code(staff_client, seeded_edition):
    page = staff_client.get(reverse("admin:competitions_draw_prepare")).content.decode()
    assert '<option value="LAST_16">8e de finale</option>' in page and "LAST_64 (32e)" not in page
    assert page.index("Tour 1<") < page.index("32e de finale") < page.index("8e de finale") < page.index("Finale<")
    refused = staff_client.post(reverse("admin:competitions_draw_prepare"), {"edition": seeded_edition.pk, "stage": "8e de finale"})
    assert refused.status_code == 200 and refused.context["form"].errors["stage"]
    assert not Draw.objects.filter(round__stage="LAST_16").exists()
    assert '<option value="LAST_16">8e de finale</option>' in staff_client.get(reverse("admin:competitions_draw_ceremony")).content.decode()


def test_perform_publish_and_cancel_are_buttons_on_the_draws_page_each_confirmed(staff_client, seeded_edition, staff):
    from tests.conftest import user_with_role

    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    prepare = reverse("admin:competitions_draw_prepare")
    staff_client.post(prepare, {"edition": seeded_edition.pk, "stage": "LAST_16", "seed_source": ""})
    prepared = Draw.objects.get(round__stage="LAST_16")
    page = staff_client.get(reverse("admin:competitions_draw_change", args=[prepared.pk])).content.decode()
    cancel = reverse("admin:competitions_draw_cancel", args=[prepared.pk])
    assert reverse("admin:competitions_draw_perform", args=[prepared.pk]) in page and cancel in page
    assert "pourra être préparé à nouveau" in staff_client.get(cancel).content.decode()  # says what it will do
    refused = staff_client.post(cancel, {"reason": " "})
    assert refused.status_code == 200 and Draw.objects.filter(pk=prepared.pk).exists()  # a reason is required

    staff_client.post(reverse("admin:competitions_draw_perform", args=[prepared.pk]), {"seed": ""})
    page = staff_client.get(reverse("admin:competitions_draw_change", args=[prepared.pk])).content.decode()
    publish = reverse("admin:competitions_draw_publish", args=[prepared.pk])
    assert publish in page and cancel not in page
    assert "ne peut plus être annulé" in staff_client.get(publish).content.decode()
    assert Draw.objects.get(pk=prepared.pk).status == "PERFORMED"  # a GET only asks
    assert staff_client.post(publish, {}).status_code == 302 and Draw.objects.get(pk=prepared.pk).status == "PUBLISHED"

    auditor = user_with_role("reader", "auditor")
    staff_client.force_login(auditor)
    assert publish not in staff_client.get(reverse("admin:competitions_draw_change", args=[prepared.pk])).content.decode()
    assert staff_client.post(publish, {}).status_code == 403


def test_a_prepared_draw_is_cancelled_from_its_page_with_its_reason(staff_client, seeded_edition, staff):
    from cupfaf.models import AuditEntry

    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    staff_client.post(reverse("admin:competitions_draw_prepare"), {"edition": seeded_edition.pk, "stage": "LAST_16", "seed_source": ""})
    prepared = Draw.objects.get(round__stage="LAST_16")
    response = staff_client.post(reverse("admin:competitions_draw_cancel", args=[prepared.pk]), {"reason": "Un club exclu."})
    assert response.status_code == 302 and not Draw.objects.filter(pk=prepared.pk).exists()
    assert AuditEntry.objects.get(action="draw.cancelled").data["reason"] == "Un club exclu."


def test_a_second_perform_says_when_and_by_whom_in_words(staff_client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    staff_client.post(reverse("admin:competitions_draw_prepare"), {"edition": seeded_edition.pk, "stage": "LAST_16", "seed_source": ""})
    prepared = Draw.objects.get(round__stage="LAST_16")
    perform = reverse("admin:competitions_draw_perform", args=[prepared.pk])
    staff_client.post(perform, {"seed": ""})
    again = staff_client.post(perform, {"seed": ""}).content.decode()
    assert "déjà effectué, le " in again and f"par {staff.get_username()}" in again
    assert "None" not in again.split("déjà effectué")[1][:120]
    ceremony = Draw.objects.get(round__stage="LAST_64")  # the seed's draw, recorded as held in public
    said = staff_client.post(reverse("admin:competitions_draw_perform", args=[ceremony.pk]), {"seed": ""}).content.decode()
    assert "rien à effectuer" in said


def test_the_verification_page_says_ok_with_the_pairings_by_club_name(staff_client, seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    staff_client.post(reverse("admin:competitions_draw_prepare"), {"edition": seeded_edition.pk, "stage": "LAST_16", "seed_source": ""})
    drawn = Draw.objects.get(round__stage="LAST_16")
    staff_client.post(reverse("admin:competitions_draw_perform", args=[drawn.pk]), {"seed": ""})
    staff_client.post(reverse("admin:competitions_draw_publish", args=[drawn.pk]), {})
    page = staff_client.get(reverse("admin:competitions_draw_verify", args=[drawn.pk]))
    assert page.context["verified"] and "empreinte de la graine" in page.content.decode()
    first = drawn.pairings.select_related("home_club", "away_club").get(number=1)
    assert f"n° 1: {first.home_club} – {first.away_club}" in page.context["outcome_in_words"]
    assert len(page.context["outcome_in_words"]) == 8


def test_a_drawn_national_round_is_organised_by_the_league_that_organised_the_previous_one(seeded_edition, staff):
    from clubs.models import League

    lfp, lirf = League.objects.get(code="LFP"), League.objects.get(code="LIRF")
    Match.objects.filter(round__edition=seeded_edition).update(league=lfp)
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    draw_and_publish(seeded_edition, "LAST_16", staff)
    assert set(Match.objects.filter(round__stage="LAST_16").values_list("league", flat=True)) == {lfp.pk}
    # Leagues that differ: nobody is assumed, staff choose on the schedule page.
    Match.objects.filter(round__stage="LAST_16", number=1).update(league=lirf)
    for match in Match.objects.filter(round__stage="LAST_16"):
        decide(match, staff)
    draw_and_publish(seeded_edition, "QUARTER_FINALS", staff)
    assert set(Match.objects.filter(round__stage="QUARTER_FINALS").values_list("league", flat=True)) == {None}
