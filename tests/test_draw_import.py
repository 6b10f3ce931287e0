"""Recording a published draw: the seed exactly, clubs matched by name and alias, all or nothing."""

import datetime

import pytest

from clubs.models import Club, ClubAlias, ClubSeason, Division
from matches.draw_import import DrawImportError, import_published_draw
from competitions.models import Draw, Pairing
from cupfaf.models import AuditEntry
from competitions.services import set_up_edition
from matches.models import Match

from .test_published_draw import SEED_BRACKET


def counts():
    return (
        Club.objects.count(),
        ClubSeason.objects.count(),
        Draw.objects.count(),
        Pairing.objects.count(),
        Match.objects.count(),
        AuditEntry.objects.count(),
    )


def test_seed_import_gives_the_seeds_pairings_hosts_and_divisions(seeded_edition):
    first_round = seeded_edition.rounds.get(stage="LAST_64")
    matches = list(first_round.matches.select_related("home_club", "away_club").order_by("number"))
    assert len(matches) == 32
    assert [m.number for m in matches] == list(range(1, 33))
    # The club named first hosts (art. 11.1).
    assert (matches[2].home_club.name, matches[2].away_club.name) == ("JS Kabylie", "CR Belouizdad")
    assert (matches[8].home_club.name, matches[8].away_club.name) == ("AB Barika", "ASO Chlef")
    assert (matches[31].home_club.name, matches[31].away_club.name) == ("MB Rouissat", "Guir Abadla")
    assert matches[12].home_club.name == "NA Hussein-Dey"
    season = seeded_edition.season
    division = {
        c.club.name: c.division.code
        for c in ClubSeason.objects.filter(season=season).select_related("club", "division")
    }
    assert len(division) == 64
    assert division["MB Rouissat"] == "REG"  # Régionale in 2023-24, a Ligue 1 club by 2025-26
    assert division["AB Barika"] == "L2"
    assert division["CS Constantine"] == "L1"
    assert sum(code == "L1" for code in division.values()) == 16
    draw = first_round.draw
    assert draw.status == Draw.Status.PUBLISHED and draw.method == Draw.Method.CEREMONY


def test_seed_import_fixes_the_next_round_bracket(seeded_edition):
    first_round = seeded_edition.rounds.get(stage="LAST_64")
    second_round = seeded_edition.rounds.get(stage="LAST_32")
    by_number = {m.number: m for m in first_round.matches.all()}
    following = list(second_round.matches.order_by("number"))
    assert len(following) == 16
    for match, (first, second) in zip(following, SEED_BRACKET, strict=True):
        assert match.home_club is None and match.away_club is None
        # "Vainqueur N 13 contre Vainqueur N 28": the winner of 13 is drawn first and hosts.
        assert (by_number[first].next_match_id, by_number[first].next_slot) == (match.pk, "HOME")
        assert (by_number[second].next_match_id, by_number[second].next_slot) == (match.pk, "AWAY")
        assert (match.pairing.home_winner_of.number, match.pairing.away_winner_of.number) == (first, second)
    assert second_round.draw.drawn_with == first_round.draw


def test_second_import_changes_nothing(seeded_edition, seed_text):
    before = counts()
    report = import_published_draw(seed_text, seeded_edition, "LAST_64", create_clubs=True)
    assert counts() == before
    assert report.created_clubs == [] and report.draws_created == []
    assert report.draws_unchanged == ["32e de finale", "16e de finale"]


def test_unknown_clubs_are_listed_and_nothing_is_imported(edition, seed_text):
    Club.objects.create(name="JS Kabylie")
    before = counts()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(seed_text, edition, "LAST_64")
    assert counts() == before
    assert len(refused.value.errors) == 63
    assert "ligne 5: club inconnu « JS Azazga »" in refused.value.errors[0]
    assert "--create-clubs" in refused.value.errors[0]


def test_create_clubs_lists_every_club_it_created(edition, seed_text):
    Club.objects.create(name="JS Kabylie")
    report = import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    assert len(report.created_clubs) == 63
    assert "J. Sidi-Salem (REG)" in report.created_clubs
    assert Club.objects.count() == 64


