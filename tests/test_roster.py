"""Clubs in bulk (issue 12, item 4): a season's clubs with their division, wilaya and stadium, imported
from CSV or a spreadsheet after a preview that names each line's problem, nothing written when a line
is wrong; exported in the columns the import reads."""

import io

import openpyxl
import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from clubs import roster
from clubs.models import Club, ClubSeason, Season, Stadium
from competitions.reference import FIXTURES
from cupfaf.errors import Refused
from cupfaf.models import AuditEntry

from .conftest import user_with_role

pytestmark = pytest.mark.django_db

GOOD = """club,sigle,wilaya,stade,ville,capacité,division,ligue,source
JS Kabylie,JSK,15,Stade du 1er-Novembre-1954,Tizi Ouzou,20 000,L1,LFP,fr.wikipedia.org
MC Alger,MCA,16,Stade du 5-Juillet-1962,Alger,64000,Ligue 1,LFP,
USM Alger,USMA,Alger,Stade du 5-Juillet-1962,Alger,,L1,lfp,
MB Rouissat,,30,,,,Rég,LRF-SUDEST,
"""


@pytest.fixture
def season(reference):
    return Season.objects.get_or_create(start_year=2023)[0]


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)


def lines_of(text, season):
    rows, _ignored = roster.load_file(text.encode(), "clubs.csv")
    return roster.read_roster(rows, season)


def test_a_good_file_is_previewed_then_imported_and_imported_again_changes_nothing(season, boss):
    rows, ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    assert ignored == ["source"]
    preview = roster.read_roster(rows, season)
    assert [(line.number, line.problems, line.new_club) for line in preview] == [
        (2, {}, True), (3, {}, True), (4, {}, True), (5, {}, True)
    ]
    assert not Club.objects.exists()  # a preview writes nothing

    roster.import_roster(rows, season, actor=boss)
    kabylie = Club.objects.get(name="JS Kabylie")
    assert (kabylie.short_name, kabylie.wilaya.number, kabylie.stadium.capacity) == ("JSK", 15, 20_000)
    assert Club.objects.get(name="USM Alger").stadium == Club.objects.get(name="MC Alger").stadium  # one stadium, shared
    assert Stadium.objects.count() == 2
    assert ClubSeason.objects.get(club__name="MB Rouissat", season=season).division.code == "REG"
    assert ClubSeason.objects.get(club__name="MC Alger").league.code == "LFP"
    trail = AuditEntry.objects.count()
    assert AuditEntry.objects.filter(action="club.added", actor=boss).count() == 4

    again = roster.import_roster(rows, season, actor=boss)
    assert [line.verdict for line in again] == ["inchangé"] * 4
    assert AuditEntry.objects.count() == trail


def test_a_change_is_shown_before_and_after(season, boss):
    rows, _ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    roster.import_roster(rows, season, actor=boss)
    changed = lines_of("club,division,stade,ville,capacité\nJS Kabylie,L2,Stade du 1er-Novembre-1954,Tizi Ouzou,25000\n", season)
    assert changed[0].changes == {"division": ["Ligue 1", "Ligue 2"], "capacité": [20000, 25000]}


@pytest.mark.parametrize(
    ("line", "column", "says"),
    [
        ("X FC,,77,,,,L1,", "wilaya", "Wilaya inconnue"),
        ("X FC,,,,,,D9,", "division", "Division inconnue"),
        ("X FC,,,,,,,", "division", "manque"),
        ("X FC,,,Stade X,Ville,beaucoup,L1,", "capacité", "Capacité invalide"),
        ("X FC,,,Stade X,Ville,0,L1,", "capacité", "Capacité invalide"),
        ("X FC,,,Stade X,,100,L1,", "ville", "ville"),
        ("X FC,,,Stade X,Ville,,L1,", "capacité", "nouveau stade"),
        ("X FC,,,,Ville,,L1,", "stade", "nom du stade"),
        ("X FC,,,,,,L1,LRF-NOPE", "ligue", "Ligue inconnue"),
        ("X FC,ABCDEFGHIJKLM,,,,,L1,", "sigle", "12 caractères"),
        (",,,,,,L1,", "club", "manque"),
    ],
)
def test_each_wrong_cell_is_named_by_its_line_and_column(season, line, column, says):
    header = "club,sigle,wilaya,stade,ville,capacité,division,ligue\n"
    (checked,) = lines_of(header + line + "\n", season)
    assert list(checked.problems) == [column]
    assert says in " ".join(checked.problems[column])


