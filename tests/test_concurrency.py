"""Two people acting at once cannot corrupt state: the second import waits, then finds the draw recorded."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from clubs.models import Club
from competitions.draw_import import import_published_draw
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
