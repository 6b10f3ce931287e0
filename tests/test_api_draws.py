"""The draws API over HTTP, checked against the OpenAPI schema it serves, and the README's verification script."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from competitions.models import Draw, Edition
from matches.models import Match

from .drawing import decide_round
from .test_api_matches import get
from .test_reports import post, token_for

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def api(live_server, seeded_edition):
    return live_server.url + "/api/v1"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", is_staff=True, is_superuser=True)


@pytest.fixture
def draw_schema(api):
    _, _, document = get(api + "/schema/?format=json")
    registry = Registry().with_resource("urn:cupfaf-api", Resource.from_contents(document, DRAFT202012))
    return Draft202012Validator({"$ref": "urn:cupfaf-api#/components/schemas/Draw"}, registry=registry)


@pytest.fixture
def ready(seeded_edition, staff):
    """The 1/32 and 1/16 decided: the 1/8 can be drawn."""
    decide_round(seeded_edition, "LAST_64", staff)
    decide_round(seeded_edition, "LAST_32", staff)
    return seeded_edition


def test_drawing_needs_a_staff_token(api, ready, django_user_model):
    url = f"{api}/editions/{ready.pk}/draws/"
    assert post(url, {"stage": "LAST_16"})[0] == 401
    journalist = token_for(django_user_model.objects.create_user("journalist"))
    assert post(url, {"stage": "LAST_16"}, Authorization=f"Token {journalist}")[0] == 403
    assert not Draw.objects.filter(round__stage="LAST_16").exists()


def test_prepare_perform_publish_over_http_and_only_published_pairings_are_public(api, ready, staff, draw_schema):
    auth = {"Authorization": f"Token {token_for(staff)}"}
    status, _, prepared = post(f"{api}/editions/{ready.pk}/draws/", {"stage": "LAST_16", "withNextRound": True}, **auth)
    assert status == 201, prepared
    draw_schema.validate(prepared)
    assert prepared["status"] == "PREPARED" and prepared["pairings"] is None and prepared["seed"] is None
    assert len(prepared["commitment"]["seedHash"]) == 64 and prepared["inputs"].startswith(
        "cupfaf-draw-1\nround LAST_16\nnext 4\npot 8 national\n"
    )

    status, _, performed = post(f"{api}/draws/{prepared['id']}/perform/", {}, **auth)
    assert status == 200 and performed["status"] == "PERFORMED"
    _, _, public = get(f"{api}/draws/{prepared['id']}/")
    assert public["pairings"] is None and public["seed"] is None
    assert get(f"{api}/matches/?stage=LAST_16")[2]["results"] == []
    assert post(f"{api}/draws/{prepared['id']}/perform/", {}, **auth)[0] == 409

    status, _, published = post(f"{api}/draws/{prepared['id']}/publish/", {}, **auth)
    assert status == 200, published
    draw_schema.validate(published)
    assert len(published["pairings"]) == 8 and published["seed"] and published["nextDraw"]
    assert len(get(f"{api}/matches/?stage=LAST_16")[2]["results"]) == 8
    _, _, following = get(f"{api}/draws/{published['nextDraw']}/")
    assert following["drawnWith"] == published["id"] and len(following["pairings"]) == 4
    assert {p["home"]["winnerOf"] for p in following["pairings"]} | {
        p["away"]["winnerOf"] for p in following["pairings"]
    } == set(range(1, 9))
    _, _, edition = get(f"{api}/editions/{ready.pk}/")
    # The round being played: the 1/8 are drawn (with the quarter-finals) and none is decided yet.
    assert edition["currentStage"] == "LAST_16" and edition["winner"] is None


def test_a_refused_draw_names_what_is_wrong_and_changes_nothing(api, seeded_edition, staff):
    auth = {"Authorization": f"Token {token_for(staff)}"}
    status, _, body = post(f"{api}/editions/{seeded_edition.pk}/draws/", {"stage": "LAST_16"}, **auth)
    assert status == 409 and "sans qualifié" in body["detail"] and body["article"] == "12.1"
    status, _, body = post(
        f"{api}/editions/{seeded_edition.pk}/draws/", {"stage": "LAST_16", "method": "CEREMONY"}, **auth
    )
    assert status == 400 and "pairings" in body["errors"]
    status, _, body = post(
        f"{api}/editions/{seeded_edition.pk}/draws/",
        {"stage": "LAST_16", "method": "CEREMONY", "pairings": [{"home": 999999, "away": 1}]},
        **auth,
    )
    assert status == 400 and body["errors"]["pairings[0].home"] == ["Club inconnu: 999999."]
    assert not Draw.objects.filter(round__stage="LAST_16").exists()


def test_a_ceremony_draw_recorded_over_http(api, ready, staff):
    auth = {"Authorization": f"Token {token_for(staff)}"}
    winners = [m.winner_id for m in Match.objects.filter(round__stage="LAST_32").order_by("number")]
    pairings = [{"home": winners[i], "away": winners[i + 1]} for i in range(0, 16, 2)]
    status, _, body = post(
        f"{api}/editions/{ready.pk}/draws/",
        {"stage": "LAST_16", "method": "CEREMONY", "pairings": pairings[:-1]},
        **auth,
    )
    assert status == 400 and "qualifiés absents du tirage" in body["detail"]
    status, _, body = post(
        f"{api}/editions/{ready.pk}/draws/",
        {"stage": "LAST_16", "method": "CEREMONY", "heldOn": "2024-03-01", "pairings": pairings},
        **auth,
    )
    assert status == 201 and body["status"] == "PERFORMED" and body["commitment"] is None


def test_the_readme_procedure_verifies_a_published_draw_without_our_code(api, ready, staff, tmp_path):
    from matches import draws

    drawn = draws.perform_draw(
        draws.prepare_draw(Edition.objects.get(pk=ready.pk), "LAST_16", actor=staff, with_next_round=True), actor=staff
    )
    draws.publish_draw(drawn, actor=staff)
    script = re.search(
        r"<!-- verify-draw-script -->\n```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S
    ).group(1)
    path = tmp_path / "verify.py"
    path.write_text(script, encoding="utf-8")

    def run():
        return subprocess.run(
            [sys.executable, "-I", str(path), f"{api}/draws/{drawn.pk}/"], capture_output=True, text=True, timeout=60
        )

    result = run()
    assert result.stdout.strip() == "OK", result.stderr
    first = drawn.pairings.get(number=1)
    drawn.pairings.filter(number=1).update(home_club=first.away_club_id, away_club=first.home_club_id)
    assert run().stdout.strip().startswith("DIFFERENT")


def test_the_bracket_shows_every_published_match_and_where_its_winner_goes(api, seeded_edition):
    status, _, bracket = get(f"{api}/editions/{seeded_edition.pk}/bracket/")
    assert status == 200 and bracket["edition"] == seeded_edition.pk
    assert [(r["stage"], r["name"], len(r["matches"])) for r in bracket["rounds"]] == [
        ("LAST_64", "32e de finale", 32),
        ("LAST_32", "16e de finale", 16),
    ]
    matches = [m for r in bracket["rounds"] for m in r["matches"]]
    by_id = {m["id"]: m for m in matches}
    thirteen = next(m for m in matches if m["stage"] == "LAST_64" and m["number"] == 13)
    following = by_id[thirteen["nextMatch"]["id"]]
    assert following["stage"] == "LAST_32" and following["homeSlot"] == {"winnerOf": 13}
    # The tree: each match names the matches that feed its slots.
    assert following["feeders"]["home"] == thirteen["id"] and thirteen["feeders"] == {"home": None, "away": None}


@pytest.mark.django_db
def test_reading_draws_and_the_bracket_costs_a_fixed_number_of_queries(client, ready, staff, django_assert_num_queries):
    from matches import draws

    drawn = draws.perform_draw(draws.prepare_draw(ready, "LAST_16", actor=staff, with_next_round=True), actor=staff)
    draws.publish_draw(drawn, actor=staff)
    with django_assert_num_queries(9):  # the draws, then one query per kind of related row
        assert len(client.get(f"/api/v1/editions/{ready.pk}/draws/").json()) == 4
    with django_assert_num_queries(6):  # the edition, then as the match list: a fixed number at any size
        assert sum(len(r["matches"]) for r in client.get(f"/api/v1/editions/{ready.pk}/bracket/").json()["rounds"]) == 60
