"""Eligibility across a whole edition: first phase region by region (art. 13), L1 clubs entering at the
national phase (art. 12.2), byes, suspended clubs, draws held in public, and the final's winner."""

import collections

import pytest

from clubs.models import Club, Division, Season, Wilaya
from clubs.services import record_division
from matches import draws
from competitions.models import Draw, Exemption, Pairing
from cupfaf.models import AuditEntry
from competitions.regulation.draw import WinnerOf
from competitions.services import enter_clubs
from cupfaf.errors import Conflict, Refused
from matches.models import Match
from sanctions.services import confirm_sanction

from .drawing import decide, decide_round, draw_and_publish, regional_edition
from .test_sanctions import stop_for_lack_of_balls


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", is_staff=True, is_superuser=True)


def region_of(club):
    return "L1" if club.name.startswith("Ligue 1") else club.wilaya.region.name


def test_art_13_the_first_phase_is_drawn_region_by_region_down_to_each_regions_qualifiers(reference, staff):
    edition = regional_edition(staff)
    first = draw_and_publish(edition, "ROUND_1", staff)
    pairings = Pairing.objects.filter(draw=first).select_related(
        "home_club__wilaya__region", "away_club__wilaya__region"
    )
    assert all(region_of(p.home_club) == region_of(p.away_club) == p.region.name for p in pairings)
    per_region = collections.Counter(p.region.name for p in pairings)
    exempted = collections.Counter(e.region.name for e in Exemption.objects.filter(draw=first))
    # Centre 10 → 6 → 3, Est 5 → 4 → 2, Sud's only club goes through without playing.
    assert per_region == {"Centre": 4, "Est": 1}
    assert exempted == {"Centre": 2, "Est": 3, "Sud": 1}
    assert not Match.objects.filter(round=first.round, home_club__name__startswith="Ligue 1").exists()

    decide_round(edition, "ROUND_1", staff)
    second = draw_and_publish(edition, "ROUND_2", staff)
    assert collections.Counter(p.region.name for p in second.pairings.all()) == {"Centre": 3, "Est": 2}
    decide_round(edition, "ROUND_2", staff)
    with pytest.raises(Conflict, match="première phase est terminée") as done:
        draws.prepare_draw(edition, "ROUND_3", actor=staff)
    assert done.value.article == "13"


def test_art_12_2_l1_clubs_enter_at_the_national_phase_and_a_whole_edition_ends_with_its_winner(reference, staff):
    edition = regional_edition(staff)
    for stage in ("ROUND_1", "ROUND_2"):
        draw_and_publish(edition, stage, staff)
        decide_round(edition, stage, staff)
    quarters = draw_and_publish(edition, "QUARTER_FINALS", staff, with_next_round=True)
    clubs = {c for p in quarters.pairings.all() for c in (p.home_club, p.away_club)}
    assert len(clubs) == 8 and sum(1 for c in clubs if c.name.startswith("Ligue 1")) == 2
    assert collections.Counter(region_of(c) for c in clubs) == {"Centre": 3, "Est": 2, "Sud": 1, "L1": 2}
    decide_round(edition, "QUARTER_FINALS", staff, home_wins=False)
    semis = Match.objects.filter(round__edition=edition, round__stage="SEMI_FINALS")
    assert all(m.home_club and m.away_club for m in semis)  # the semi-finals filled themselves
    decide_round(edition, "SEMI_FINALS", staff)
    final = draw_and_publish(edition, "FINAL", staff)
    (match,) = final.round.matches.all()
    decide(match, staff, home_wins=False)
    edition.refresh_from_db()
    assert edition.winner == match.away_club

    decide(match, staff, home_wins=True)  # a corrected final
    edition.refresh_from_db()
    assert edition.winner == match.home_club


