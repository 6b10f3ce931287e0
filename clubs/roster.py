"""Clubs in bulk: a season's roster (club, sigle, wilaya, stadium, division, league) read from a CSV or
spreadsheet file, checked line by line, then written all at once, or exported in the same columns.

`read_roster` writes nothing: it says, for each line, what importing it would do or what is wrong
with it, in words and by column. `import_roster` writes the lines only when no line is wrong, in one
transaction, each change in the audit trail. The same file imported twice changes nothing the second
time. CSV is read by Python's csv module; XLSX and ODS are read, and every format written, by tablib.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from cupfaf import audit
from cupfaf.api_cache import data_changed
from cupfaf.errors import Refused
from cupfaf.exports import as_text, from_spreadsheet
from cupfaf.roles import authorize

from .models import Club, ClubAlias, ClubSeason, Division, League, Season, Stadium, Wilaya
from .names import name_key, tidy_name

# The columns of a roster by their key, with the header files carry, in the order exported. Headers
# are the federation's, in French whatever the reader's language, so that an export imports back;
# they are read ignoring case and accents ("Capacité", "capacite").
COLUMNS = {
    "club": "club",
    "sigle": "sigle",
    "wilaya": "wilaya",
    "stade": "stade",
    "ville": "ville",
    "capacite": "capacité",
    "division": "division",
    "ligue": "ligue",
}
REQUIRED = ("club", "division")
LINE = "line"  # the key that keeps a row's line in the file (not a column)
# Importing creates and changes clubs, their seasons and stadiums.
IMPORT_PERMISSIONS = (
    "clubs.add_club",
    "clubs.change_club",
    "clubs.add_clubseason",
    "clubs.change_clubseason",
    "clubs.add_stadium",
    "clubs.change_stadium",
)
FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ods": "application/vnd.oasis.opendocument.spreadsheet"}
MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


@dataclass
class RosterLine:
    """One line of a file: its cells, then what importing it would do, or its problems by column."""

    number: int
    cells: dict
    problems: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    new_club: bool = False
    club: Club | None = None  # the club written, once imported

    @property
    def verdict(self):
        if self.problems:
            return _("à corriger")
        if self.new_club:
            return _("nouveau club")
        return _("modifié") if self.changes else _("inchangé")

    def refuse(self, column, message):
        self.problems.setdefault(COLUMNS[column], []).append(str(message))


def _header(text):
    decomposed = unicodedata.normalize("NFKD", str(text or "").strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load_file(content: bytes, file_name: str):
    """The rows of an uploaded file as dicts by column, empty rows left out, and the columns ignored;
    `Refused` says what is wrong with the file itself."""
    extension = file_name.rsplit(".", 1)[-1].casefold() if "." in file_name else ""
    if extension not in FORMATS:
        raise Refused(
            _("Format de fichier non reconnu: envoyez un fichier .csv, .xlsx ou .ods."), {"file": [_("Format inconnu.")]}
        )
    if len(content) > MAX_BYTES:
        raise Refused(_("Fichier trop gros: 2 Mo au plus."), {"file": [_("Trop gros.")]})
    table = _csv_table(content) if extension == "csv" else _spreadsheet_table(content, extension)
    if not table:
        raise Refused(_("Le fichier est vide."), {"file": [_("Vide.")]})
    headers = [_header(h) for h in table[0]]
    missing = [COLUMNS[name] for name in REQUIRED if name not in headers]
    if missing:
        raise Refused(
            _("Colonnes manquantes: %(columns)s. La première ligne nomme les colonnes.")
            % {"columns": ", ".join(map(str, missing))},
            {"file": [_("Colonnes manquantes.")]},
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = [_cell(cell) for cell in cells]
        if not any(cells):
            continue  # spreadsheets keep rows that only look empty
        if len(cells) > len(headers) and any(cells[len(headers):]):
            raise Refused(
                _("Ligne %(line)s: %(cells)s cellules pour %(columns)s colonnes.")
                % {"line": number, "cells": len(cells), "columns": len(headers)},
                {"file": [_("Cellules en trop.")]},
            )
        row = {header: cell for header, cell in zip(headers, cells) if header in COLUMNS}
        rows.append(row | {LINE: number})  # its line in the file, counting the rows skipped
        if len(rows) > MAX_LINES:
            raise Refused(_("Trop de lignes: %(max)s au plus par fichier.") % {"max": MAX_LINES}, {"file": [_("Trop long.")]})
    if not rows:
        raise Refused(_("Le fichier n'a aucune ligne de club sous ses colonnes."), {"file": [_("Vide.")]})
    ignored = [str(h) for h in table[0] if h not in (None, "") and _header(h) not in COLUMNS]
    return rows, ignored


def _csv_table(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("Le fichier CSV doit être encodé en UTF-8."), {"file": [_("Encodage.")]}) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise Refused(_("Ce fichier ne se lit pas comme un tableau %(format)s.") % {"format": "CSV"}, {"file": [_("Illisible.")]}) from None


def _spreadsheet_table(content, extension):
    unreadable = Refused(
        _("Ce fichier ne se lit pas comme un tableau %(format)s.") % {"format": extension.upper()}, {"file": [_("Illisible.")]}
    )
    try:
        # XLSX and ODS are zip files: a small file could unpack to a huge one before a row is counted.
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError, EOFError):
        # A damaged zip raises any of these (NotImplementedError: a member's version is one zipfile lacks).
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(_("Fichier trop gros une fois décompressé."), {"file": [_("Trop gros.")]})
    try:
        dataset = tablib.Dataset().load(content, format=extension)
    except Exception:  # tablib and its readers raise many kinds on a damaged file
        raise unreadable from None
    return [list(dataset.headers or []), *(list(row) for row in dataset)]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 16.0 is the wilaya 16
    return from_spreadsheet(str(value).strip())


class _Lookups:
    """Reference data read once per file, matched the way staff write it."""

    def __init__(self):
        self.divisions = {}
        for division in Division.objects.all():
            for spelling in (division.code, division.name, *division.printed_tags):
                self.divisions.setdefault(_header(spelling), division)
        self.leagues = {_header(league.code): league for league in League.objects.all()}
        self.wilayas = {}
        for wilaya in Wilaya.objects.all():
            self.wilayas[str(wilaya.number)] = self.wilayas[f"{wilaya.number:02d}"] = wilaya
            self.wilayas[_header(wilaya.name)] = wilaya
        self.clubs = {club.name_key: club for club in Club.objects.select_related("wilaya", "stadium")}
        for alias in ClubAlias.objects.select_related("club"):
            self.clubs.setdefault(alias.name_key, self.clubs.get(alias.club.name_key, alias.club))
        self.stadiums = {(name_key(s.name), name_key(s.city)): s for s in Stadium.objects.all()}

    def wilaya(self, text):
        """The wilaya a cell names: its number ("16", "09", 16.0 from a spreadsheet) or its name ("Alger")."""
        return self.wilayas.get(_header(text).removesuffix(".0"))


def _capacity(text):
    """A capacity cell as a number of seats ("20 000", 20000.0 from a spreadsheet); ValueError if it is not one."""
    digits = "".join(text.split()).replace("\u202f", "").removesuffix(".0")
    if not (digits.isascii() and digits.isdigit() and 0 < int(digits) <= 200_000):
        raise ValueError(text)
    return int(digits)


def read_roster(rows, season):
    """Check `rows` (dicts by column) as a roster of `season`: what each line would do, or what is wrong."""
    lookups = _Lookups()
    records = {r.club_id: r for r in ClubSeason.objects.filter(season=season).select_related("division", "league")}
    clubs_seen, stadiums_seen = {}, {}
    lines = []
    for index, cells in enumerate(rows, start=2):  # line 1 names the columns
        line = RosterLine(cells.get(LINE, index), {name: cells.get(name, "") for name in COLUMNS})
        _check_line(line, lookups, records, clubs_seen, stadiums_seen)
        lines.append(line)
    return lines


def _check_line(line, lookups, records, clubs_seen, stadiums_seen):
    cells = line.cells
    key = name_key(cells["club"])
    if not key:
        line.refuse("club", _("Le nom du club manque."))
        return
    club = lookups.clubs.get(key)
    # One club written twice, by its name and by an alias, is the same club: the last line would win silently.
    identity = club.pk if club else key
    if identity in clubs_seen:
        line.refuse("club", _("Ce club est déjà à la ligne %(line)s.") % {"line": clubs_seen[identity]})
        return
    clubs_seen[identity] = line.number
    line.new_club = club is None
    if len(cells["club"]) > Club._meta.get_field("name").max_length:
        line.refuse("club", _("Nom trop long."))
    if len(cells["sigle"]) > Club._meta.get_field("short_name").max_length:
        line.refuse("sigle", _("12 caractères au plus."))
    elif cells["sigle"] and (club is None or club.short_name != cells["sigle"]):
        line.changes["sigle"] = [club.short_name if club else None, cells["sigle"]]

    wilaya = None
    if cells["wilaya"]:
        wilaya = lookups.wilaya(cells["wilaya"])
        if wilaya is None:
            line.refuse("wilaya", _("Wilaya inconnue: « %(value)s » (son numéro, de 1 à 58, ou son nom).") % {"value": cells["wilaya"]})
        elif club is None or club.wilaya_id != wilaya.pk:
            line.changes["wilaya"] = [str(club.wilaya) if club and club.wilaya else None, str(wilaya)]

    _check_stadium(line, lookups, club, stadiums_seen)

    division = lookups.divisions.get(_header(cells["division"]))
    if not cells["division"]:
        line.refuse("division", _("La division de la saison manque."))
    elif division is None:
        known = ", ".join(sorted({d.code for d in lookups.divisions.values()}))
        line.refuse("division", _("Division inconnue: « %(value)s » (connues: %(known)s).") % {"value": cells["division"], "known": known})
    league = None
    if cells["ligue"]:
        league = lookups.leagues.get(_header(cells["ligue"]))
        if league is None:
            line.refuse("ligue", _("Ligue inconnue: « %(value)s » (son code, ex. LFP, LRF-ALGER).") % {"value": cells["ligue"]})
    record = records.get(club.pk) if club else None
    if division and (record is None or record.division_id != division.pk):
        line.changes["division"] = [str(record.division) if record else None, str(division)]
    if league and (record is None or record.league_id != league.pk):
        line.changes["ligue"] = [str(record.league) if record and record.league else None, str(league)]


def _check_stadium(line, lookups, club, seen):
    cells = line.cells
    if not (cells["stade"] or cells["ville"] or cells["capacite"]):
        return
    if not cells["stade"]:
        line.refuse("stade", _("Le nom du stade manque (la ville ou la capacité est donnée)."))
        return
    if not cells["ville"]:
        line.refuse("ville", _("La ville du stade manque."))
        return
    for column, field_name in (("stade", "name"), ("ville", "city")):
        if len(cells[column]) > Stadium._meta.get_field(field_name).max_length:
            line.refuse(column, _("Trop long: %(max)s caractères au plus.") % {"max": Stadium._meta.get_field(field_name).max_length})
            return
    key = (name_key(cells["stade"]), name_key(cells["ville"]))
    stadium = lookups.stadiums.get(key)
    capacity = None
    if cells["capacite"]:
        try:
            capacity = _capacity(cells["capacite"])
        except ValueError:
            line.refuse(
                "capacite",
                _("Capacité invalide: « %(value)s » (un nombre de places, de 1 à 200 000).") % {"value": cells["capacite"]},
            )
            return
    earlier = seen.get(key)
    if capacity is None and stadium is None and not (earlier and earlier[1]):
        line.refuse("capacite", _("Un nouveau stade a une capacité."))
        return
    if earlier and capacity and earlier[1] and earlier[1] != capacity:
        line.refuse(
            "capacite",
            _("Ce stade a une autre capacité à la ligne %(line)s (%(capacity)s).") % {"line": earlier[0], "capacity": earlier[1]},
        )
        return
    seen.setdefault(key, (line.number, capacity))
    if stadium is None:
        line.changes["stade"] = [None, f"{cells['stade']} ({cells['ville']}), {capacity}"]
    elif capacity and capacity != stadium.capacity:
        line.changes[COLUMNS["capacite"]] = [stadium.capacity, capacity]
    if club is None or stadium is None or club.stadium_id != stadium.pk:
        line.changes.setdefault("stade", [str(club.stadium) if club and club.stadium else None, f"{cells['stade']} ({cells['ville']})"])


@transaction.atomic
def import_roster(rows, season, *, actor=None, actor_label=""):
    """Write the roster `rows` of `season` when no line is wrong; otherwise `Refused`, and nothing written.

    Returns the checked lines. Clubs are matched by name or alias; a new club is created; its
    division in the season is recorded or changed; a stadium is created or its capacity updated.
    """
    for permission in IMPORT_PERMISSIONS:
        authorize(actor, permission)
    # Two imports of one season at once apply one after the other (the season's row is their lock).
    Season.objects.select_for_update().get(pk=season.pk)
    lines = read_roster(rows, season)
    if any(line.problems for line in lines):
        wrong = [line for line in lines if line.problems]
        raise Refused(
            _("%(count)s ligne(s) à corriger; rien n'a été écrit.") % {"count": len(wrong)},
            {str(line.number): [f"{column}: {' '.join(texts)}" for column, texts in line.problems.items()] for line in wrong},
        )
    _write([line for line in lines if line.changes or line.new_club], season, actor, actor_label)
    return lines


def _write(lines, season, actor, actor_label):
    """Write the checked `lines` in a few bulk statements (a season's roster has thousands of clubs),
    then their audit entries."""
    lookups = _Lookups()
    trail = []
    stadiums, capacities = {}, {}
    for line in lines:
        cells = line.cells
        if not cells["stade"]:
            continue
        key = (name_key(cells["stade"]), name_key(cells["ville"]))
        capacity = _capacity(cells["capacite"]) if cells["capacite"] else None
        known = lookups.stadiums.get(key)
        if known is None and key not in stadiums:
            wilaya = lookups.wilaya(cells["wilaya"]) if cells["wilaya"] else None
            stadiums[key] = Stadium(name=cells["stade"], city=cells["ville"], capacity=capacity, wilaya=wilaya)
        elif known is not None and capacity and capacity != known.capacity:
            trail.append(("stadium.changed", known, {"capacity": [known.capacity, capacity]}))
            known.capacity = capacity
            capacities[key] = known
    for stadium in Stadium.objects.bulk_create(stadiums.values()):
        added = {"name": stadium.name, "city": stadium.city, "capacity": stadium.capacity, "wilaya": stadium.wilaya}
        trail.append(("stadium.added", stadium, {name: [None, str(value) if value else None] for name, value in added.items()}))
    Stadium.objects.bulk_update(capacities.values(), ["capacity"], batch_size=500)
    lookups.stadiums |= stadiums

    new_clubs, changed_clubs = [], []
    for line in lines:
        cells = line.cells
        club = lookups.clubs.get(name_key(cells["club"]))
        if club is None:
            name = tidy_name(cells["club"])
            club = Club(name=name, name_key=name_key(name))  # bulk_create skips save(), which sets the key
            new_clubs.append(club)
        else:
            changed_clubs.append(club)
        line.club = club
        if cells["stade"]:
            club.stadium = lookups.stadiums[(name_key(cells["stade"]), name_key(cells["ville"]))]
        if cells["sigle"]:
            club.short_name = cells["sigle"]
        if cells["wilaya"]:
            club.wilaya = lookups.wilaya(cells["wilaya"])
    Club.objects.bulk_create(new_clubs)
    Club.objects.bulk_update(changed_clubs, ["short_name", "wilaya", "stadium"], batch_size=500)

    records = {r.club_id: r for r in ClubSeason.objects.filter(season=season).select_related("club", "season", "division", "league")}
    new_records, changed_records = [], []
    for line in lines:
        cells, club = line.cells, line.club
        division = lookups.divisions[_header(cells["division"])]
        league = lookups.leagues.get(_header(cells["ligue"])) if cells["ligue"] else None
        record = records.get(club.pk)
        if record is None:
            record = ClubSeason(club=club, season=season, division=division, league=league)
            new_records.append(record)
        else:
            before = {"division": str(record.division), "league": str(record.league) if record.league else None}
            record.division, record.league = division, league or record.league
            after = {"division": str(record.division), "league": str(record.league) if record.league else None}
            changed = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
            if changed:
                changed_records.append(record)
                trail.append(("clubseason.changed", record, changed))
        club_changes = {name: change for name, change in line.changes.items() if name not in ("division", "ligue")}
        if line.new_club or club_changes:
            trail.append(("club.added" if line.new_club else "club.changed", club, club_changes))
    for record in ClubSeason.objects.bulk_create(new_records):
        added = {"division": str(record.division), "league": str(record.league) if record.league else None}
        trail.append(("clubseason.added", record, {name: [None, value] for name, value in added.items()}))
    ClubSeason.objects.bulk_update(changed_records, ["division", "league"], batch_size=500)
    audit.record_many(trail, actor=actor, actor_label=actor_label)
    # Bulk writes send no signals: the API's cached answers are told here, as a save would tell them.
    data_changed(Club)


def export_roster(season, file_format):
    """The roster of `season` (every club with a division that season) as a file: (bytes, content type)."""
    if file_format not in FORMATS:
        raise Refused(_("Format inconnu: csv, xlsx ou ods."), {"format": [_("Format inconnu.")]})
    dataset = tablib.Dataset(headers=list(COLUMNS.values()), title=f"Clubs {season.label}")
    records = (
        ClubSeason.objects.filter(season=season)
        .select_related("club__wilaya", "club__stadium", "division", "league")
        .order_by("division__rank", "club__name")
    )
    for record in records:
        club, stadium = record.club, record.club.stadium
        dataset.append(
            [
                as_text(club.name),
                as_text(club.short_name),
                club.wilaya.number if club.wilaya else "",
                as_text(stadium.name) if stadium else "",
                as_text(stadium.city) if stadium else "",
                stadium.capacity if stadium else "",
                record.division.code,
                record.league.code if record.league else "",
            ]
        )
    # CSV with semicolons, what spreadsheets in French expect; the import reads either.
    content = dataset.export(file_format, delimiter=";") if file_format == "csv" else dataset.export(file_format)
    return (content.encode("utf-8-sig") if isinstance(content, str) else content), FORMATS[file_format]
