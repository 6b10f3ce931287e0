"""Two people acting at once cannot corrupt state: the second import waits, then finds the draw recorded."""

import threading

import pytest
from django.db import connection

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