def test_clubs_are_matched_through_normalised_names_and_aliases(edition, seed_text):
    hussein_dey = Club.objects.create(name="NA Hussein Dey")
    ben_aknoun = Club.objects.create(name="ES Ben-Aknoun")
    khenchela = Club.objects.create(name="USM Khenchela")
    ClubAlias.objects.create(club=khenchela, name="USMK")
    text = seed_text.replace("USM Khenchela (L1)", "USMK (L1)")
    report = import_published_draw(text, edition, "LAST_64", create_clubs=True)
    assert Club.objects.count() == 64, "no duplicate of an existing club"
    assert sorted(report.recorded_divisions) == ["ES Ben-Aknoun: L1", "NA Hussein Dey: L2", "USM Khenchela: L1"]
    matches = {m.number: m for m in Match.objects.filter(round__stage="LAST_64")}
    assert matches[13].home_club == hussein_dey
    assert matches[24].away_club == ben_aknoun
    assert matches[29].home_club == khenchela


def test_division_conflict_is_reported_and_the_record_kept(edition, seed_text):
    """Seed 000's prose calls AB Barika an inter-regions club while its list prints (L2)."""
    barika = Club.objects.create(name="AB Barika")
    ClubSeason.objects.create(club=barika, season=edition.season, division=Division.objects.get(code="IR"))
    report = import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    assert len(report.conflicts) == 1
    assert "ligne 13: AB Barika imprimé (L2) mais inscrit en IR pour 2023-24" in report.conflicts[0]
    assert ClubSeason.objects.get(club=barika, season=edition.season).division.code == "IR"


def test_a_bad_line_imports_nothing(edition, seed_text):
    broken = seed_text.replace("17. CRB Bougtob (Rég)- JS Saoura (L1)", "17. CRB Bougtob (Rég) JS Saoura (L1)")
    before = counts()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(broken, edition, "LAST_64", create_clubs=True)
    assert counts() == before
    assert refused.value.errors[0].startswith("ligne 21: séparateur manquant")


def test_unknown_division_is_named_with_its_line(edition, seed_text):
    broken = seed_text.replace("CRB Henaya (Rég)", "CRB Henaya (D5)")
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(broken, edition, "LAST_64", create_clubs=True)
    assert refused.value.errors == ["ligne 8: division inconnue « D5 » pour CRB Henaya"]
    assert Club.objects.count() == 0


def test_a_club_twice_in_the_round_is_refused(edition, seed_text):
    twice = seed_text.replace("US Tebessa (Rég)", "ES Ben-Aknoun (L1)")
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(twice, edition, "LAST_64", create_clubs=True)
    assert any("ligne 28: ES Ben-Aknoun figure déjà ligne 5" in e for e in refused.value.errors), refused.value.errors
    assert Draw.objects.count() == 0


def test_a_different_draw_for_a_recorded_round_is_refused(seeded_edition, seed_text):
    swapped = seed_text.replace("3. JS Kabylie (L1) – CR Belouizdad (L1)", "3. CR Belouizdad (L1) – JS Kabylie (L1)")
    before = counts()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(swapped, seeded_edition, "LAST_64")
    assert counts() == before
    assert "ce fichier en diffère (appariements n° 3)" in refused.value.errors[0]
    assert refused.value.errors[0].startswith("ligne 7:")


def test_a_round_that_does_not_exist_is_refused(edition, seed_text):
    with pytest.raises(
        DrawImportError,
        match="Le tour ROUND_3 n'existe pas dans l'édition \\(tours: LAST_64, .*prochain tour de première phase: ROUND_1",
    ):
        import_published_draw(seed_text, edition, "ROUND_3")
    assert Club.objects.count() == 0


def test_the_import_is_in_the_audit_trail(seeded_edition):
    entries = AuditEntry.objects.filter(action="draw.imported")
    assert entries.count() == 2
    assert {e.actor_label for e in entries} == {"import_published_draw"}


