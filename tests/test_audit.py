"""The audit trail is complete: every change says who, when, through what, and each changed field before and after."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from knox.models import AuthToken

from clubs.models import League, Stadium
from matches import draws
from competitions.models import Draw
from competitions.regulation.results import ReportedGoal, ReportedResult
from cupfaf.audit import action_label
from cupfaf.models import AuditEntry
from matches.models import Match
from competitions.regulation.score import Pair, Score, Side
from matches.services import Report, report_result, schedule_match
from sanctions import services
from sanctions.models import Sanction

from .drawing import decide_round
from .test_sanctions import stop_for_lack_of_balls

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)


def match(number, stage="LAST_64"):
    return Match.objects.get(round__stage=stage, number=number)


def test_a_report_records_goals_and_gate_receipts_before_and_after(seeded_edition, staff):
    first = Report(
        ReportedResult(
            Score(half_time=Pair(1, 0), regular_time=Pair(1, 0)),
            (ReportedGoal(team=Side.HOME, minute=10, scorer="Rahmani"),),
        ),
        gate_receipts=400_000,
    )
    report_result(match(1), first, actor=staff)
    corrected = Report(
        ReportedResult(
            Score(half_time=Pair(0, 0), regular_time=Pair(0, 1)),
            (ReportedGoal(team=Side.AWAY, minute=90, injury_time=2, scorer="Bchou"),),
        ),
        gate_receipts=450_000,
    )
    report_result(match(1), corrected, actor=staff)
    entry = AuditEntry.objects.filter(action="match.reported").order_by("id").last()
    assert entry.data["before"]["goals"] == [[10, None, "HOME", "Rahmani", "REGULAR"]]
    assert entry.data["after"]["goals"] == [[90, 2, "AWAY", "Bchou", "REGULAR"]]
    assert (entry.data["before"]["gate_receipts"], entry.data["after"]["gate_receipts"]) == (400_000, 450_000)
    assert entry.data["before"]["score"][1] == [1, 0] and entry.data["after"]["score"][1] == [0, 1]


def test_scheduling_records_each_field_before_and_after(seeded_edition, staff):
    stadium = Stadium.objects.create(name="Stade du 5 Juillet", city="Alger", capacity=64_000)
    lfp = League.objects.get(code="LFP")
    kickoff = timezone.make_aware(datetime.datetime(2024, 2, 3, 17, 45))
    schedule_match(match(1), kickoff=kickoff, venue=stadium, league=lfp, actor=staff)
    schedule_match(match(1), kickoff=kickoff, venue=None, league=lfp, actor=staff)
    first, second = AuditEntry.objects.filter(action="match.scheduled").order_by("id")
    assert first.data["venue"] == [None, str(stadium)] and first.data["league"] == [None, str(lfp)]
    assert first.data["kickoff"][0] is None and first.data["kickoff"][1].startswith("2024-02-03")
    assert second.data == {"venue": [str(stadium), None]}


def test_confirming_records_what_was_applied_and_an_award_its_before(seeded_edition, staff):
    proposed = stop_for_lack_of_balls(13, staff)
    services.confirm_sanction(proposed[("NA Hussein-Dey", "MATCH_LOST")], actor=staff)
    services.confirm_sanction(proposed[("NA Hussein-Dey", "FINE")], actor=staff, reason="rapport de l'arbitre")
    services.confirm_sanction(proposed[("NA Hussein-Dey", "CUP_SUSPENSION")], actor=staff)
    lost, fine, suspension = AuditEntry.objects.filter(action="sanction.confirmed").order_by("id")
    assert lost.data["applied"]["match"] == {"id": match(13).pk, "status": "AWARDED", "winner": "WA Mostaganem"}
    assert fine.data["applied"] | {"fine_state": fine.data["applied"]["fine_state"]} == {
        "kind": "FINE",
        "club": "NA Hussein-Dey",
        "article": "19.2",
        "amount": 1_000_000,
        "fine_state": [None, "DUE"],
    }
    assert fine.data["reason"] == "rapport de l'arbitre" and fine.data["status"] == ["PROPOSED", "CONFIRMED"]
    assert suspension.data["applied"]["seasons"] == [2024, 2025]
    award = AuditEntry.objects.get(action="match.awarded")
    assert award.data["before"]["status"] == "SUSPENDED" and award.data["before"]["winner"] is None
    assert award.data["after"]["status"] == "AWARDED" and award.data["after"]["winner"] == match(13).away_club_id


def test_cancelling_a_confirmed_fine_records_the_states_before_and_after(seeded_edition, staff):
    fine = stop_for_lack_of_balls(13, staff)[("WA Mostaganem", "FINE")]
    services.confirm_sanction(fine, actor=staff)
    services.cancel_sanction(Sanction.objects.get(pk=fine.pk), actor=staff, reason="appel accueilli")
    entry = AuditEntry.objects.get(action="sanction.cancelled")
    assert entry.data == {
        "reason": "appel accueilli",
        "status": ["CONFIRMED", "CANCELLED"],
        "fine_state": ["DUE", "WAIVED"],
    }


def test_what_a_change_went_through_is_recorded(seeded_edition, staff, client):
    key = AuthToken.objects.create(user=staff, expiry=None)[1]
    response = Client().post(
        f"/api/v1/matches/{match(2).pk}/report/",
        data=json.dumps({"score": {"halfTime": {"home": 0, "away": 0}, "regularTime": {"home": 1, "away": 0}}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="match.reported")
    assert entry.via == f"api token {AuthToken.objects.get().token_key}" and key.startswith(entry.via[10:])
    assert entry.actor == staff
    client.force_login(staff)
    client.post(
        reverse("admin:matches_match_change", args=[match(3).pk]),
        {
            "kickoff_0": "",
            "kickoff_1": "",
            "venue": "",
            "league": League.objects.get(code="LFP").pk,
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
            "incidents-TOTAL_FORMS": "0",
            "incidents-INITIAL_FORMS": "0",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        },
    )
    assert AuditEntry.objects.get(action="match.scheduled").via == "admin"
    assert {e.via for e in AuditEntry.objects.filter(action="draw.imported")} == {""}  # imported in code


def test_cancelling_a_draw_in_the_admin_asks_for_a_reason(seeded_edition, staff, client):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    prepared = draws.prepare_draw(seeded_edition, "LAST_16", actor=staff)
    client.force_login(staff)
    changelist = reverse("admin:competitions_draw_changelist")
    page = client.post(changelist, {"action": "cancel", "_selected_action": [prepared.pk]})
    assert page.status_code == 200 and "motif" in page.content.decode()
    page = client.post(changelist, {"action": "cancel", "apply": "1", "_selected_action": [prepared.pk], "reason": " "})
    assert page.status_code == 200 and Draw.objects.filter(pk=prepared.pk).exists()
    page = client.post(
        changelist,
        {"action": "cancel", "apply": "1", "_selected_action": [prepared.pk], "reason": "résultat corrigé"},
    )
    assert page.status_code == 302 and not Draw.objects.filter(pk=prepared.pk).exists()
    assert AuditEntry.objects.get(action="draw.cancelled").data["reason"] == "résultat corrigé"


def test_the_service_refuses_a_cancellation_without_a_reason(seeded_edition, staff):
    from cupfaf.errors import Refused

    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    prepared = draws.prepare_draw(seeded_edition, "LAST_16", actor=staff)
    with pytest.raises(Refused):
        draws.cancel_draw(prepared, actor=staff, reason="  ")
    assert Draw.objects.filter(pk=prepared.pk).exists()


def test_staff_read_the_trail_in_their_language_with_each_objects_history(seeded_edition, staff, client):
    assert str(action_label("match.reported")) == "résultat saisi"
    assert str(action_label("clubseason.changed")) == "clubseason: modification"
    with translation.override("en"):
        assert (str(action_label("match.reported")), str(action_label("club.deleted"))) == (
            "result reported",
            "club: deleted",
        )
    with translation.override("ar"):
        assert str(action_label("sanction.confirmed")) == "عقوبة مؤكدة"
    client.force_login(staff)
    drawn = Draw.objects.first()
    history = client.get(reverse("admin:competitions_draw_history", args=[drawn.pk]), follow=True)
    assert history.status_code == 200
    rows = history.context["cl"].result_list
    assert [entry.action for entry in rows] == ["draw.imported"] and rows[0].object_id == str(drawn.pk)
    with translation.override("en"):
        page = client.get(reverse("admin:cupfaf_auditentry_changelist"), headers={"accept-language": "en"})
    assert page.status_code == 200