def test_a_club_twice_and_a_stadium_with_two_capacities_are_refused(season):
    lines = lines_of(
        "club,division,stade,ville,capacité\nA FC,L1,S,V,100\nB FC,L1,S,V,200\nA.FC,L2,,,\n", season
    )
    assert [line.number for line in lines if line.problems] == [3, 4]
    assert "ligne 2" in lines[1].problems["capacité"][0] and "ligne 2" in lines[2].problems["club"][0]


def test_one_wrong_line_and_nothing_is_written(season, boss):
    rows, _ignored = roster.load_file((GOOD + "Bad FC,,99,,,,L1,\n").encode(), "clubs.csv")
    before = AuditEntry.objects.count()
    with pytest.raises(Refused) as refusal:
        roster.import_roster(rows, season, actor=boss)
    assert list(refusal.value.errors) == ["6"] and "wilaya" in refusal.value.errors["6"][0]
    assert not Club.objects.exists() and not Stadium.objects.exists() and AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"club,division\nA,L1\n", "clubs.txt", "Format"),
        (b"nom,niveau\nA,L1\n", "clubs.csv", "Colonnes manquantes"),
        ("club,division\nÉtoile,L1\n".encode("latin-1"), "clubs.csv", "UTF-8"),
        (b"PK\x03\x04 not really a spreadsheet", "clubs.xlsx", "ne se lit pas"),
        (b"x" * (roster.MAX_BYTES + 1), "clubs.csv", "trop gros"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_with_why(season, content, name, says):
    with pytest.raises(Refused) as refusal:
        roster.load_file(content, name)
    assert says.casefold() in str(refusal.value.detail).casefold()


def test_semicolons_and_spreadsheet_numbers_are_read(season):
    (line,) = lines_of("club;wilaya;division\nJS Kabylie;15;L1\n", season)
    assert not line.problems and line.changes["wilaya"][1].startswith("15")
    book = openpyxl.Workbook()
    book.active.append(["Club", "Wilaya", "Division", "Stade", "Ville", "Capacité"])
    book.active.append(["JS Kabylie", 15, "L1", "Stade du 1er-Novembre-1954", "Tizi Ouzou", 20000.0])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, _ignored = roster.load_file(buffer.getvalue(), "clubs.xlsx")
    (line,) = roster.read_roster(rows, season)
    assert not line.problems and line.changes["stade"][1].endswith("20000")


@pytest.mark.parametrize("file_format", ["xlsx", "csv", "ods"])
def test_an_export_imports_back_unchanged(season, boss, file_format):
    rows, _ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    roster.import_roster(rows, season, actor=boss)
    content, _type = roster.export_roster(season, file_format)
    rows, ignored = roster.load_file(content, f"clubs.{file_format}")
    assert ignored == [] and len(rows) == 4
    assert [line.verdict for line in roster.read_roster(rows, season)] == ["inchangé"] * 4


def test_the_demo_roster_reads_without_a_problem(seeded_edition):
    rows, ignored = roster.load_file((FIXTURES / "clubs-2023-24.csv").read_bytes(), "clubs-2023-24.csv")
    lines = roster.read_roster(rows, seeded_edition.season)
    assert ignored == ["source"] and len(lines) == 64
    assert [line.number for line in lines if line.problems] == []
    assert not any(line.new_club for line in lines)  # every club of the draw, found by its printed name


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _upload(client, season, text, name="clubs.csv"):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return client.post(reverse("admin:clubs_club_import"), {"season": season.pk, "file": upload})


def test_staff_import_from_the_admin_after_a_preview(season):
    manager = _signed_in(user_with_role("manager", "competitions_manager"))
    preview = _upload(manager, season, GOOD)
    assert preview.status_code == 200 and not Club.objects.exists()
    text = preview.content.decode()
    assert "nouveau club" in text and "Importer ces lignes" in text
    done = manager.post(reverse("admin:clubs_club_import"), {"preview": preview.context["preview"]})
    assert done.status_code == 302 and Club.objects.count() == 4


def test_a_file_with_a_bad_line_is_previewed_with_its_problem_and_cannot_be_imported(season):
    manager = _signed_in(user_with_role("manager", "competitions_manager"))
    preview = _upload(manager, season, GOOD + "Bad FC,,99,,,,L1,\n")
    text = preview.content.decode()
    assert "Wilaya inconnue" in text and "Importer ces lignes" not in text
    assert not Club.objects.exists()


def test_a_tampered_preview_is_refused(season):
    manager = _signed_in(user_with_role("manager", "competitions_manager"))
    forged = signing.dumps({"season": season.pk, "rows": [{"club": "Forged", "division": "L1"}]}, salt="other")
    answer = manager.post(reverse("admin:clubs_club_import"), {"preview": forged}, follow=True)
    assert "expiré ou a été modifiée" in answer.content.decode() and not Club.objects.exists()


def test_a_bad_upload_is_an_error_on_the_form(season):
    manager = _signed_in(user_with_role("manager", "competitions_manager"))
    answer = _upload(manager, season, "nom\nA\n")
    assert answer.status_code == 200 and "Colonnes manquantes" in answer.content.decode()


@pytest.mark.parametrize("role", ["auditor", "draw_officer", "finance"])
def test_who_may_not_import_may_still_export(season, role):
    someone = user_with_role("someone", role)
    client = _signed_in(someone)
    assert _upload(client, season, GOOD).status_code == 403
    assert client.get(reverse("admin:clubs_club_import")).status_code == 403
    answer = client.get(reverse("admin:clubs_club_export"), {"season": season.pk, "format": "csv"})
    assert answer.status_code == 200 and answer.content.decode("utf-8-sig").startswith("club;sigle;wilaya")
    with pytest.raises(Refused):
        roster.import_roster([{"club": "A", "division": "L1"}], season, actor=someone)
    assert not Club.objects.exists()


def test_reading_and_exporting_a_roster_take_a_constant_number_of_queries(season, boss, django_assert_max_num_queries):
    many = "club,wilaya,stade,ville,capacité,division,ligue\n" + "".join(
        f"Club {n},{n % 58 + 1},Stade {n},Ville {n},{1000 + n},REG,LRF-ALGER\n" for n in range(200)
    )
    rows, _ignored = roster.load_file(many.encode(), "clubs.csv")
    with django_assert_max_num_queries(8):
        assert not any(line.problems for line in roster.read_roster(rows, season))
    roster.import_roster(rows, season, actor=boss)
    with django_assert_max_num_queries(2):
        content, _type = roster.export_roster(season, "csv")
    assert content.decode("utf-8-sig").count("\n") == 201


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_a_name_that_looks_like_a_formula_is_exported_as_text_and_imports_back(season, boss, file_format):
    rows, _ignored = roster.load_file('club,sigle,division\n"=HYPERLINK(""http://x"",""y"")",@SUM,L1\n'.encode(), "c.csv")
    roster.import_roster(rows, season, actor=boss)
    content, _type = roster.export_roster(season, file_format)
    if file_format == "xlsx":
        cell = openpyxl.load_workbook(io.BytesIO(content)).active["A2"]
        assert cell.data_type == "s" and cell.value.startswith("'=")  # text, never a formula
    elif file_format == "csv":
        assert "'=HYPERLINK" in content.decode("utf-8-sig") and ";'@SUM;" in content.decode("utf-8-sig")
    rows, _ignored = roster.load_file(content, f"c.{file_format}")
    assert [line.verdict for line in roster.read_roster(rows, season)] == ["inchangé"]


def test_a_club_written_by_its_name_and_by_an_alias_is_one_club_twice(season, boss):
    from clubs.models import ClubAlias

    rows, _ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    roster.import_roster(rows, season, actor=boss)
    ClubAlias.objects.create(club=Club.objects.get(name="JS Kabylie"), name="Jeunesse Sportive de Kabylie")
    lines = lines_of("club,division\nJS Kabylie,L1\nJeunesse Sportive de Kabylie,L2\n", season)
    assert "ligne 2" in lines[1].problems["club"][0]


def test_rows_that_only_look_empty_are_skipped_and_a_file_without_clubs_is_refused(season):
    book = openpyxl.Workbook()
    book.active.append(["club", "division"])
    book.active.append(["JS Kabylie", "L1"])
    for _row in range(5):
        book.active.append([None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, _ignored = roster.load_file(buffer.getvalue(), "clubs.xlsx")
    assert len(rows) == 1
    assert len(roster.load_file(b"club;division\n;\nA;L1\n;;\n", "clubs.csv")[0]) == 1
    with pytest.raises(Refused, match="aucune ligne"):
        roster.load_file(b"club,division\n,\n", "clubs.csv")


def test_a_line_with_a_cell_too_many_is_named(season):
    with pytest.raises(Refused, match="Ligne 3: 3 cellules pour 2 colonnes"):
        roster.load_file(b"club,division\nA,L1\nB,L1,extra\n", "clubs.csv")


def test_a_stadium_name_too_long_for_the_database_is_a_problem_of_its_line(season):
    (line,) = lines_of(f"club,division,stade,ville,capacité\nA,L1,{'S' * 121},V,100\n", season)
    assert "120" in line.problems["stade"][0]


def test_a_spreadsheet_that_unpacks_to_a_huge_file_is_refused_before_it_is_read(season):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"0" * (roster.MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < roster.MAX_BYTES
    with pytest.raises(Refused, match="décompressé"):
        roster.load_file(buffer.getvalue(), "clubs.xlsx")


def test_each_change_is_in_the_trail_on_its_own_record_before_and_after(season, boss):
    rows, _ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    roster.import_roster(rows, season, actor=boss)
    stadium = AuditEntry.objects.get(action="stadium.added", object_repr__startswith="Stade du 1er")
    assert stadium.data == {
        "name": [None, "Stade du 1er-Novembre-1954"],
        "city": [None, "Tizi Ouzou"],
        "capacity": [None, "20000"],
        "wilaya": [None, "15 Tizi Ouzou"],
    }
    rows, _ignored = roster.load_file(b"club,division,ligue\nJS Kabylie,L2,LNFA\n", "clubs.csv")
    roster.import_roster(rows, season, actor=boss)
    record = ClubSeason.objects.get(club__name="JS Kabylie", season=season)
    entry = AuditEntry.objects.get(action="clubseason.changed", object_id=str(record.pk))
    assert entry.data == {"division": ["Ligue 1", "Ligue 2"], "league": ["Ligue de Football Professionnel", "Ligue Nationale du Football Amateur"]}


def test_a_line_keeps_its_number_in_the_file_after_skipped_rows(season):
    rows, _ignored = roster.load_file(b"club,division\nA FC,L1\n,\nB FC,D9\n", "clubs.csv")
    lines = roster.read_roster(rows, season)
    assert [(line.number, bool(line.problems)) for line in lines] == [(2, False), (4, True)]


def test_a_zip_that_zipfile_cannot_read_is_a_refusal_not_a_server_error(season):
    book = openpyxl.Workbook()
    book.active.append(["club", "division"])
    buffer = io.BytesIO()
    book.save(buffer)
    content = bytearray(buffer.getvalue())
    central = content.find(b"PK\x01\x02")
    content[central + 6] = 0xFF  # "version needed to extract": one zipfile does not implement
    with pytest.raises(Refused, match="ne se lit pas"):
        roster.load_file(bytes(content), "clubs.xlsx")


def test_an_import_makes_the_apis_cached_answers_stale(season, boss, django_capture_on_commit_callbacks):
    from cupfaf import api_cache

    rows, _ignored = roster.load_file(GOOD.encode(), "clubs.csv")
    with django_capture_on_commit_callbacks() as callbacks:
        roster.import_roster(rows, season, actor=boss)
    assert api_cache.start_new_generation in callbacks


def test_changing_many_clubs_division_reads_a_constant_number_of_queries(season, boss, django_assert_max_num_queries):
    many = "club,division\n" + "".join(f"Club {n},REG\n" for n in range(100))
    roster.import_roster(roster.load_file(many.encode(), "c.csv")[0], season, actor=boss)
    changed = roster.load_file(many.replace(",REG", ",L2").encode(), "c.csv")[0]
    with django_assert_max_num_queries(30):
        lines = roster.import_roster(changed, season, actor=boss)
    assert {line.changes["division"][1] for line in lines} == {"Ligue 2"}
