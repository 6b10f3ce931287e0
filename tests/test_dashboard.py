"""The staff dashboard on the admin's index: the round being played and what waits for each role, each
queue a count and a link to the list that resolves it, which lists exactly that many."""

import pytest
from django.test import Client
from django.urls import reverse

from cupfaf.roles import STAFF_ROLES
from matches.dashboard import QUEUES, dashboard
from matches.services import report_result
from sanctions import services as sanctions
from tests.conftest import user_with_role
from tests.test_officials import away_win_report
from tests.test_sanctions import match, stop_for_lack_of_balls

pytestmark = pytest.mark.django_db

# What each staff role acts on (cupfaf.roles), hence sees.
SEEN = {
    "competitions_manager": {"Matchs sans coup d'envoi ou sans stade"},
    "draw_officer": {"Tours joués: tirage du tour suivant à préparer", "Tirages préparés ou effectués, pas encore publiés"},
    "results_officer": {
        "Résultats non saisis après le coup d'envoi",
        "Résultats à valider",
        "Résultats renvoyés pour correction",
    },
    "disciplinary_commission": {"Sanctions proposées et renvois à décider"},
    "finance": {"Amendes dues"},
    "auditor": set(),
}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chef", password="a long pass phrase")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_sees_the_queues_it_acts_on(seeded_edition, role):
    user = user_with_role(f"someone-{role}", role)
    assert {str(queue["label"]) for queue in dashboard(user, seeded_edition)["queues"]} == SEEN[role]
    page = signed_in(user).get(reverse("admin:index"))
    assert page.status_code == 200 and "Ce qui vous attend" in page.content.decode()


def test_the_superuser_sees_every_queue_and_each_link_lists_what_it_counts(seeded_edition, superuser):
    report_result(match(1), away_win_report(), actor=superuser)  # one result waits for validation
    proposed = stop_for_lack_of_balls(13, superuser)
    sanctions.confirm_sanction(proposed["NA Hussein-Dey", "FINE"], actor=superuser)  # one fine due
    client = signed_in(superuser)
    found = dashboard(superuser, seeded_edition)
    assert len(found["queues"]) == len(QUEUES) == 8 and found["playing"] == "32e de finale"
    counts = {str(queue["label"]): queue["count"] for queue in found["queues"]}
    assert counts["Résultats à valider"] == 2  # match 1 and match 13
    assert counts["Résultats non saisis après le coup d'envoi"] == 30  # the 1/32 was on 3 February 2024
    assert counts["Amendes dues"] == 1
    assert counts["Sanctions proposées et renvois à décider"] == len(proposed) - 1 > 0
    fines = next(queue for queue in found["queues"] if str(queue["label"]) == "Amendes dues")
    assert "1 000 000 DA" in fines["detail"].replace("\u202f", " ").replace("\xa0", " ")
    for queue in found["queues"]:
        listed = client.get(queue["url"])
        assert listed.status_code == 200, queue["label"]
        if queue["url"].startswith(reverse("admin:competitions_draw_prepare")):
            continue  # the next draw's queue links to the form that prepares it, not to a list
        assert listed.context["cl"].result_count == queue["count"], queue["label"]
    page = client.get(reverse("admin:index")).content.decode()
    assert "Tour en cours" in page and "32e de finale" in page and "Amendes dues" in page


def test_the_edition_is_chosen_in_the_page(seeded_edition, superuser):
    page = signed_in(superuser).get(reverse("admin:index") + f"?edition={seeded_edition.pk}").content.decode()
    assert f'<option value="{seeded_edition.pk}" selected>' in page
    assert signed_in(superuser).get(reverse("admin:index") + "?edition=nonsense").status_code == 200


def test_the_dashboard_is_for_staff_only(seeded_edition):
    assert Client().get(reverse("admin:index")).status_code == 302


def test_a_draw_waiting_for_publication_and_the_round_after_the_last_decided(seeded_edition, superuser):
    from matches import draws
    from tests.drawing import decide_round

    decide_round(seeded_edition, "LAST_64", superuser)
    decide_round(seeded_edition, "LAST_32", superuser)
    found = dashboard(superuser, seeded_edition)
    assert found["playing"] == "16e de finale"  # every round decided: the last published one
    draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=superuser), actor=superuser)
    (waiting,) = [q for q in dashboard(superuser, seeded_edition)["queues"] if str(q["label"]).startswith("Tirages")]
    assert waiting["count"] == 1
    assert signed_in(superuser).get(waiting["url"]).context["cl"].result_count == 1


def test_a_round_played_to_its_last_match_asks_the_draw_officer_for_the_next_draw(seeded_edition, django_user_model):
    from matches.dashboard import dashboard

    from .drawing import decide_round

    boss = django_user_model.objects.create_user("boss2", is_staff=True, is_superuser=True)
    officer = user_with_role("officer2", "draw_officer")

    def next_draw():
        found = dashboard(officer, seeded_edition)["queues"]
        return next(queue for queue in found if str(queue["label"]).startswith("Tours joués"))

    assert next_draw()["count"] == 0  # the 1/32 is being played; the 1/16 is drawn already
    decide_round(seeded_edition, "LAST_64", boss)
    assert next_draw()["count"] == 0  # the 1/16 has its matches
    decide_round(seeded_edition, "LAST_32", boss)
    queue = next_draw()
    assert (queue["count"], queue["detail"]) == (1, "8e de finale")
    client = Client()
    client.force_login(officer)
    page = client.get(queue["url"])
    assert page.status_code == 200 and page.context["form"]["stage"].value() == "LAST_16"
    assert "Tours joués" not in str([q["label"] for q in dashboard(user_with_role("cashier2", "finance"), seeded_edition)["queues"]])


def test_after_a_first_phase_round_the_queue_offers_no_national_draw_too_early(reference, django_user_model):
    from matches.dashboard import dashboard
    from matches.draws import inherited_league

    from .drawing import decide_round, draw_and_publish, regional_edition

    boss = django_user_model.objects.create_user("boss3", is_staff=True, is_superuser=True)
    edition = regional_edition(boss, layout=(("Centre", 10, 3), ("Est", 4, 2), ("Sud", 1, 1)))
    draw_and_publish(edition, "ROUND_1", boss)
    decide_round(edition, "ROUND_1", boss)
    queue = next(q for q in dashboard(boss, edition)["queues"] if str(q["label"]).startswith("Tours joués"))
    assert queue["count"] == 0  # the first phase is not over: no quarter-final to offer
    assert inherited_league(edition.rounds.get(stage="QUARTER_FINALS")) is None
