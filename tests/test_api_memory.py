"""A worker keeps nothing of what it served: after a request, its view, response and the matches it
read are gone, whatever the endpoint (an action documented with @extend_schema included)."""

import gc

import pytest
from django.test import Client

from matches.models import Match

pytestmark = pytest.mark.django_db


def alive(kind):
    gc.collect()
    return sum(1 for thing in gc.get_objects() if type(thing) is kind)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/editions/{edition}/bracket/",
        "/api/v1/editions/{edition}/draws/",
        "/api/v1/matches/",
        "/api/v1/matches/{match}/",
        "/v4/competitions/{edition}/matches",
    ],
)
def test_nothing_a_request_read_outlives_it(seeded_edition, path):
    client = Client()
    url = path.format(edition=seeded_edition.pk, match=Match.objects.first().pk)
    assert client.get(url).status_code == 200
    before = alive(Match)
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert alive(Match) == before == 0
