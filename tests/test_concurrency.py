"""Two people acting at once cannot corrupt state: the second import waits, then finds the draw recorded."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from clubs.models import Club
from matches.draw_import import import_published_draw
from competitions.models import Draw, Edition, Pairing
from matches.models import Match


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_record_one_draw(edition, seed_text):
    barrier = threading.Barrier(2)
    reports, failures = [], []

    def import_once():
        try:
            barrier.wait(timeout=10)
            reports.append(
                import_published_draw(seed_text, Edition.objects.get(pk=edition.pk), "LAST_64", create_clubs=True)
            )
        except Exception as error:  # the assertion below shows it
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(len(report.draws_created) for report in reports) == [0, 2]
    assert Draw.objects.count() == 2 and Pairing.objects.count() == 48 and Match.objects.count() == 48


@pytest.mark.django_db(transaction=True)
def test_two_transactions_cannot_both_put_a_club_into_one_round(edition):
    """The trigger itself serialises writers of a round: no service lock is needed to keep the rule."""
    last_64 = edition.rounds.get(stage="LAST_64")
    kabylie, *others = [Club.objects.create(name=name) for name in ("JS Kabylie", "CR Belouizdad", "MC Alger")]
    barrier = threading.Barrier(2)
    outcomes = []

    def insert(number, opponent):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                Match.objects.create(round=last_64, number=number, home_club=kabylie, away_club=opponent)
                time.sleep(0.3)  # both transactions are open at once
            outcomes.append("saved")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=insert, args=(n, club)) for n, club in enumerate(others, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "saved"]
    assert Match.objects.filter(round=last_64).count() == 1


def _at_once(action, times=2):
    """Run `action` in `times` threads released together; return what each returned or raised."""
    barrier = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=10)
            outcomes.append(action())
        except Exception as error:  # the caller's assertions show it
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _ready_for_the_last_16(edition, seed_text, django_user_model):
    from .drawing import decide_round

    staff = django_user_model.objects.create_user("staff", is_staff=True, is_superuser=True)
    import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    decide_round(edition, "LAST_64", staff)
    decide_round(edition, "LAST_32", staff)
    return staff


@pytest.mark.django_db(transaction=True)
def test_two_staff_preparing_and_performing_the_same_draw_at_once_make_one_draw(edition, seed_text, django_user_model):
    from matches import draws
    from cupfaf.errors import Conflict

    staff = _ready_for_the_last_16(edition, seed_text, django_user_model)
    prepared = _at_once(lambda: draws.prepare_draw(Edition.objects.get(pk=edition.pk), "LAST_16", actor=staff))
    assert sorted(type(o).__name__ for o in prepared) == ["Conflict", "Draw"], prepared
    (made,) = [o for o in prepared if isinstance(o, Draw)]

    performed = _at_once(lambda: draws.perform_draw(Draw.objects.get(pk=made.pk), actor=staff))
    assert sorted(type(o).__name__ for o in performed) == ["Conflict", "Draw"], performed
    assert any(isinstance(o, Conflict) and "déjà effectué" in str(o) for o in performed)
    assert Pairing.objects.filter(draw=made).count() == 8
    assert Match.objects.filter(round__stage="LAST_16").count() == 8


@pytest.mark.django_db(transaction=True)
def test_a_draw_that_fails_half_way_leaves_nothing_behind(edition, seed_text, django_user_model, monkeypatch):
    from matches import draws
    from competitions.models import Exemption
    from cupfaf.models import AuditEntry

    staff = _ready_for_the_last_16(edition, seed_text, django_user_model)
    prepared = draws.prepare_draw(edition, "LAST_16", actor=staff, with_next_round=True)

    def fail(*args, **kwargs):
        raise RuntimeError("the server stopped here")

    monkeypatch.setattr(draws, "_link_feeders", fail)  # after the pairings and matches are written
    with pytest.raises(RuntimeError):
        draws.perform_draw(prepared, actor=staff)
    prepared.refresh_from_db()
    assert prepared.status == Draw.Status.PREPARED and prepared.performed_at is None
    assert not Pairing.objects.filter(draw__round__stage__in=["LAST_16", "QUARTER_FINALS"]).exists()
    assert not Match.objects.filter(round__stage__in=["LAST_16", "QUARTER_FINALS"]).exists()
    assert not Exemption.objects.exists() and not Draw.objects.filter(round__stage="QUARTER_FINALS").exists()
    assert not AuditEntry.objects.filter(action="draw.performed").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the whole database, not rows")
def test_locking_a_match_locks_only_that_match(seeded_edition):
    """A report locks its match's row, not the joined round, edition and regulation: a report on
    another match of the same round, or a change to the edition, does not wait for it."""
    from django.db import DatabaseError

    from competitions.models import Regulation, Round
    from matches.services import lock_match

    first, second = Match.objects.filter(round__stage="LAST_64").order_by("number")[:2]
    locked, blocked = threading.Event(), []

    def other_transaction():
        locked.wait(timeout=10)
        try:
            with transaction.atomic():
                Round.objects.select_for_update(nowait=True).get(pk=first.round_id)
                Edition.objects.select_for_update(nowait=True).get(pk=seeded_edition.pk)
                Regulation.objects.select_for_update(nowait=True).get(pk=seeded_edition.regulation_id)
                lock_match(second.pk)
        except DatabaseError as error:
            blocked.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=other_transaction)
    thread.start()
    with transaction.atomic():
        lock_match(first.pk)
        locked.set()
        thread.join(timeout=20)
    assert blocked == []


@pytest.mark.django_db(transaction=True)
def test_a_validator_and_a_correction_at_once_leave_a_consistent_record(seeded_edition):
    """One validates version 1 while the reporter submits version 2: either order is fine, never both
    versions waiting, never version 1 validated after version 2 replaced it."""
    from cupfaf.errors import Refused
    from matches.models import ResultReport
    from matches.services import report_result, validate_report
    from tests.conftest import user_with_role
    from tests.test_officials import away_win_report, shootout_report

    reporter = user_with_role("reporter", "results_officer")
    validator = user_with_role("validator", "results_officer")
    match = Match.objects.get(round__stage="LAST_64", number=13)
    report_result(match, shootout_report(), actor=reporter)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(name, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append((name, "done"))
        except Refused:
            outcomes.append((name, "refused"))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("validate", lambda: validate_report(match, number=1, actor=validator))),
        threading.Thread(target=act, args=("correct", lambda: report_result(match, away_win_report(), actor=reporter, reason="Score corrigé."))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    states = dict(ResultReport.objects.values_list("number", "state"))
    assert ("correct", "done") in outcomes
    if ("validate", "done") in outcomes:
        assert states == {1: "VALIDATED", 2: "SUBMITTED"}
    else:
        assert states == {1: "SUPERSEDED", 2: "SUBMITTED"}
    assert Match.objects.get(pk=match.pk).result_state == "SUBMITTED"