def test_art_12_1_the_national_phase_waits_for_the_first_phase_and_every_match_to_be_decided(reference, staff):
    edition = regional_edition(staff)
    with pytest.raises(Conflict, match="tirez-la avant la phase nationale"):
        draws.prepare_draw(edition, "QUARTER_FINALS", actor=staff)
    draw_and_publish(edition, "ROUND_1", staff)
    undecided = Match.objects.filter(round__stage="ROUND_1").order_by("number")
    decide(undecided[0], staff)
    with pytest.raises(Conflict, match=r"4 match\(s\) des Tour 1 sans qualifié \(n° 2, 3, 4, 5\)"):
        draws.prepare_draw(edition, "ROUND_2", actor=staff)
    decide_round(edition, "ROUND_1", staff)
    with pytest.raises(Conflict, match="La première phase n.est pas terminée en Centre"):
        draws.prepare_draw(edition, "QUARTER_FINALS", actor=staff)
    with pytest.raises(Refused, match="prochain tour de première phase: ROUND_2"):
        draws.prepare_draw(edition, "ROUND_5", actor=staff)


def test_art_13_a_region_without_its_number_of_qualifiers_or_a_club_without_region_is_refused(reference, staff):
    edition = regional_edition(staff)
    edition.quotas.filter(region__name="Est").delete()
    with pytest.raises(Refused, match="Nombre de qualifiés non fixé pour la région Est") as refused:
        draws.prepare_draw(edition, "ROUND_1", actor=staff)
    assert refused.value.article == "13"
    Club.objects.filter(name="Centre 01").update(wilaya=None)
    with pytest.raises(Refused, match=r"Région inconnue pour 1 club\(s\) \(Centre 01\)"):
        draws.prepare_draw(edition, "ROUND_1", actor=staff)
    assert not Draw.objects.exists()


def test_art_12_1_byes_in_the_national_phase_give_the_next_round_its_number_of_clubs(reference, staff):
    # 3 + 2 + 1 qualifiers and no L1 club: 6 clubs for the quarter-finals, 2 matches, 2 exempted.
    edition = regional_edition(staff, l1_clubs=0)
    for stage in ("ROUND_1", "ROUND_2"):
        draw_and_publish(edition, stage, staff)
        decide_round(edition, stage, staff)
    quarters = draw_and_publish(edition, "QUARTER_FINALS", staff, with_next_round=True)
    assert quarters.pairings.count() == 2 and quarters.exemptions.count() == 2
    semis = Draw.objects.get(drawn_with=quarters)
    exempted = {e.club_id for e in quarters.exemptions.all()}
    sides = [(p.home_club_id, p.home_winner_of_id, p.away_club_id, p.away_winner_of_id) for p in semis.pairings.all()]
    assert {c for s in sides for c in (s[0], s[2]) if c} == exempted
    assert sum(1 for s in sides for w in (s[1], s[3]) if w) == 2


def test_art_19_2_a_club_suspended_after_it_entered_is_left_out_of_the_draw_and_cannot_enter_again(
    seeded_edition, staff
):
    edition = regional_edition(staff, year=2024)
    banned = Club.objects.get(name="NA Hussein-Dey")
    record_division(banned, Season.objects.get(start_year=2024), Division.objects.get(code="REG"))
    banned.wilaya = Wilaya.objects.get(region__name="Est")
    banned.save()
    enter_clubs(edition, [banned], actor=staff)
    for sanction in stop_for_lack_of_balls(13, staff).values():
        confirm_sanction(sanction, actor=staff)  # suspended for 2024-25 and 2025-26

    prepared = draws.prepare_draw(edition, "ROUND_1", actor=staff)
    assert f"{banned.pk} NA Hussein-Dey" not in prepared.inputs and "Est 02" in prepared.inputs
    (excluded,) = AuditEntry.objects.get(action="draw.prepared").data["excluded"]
    assert excluded.startswith("NA Hussein-Dey, suspendu (sanction n° ") and excluded.endswith("art. 19.2)")
    with pytest.raises(Refused, match="Clubs suspendus de la Coupe cette saison: NA Hussein-Dey"):
        enter_clubs(regional_edition(staff, layout=(), l1_clubs=0, year=2025), [banned], actor=staff)


