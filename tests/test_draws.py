"""Draws made by the service (matches.draws): eligibility, lifecycle, verification, advancement."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matches import draws
from competitions.models import Draw, Pairing
from cupfaf.models import AuditEntry
from competitions.verification import verify
from cupfaf.errors import Conflict
from matches.models import Match

from .drawing import decide_round


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", is_staff=True, is_superuser=True)


def matches(edition, stage):
    return list(Match.objects.filter(round__edition=edition, round__stage=stage).order_by("number"))


def test_the_demo_path_to_a_verified_draw_of_the_last_16(seeded_edition, staff, capsys):
    decide_round(seeded_edition, "LAST_64", staff)
    # The 1/16 filled itself as the seed's bracket lines say: line 1 is "Vainqueur N 13 contre Vainqueur N 28".
    first = matches(seeded_edition, "LAST_32")[0]
    by_number = {m.number: m for m in matches(seeded_edition, "LAST_64")}
    assert (first.home_club, first.away_club) == (by_number[13].home_club, by_number[28].home_club)

    with pytest.raises(Conflict, match="16 match"):
        draws.prepare_draw(seeded_edition, "LAST_16", actor=staff, with_next_round=True)
    decide_round(seeded_edition, "LAST_32", staff)

    prepared = draws.prepare_draw(seeded_edition, "LAST_16", actor=staff, with_next_round=True)
    assert prepared.status == Draw.Status.PREPARED and len(prepared.seed_hash) == 64
    assert not Pairing.objects.filter(draw=prepared).exists()
    performed = draws.perform_draw(prepared, actor=staff)
    assert performed.performed_by == staff
    last_16 = matches(seeded_edition, "LAST_16")
    quarters = matches(seeded_edition, "QUARTER_FINALS")
    assert len(last_16) == 8 and len(quarters) == 4
    winners = {m.winner_id for m in matches(seeded_edition, "LAST_32")}
    assert {c for m in last_16 for c in (m.home_club_id, m.away_club_id)} == winners
    assert all(m.next_match in quarters for m in last_16)
    draws.publish_draw(performed, actor=staff)
    assert Draw.objects.get(round__stage="QUARTER_FINALS", round__edition=seeded_edition).status == "PUBLISHED"

    performed.refresh_from_db()
    assert all(check.passed for check in verify(performed))
    call_command("verify_draw", str(performed.pk))
    assert "Tirage vérifié" in capsys.readouterr().out
    actions = list(
        AuditEntry.objects.filter(object_id=str(performed.pk), action__startswith="draw.").values_list(
            "action", "actor"
        )
    )
    assert actions[::-1] == [("draw.prepared", staff.pk), ("draw.performed", staff.pk), ("draw.published", staff.pk)]


def test_tampering_with_a_pairing_the_inputs_or_the_seed_is_detected(seeded_edition, staff):
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    drawn = draws.perform_draw(draws.prepare_draw(seeded_edition, "LAST_16", actor=staff), actor=staff)
    drawn = draws.publish_draw(drawn, actor=staff)

    first, second = Pairing.objects.filter(draw=drawn).order_by("number")[:2]
    Pairing.objects.filter(pk=first.pk).update(home_club=second.home_club_id, away_club=first.away_club_id)
    Pairing.objects.filter(pk=second.pk).update(home_club=first.home_club_id)
    failed = {check.name for check in verify(drawn) if not check.passed}
    assert failed == {"outcome"}
    with pytest.raises(CommandError):
        call_command("verify_draw", str(drawn.pk))
    Pairing.objects.filter(pk=first.pk).update(home_club=first.home_club_id)
    Pairing.objects.filter(pk=second.pk).update(home_club=second.home_club_id)
    assert all(check.passed for check in verify(drawn))

    other = "1" if drawn.seed.endswith("0") else "0"  # always a different seed
    Draw.objects.filter(pk=drawn.pk).update(seed=drawn.seed[:-1] + other)
    drawn.refresh_from_db()
    assert {"seed_hash", "outcome"} <= {check.name for check in verify(drawn) if not check.passed}
    Draw.objects.filter(pk=drawn.pk).update(inputs=drawn.inputs.replace("\n", "\n ", 1))
    drawn.refresh_from_db()
    assert "inputs_hash" in {check.name for check in verify(drawn) if not check.passed}