def test_a_file_for_a_round_of_another_size_is_refused(seeded_edition, seed_text):
    """The 1/32 list, without its heading, imported as the 1/8 is refused whole, with the counts."""
    without_heading = seed_text.replace("Résultats du tirage au sort: 32e de finale (3 février 2024):", "")
    before = counts()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(without_heading, seeded_edition, "LAST_16")
    assert refused.value.errors == ["le fichier compte 32 appariements; les 8e de finale (LAST_16) en comptent 8"]
    assert counts() == before


def test_bracket_lines_need_a_following_round(edition):
    semis = "1. A (L1) – B (L1)\n2. C (L1) – D (L1)\nVainqueur N 1 contre Vainqueur N 2\n"
    edition.rounds.filter(stage="FINAL").delete()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(semis, edition, "SEMI_FINALS", create_clubs=True)
    assert refused.value.errors == [
        "aucun tour ne suit les Demi-finales dans l'édition: les lignes « Vainqueur N … » n'ont pas de tour où aller"
    ]
    assert Club.objects.count() == 0


def test_the_date_of_the_ceremony_is_recorded(edition, seed_text):
    import_published_draw(seed_text, edition, "LAST_64", create_clubs=True, held_on=datetime.date(2024, 1, 14))
    draws = Draw.objects.order_by("round__order")
    assert [d.held_on for d in draws] == [datetime.date(2024, 1, 14)] * 2


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "4. AS Khroubs (L2)- CRB Henaya (Rég)",
            "4. AS Khroubs (L2)- CRB Henaya",
            "ligne 8: division manquante: chaque club doit être suivi de sa division entre parenthèses, ex. (L1)"
            " — « 4. AS Khroubs (L2)- CRB Henaya »",
        ),
        (
            "Vainqueur N 9 contre Vainqueur N 25",
            "Vainqueur N 9 contre Vainqueur N 13",
            "ligne 39: le vainqueur du n° 13 est déjà placé ligne 38 — « Vainqueur N 9 contre Vainqueur N 13 »",
        ),
        (
            "11 U. Boukhadra (Rég) – USM Alger (L1)\n",
            "",
            "ligne 14: numérotation incomplète: le n° 11 manque après cette ligne",
        ),
    ],
)
def test_problems_read_as_sentences_naming_the_line(edition, seed_text, replace, by, message):
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(seed_text.replace(replace, by), edition, "LAST_64", create_clubs=True)
    assert refused.value.errors[0] == message


def test_a_list_announcing_another_round_is_refused(edition, seed_text):
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(seed_text, edition, "LAST_32")
    assert refused.value.errors == ["ligne 4: la liste annonce les 32e de finale, pas les 16e de finale (LAST_32)"]


def test_a_draw_of_another_season_is_refused(reference, seed_text):
    """The 2023-24 list must not fill a 2025-26 edition (MB Rouissat was Régionale then, Ligue 1 now)."""
    later = set_up_edition(2025, "SENIORS_MEN", "2023")
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(seed_text, later, "LAST_64", create_clubs=True)
    assert refused.value.errors == [
        "ligne 4: le 2024-02-03 n'appartient pas à la saison 2025-26 de l'édition "
        "« Coupe d'Algérie Seniors garçons 2025-26 »"
    ]
    assert Club.objects.count() == 0


def test_the_bracket_goes_to_the_next_stage_only(edition, seed_text):
    """Without a 1/16 round the bracket lines must not land in the 1/8."""
    edition.rounds.get(stage="LAST_32").delete()
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(seed_text, edition, "LAST_64", create_clubs=True)
    assert "aucun tour ne suit les 32e de finale" in refused.value.errors[0]
    assert Draw.objects.count() == 0


def test_a_pairing_without_a_club_name_is_refused_with_its_line(edition, seed_text):
    broken = seed_text.replace("– US Tebessa (Rég)", "– (Rég)")
    with pytest.raises(DrawImportError) as refused:
        import_published_draw(broken, edition, "LAST_64", create_clubs=True)
    assert refused.value.errors == [
        "ligne 5: nom de club manquant devant une division entre parenthèses — « 1. JS Azazga (L2) – (Rég) »"
    ]