def test_a_ceremony_draw_is_checked_against_who_is_eligible(reference, staff):
    edition = regional_edition(staff, layout=(("Centre", 4, 2), ("Est", 3, 2)), l1_clubs=0)
    club = {c.name: c for c in Club.objects.all()}
    with pytest.raises(Refused) as refused:
        draws.record_ceremony_draw(
            edition,
            "ROUND_1",
            pairings=[(club["Centre 01"], club["Est 01"]), (club["Centre 02"], club["Centre 02"])],
            exempted=[],
            actor=staff,
        )
    text = " ".join(refused.value.errors["draw"])
    assert "ne sont pas de la même région" in text and "Centre 02 est tiré deux fois" in text
    assert "qualifiés absents du tirage: Centre 03, Centre 04, Est 02, Est 03" in text
    assert not Draw.objects.exists()

    recorded = draws.record_ceremony_draw(
        edition,
        "ROUND_1",
        pairings=[
            (club["Centre 03"], club["Centre 01"]),
            (club["Centre 02"], club["Centre 04"]),
            (club["Est 02"], club["Est 03"]),
        ],
        exempted=[club["Est 01"]],
        actor=staff,
    )
    assert recorded.status == Draw.Status.PERFORMED and recorded.method == Draw.Method.CEREMONY
    assert [str(p) for p in recorded.pairings.all()] == [
        "1. Centre 03 – Centre 01",
        "2. Centre 02 – Centre 04",
        "3. Est 02 – Est 03",
    ]


def test_a_ceremony_draw_records_the_next_round_drawn_with_it(reference, staff):
    edition = regional_edition(staff, layout=(("Centre", 4, 3), ("Est", 3, 3)), l1_clubs=2)
    for stage in ("ROUND_1",):
        draw_and_publish(edition, stage, staff)
        decide_round(edition, stage, staff)
    eligible = [c for m in Match.objects.filter(round__stage="ROUND_1") for c in (m.winner,)]
    eligible += [e.club for e in Exemption.objects.filter(draw__round__stage="ROUND_1")]
    eligible += list(Club.objects.filter(name__startswith="Ligue 1"))
    assert len(eligible) == 8
    with pytest.raises(Refused, match="Vainqueur N 4"):
        draws.record_ceremony_draw(
            edition,
            "QUARTER_FINALS",
            pairings=list(zip(eligible[0::2], eligible[1::2], strict=True)),
            next_pairings=[(WinnerOf(1), WinnerOf(2)), (WinnerOf(3), WinnerOf(3))],
            actor=staff,
        )
    recorded = draws.record_ceremony_draw(
        edition,
        "QUARTER_FINALS",
        pairings=list(zip(eligible[0::2], eligible[1::2], strict=True)),
        next_pairings=[(WinnerOf(3), WinnerOf(1)), (WinnerOf(2), WinnerOf(4))],
        actor=staff,
    )
    semis = Match.objects.filter(round__stage="SEMI_FINALS").order_by("number")
    feeders = {m.number: (m.next_match.number, m.next_slot) for m in recorded.round.matches.all()}
    assert feeders == {3: (1, "HOME"), 1: (1, "AWAY"), 2: (2, "HOME"), 4: (2, "AWAY")}
    assert semis.count() == 2


def test_entering_clubs_twice_enters_them_once_and_the_audit_counts_the_new_ones(reference, staff):
    edition = regional_edition(staff, layout=(("Centre", 2, 1),), l1_clubs=0)
    clubs = list(Club.objects.all())
    newcomer = Club.objects.create(name="Nouveau club")
    assert [e.club for e in enter_clubs(edition, [*clubs, newcomer], actor=staff)] == [newcomer]
    assert edition.entries.count() == 3
    assert [e.data for e in AuditEntry.objects.filter(action="edition.entries").order_by("id")] == [
        {"clubs": 2},
        {"clubs": 1},
    ]
