"""Clubs in bulk: a season's roster (club, sigle, wilaya, stadium, division, league) read from a CSV or
spreadsheet file, checked line by line, then written all at once, or exported in the same columns.

`read_roster` writes nothing: it says, for each line, what importing it would do or what is wrong
with it, in words and by column. `import_roster` writes the lines only when no line is wrong, in one
transaction, each change in the audit trail. The same file imported twice changes nothing the second
time. Files are read and written by tablib (CSV, XLSX, ODS), not by code of ours.
"""

import unicodedata
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from cupfaf import audit
from cupfaf.errors import Refused
from cupfaf.roles import authorize

from .models import Club, ClubAlias, ClubSeason, Division, League, Stadium, Wilaya
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
FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ods": "application/vnd.oasis.opendocument.spreadsheet"}
MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000


@dataclass
class RosterLine:
    """One line of a file: its cells, then what importing it would do, or its problems by column."""

    number: int
    cells: dict
    problems: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    new_club: bool = False

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
    """The rows of an uploaded file as dicts by column; `Refused` says what is wrong with the file itself."""
    extension = file_name.rsplit(".", 1)[-1].casefold() if "." in file_name else ""
    if extension not in FORMATS:
        raise Refused(
            _("Format de fichier non reconnu: envoyez un fichier .csv, .xlsx ou .ods."), {"file": [_("Format inconnu.")]}
        )
    if len(content) > MAX_BYTES:
        raise Refused(_("Fichier trop gros: 2 Mo au plus."), {"file": [_("Trop gros.")]})
    try:
        if extension == "csv":
            text = content.decode("utf-8-sig")
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        else:
            dataset = tablib.Dataset().load(content, format=extension)
    except UnicodeDecodeError:
        raise Refused(_("Le fichier CSV doit être encodé en UTF-8."), {"file": [_("Encodage.")]}) from None
    except Exception:  # tablib and its readers raise many kinds on a damaged file
        raise Refused(_("Ce fichier ne se lit pas comme un tableau %(format)s.") % {"format": extension.upper()}, {"file": [_("Illisible.")]}) from None
    headers = [_header(h) for h in dataset.headers or []]
    missing = [COLUMNS[name] for name in REQUIRED if name not in headers]
    if missing:
        raise Refused(
            _("Colonnes manquantes: %(columns)s. La première ligne nomme les colonnes.")
            % {"columns": ", ".join(map(str, missing))},
            {"file": [_("Colonnes manquantes.")]},
        )
    if len(dataset) > MAX_LINES:
        raise Refused(_("Trop de lignes: %(max)s au plus par fichier.") % {"max": MAX_LINES}, {"file": [_("Trop long.")]})
    rows = [
        {header: _cell(cell) for header, cell in zip(headers, row) if header in COLUMNS}
        for row in dataset
    ]
    ignored = [h for h in dataset.headers if _header(h) not in COLUMNS]
    return rows, ignored


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 16.0 is the wilaya 16
    return str(value).strip()


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
    seen = {}
    lines = []
    for number, cells in enumerate(rows, start=2):  # line 1 names the columns
        line = RosterLine(number, {name: cells.get(name, "") for name in COLUMNS})
        _check_line(line, lookups, records, seen)
        lines.append(line)
    return lines


def _check_line(line, lookups, records, seen):
    cells = line.cells
    key = name_key(cells["club"])
    if not key:
        line.refuse("club", _("Le nom du club manque."))
        return
    if key in seen:
        line.refuse("club", _("Ce club est déjà à la ligne %(line)s.") % {"line": seen[key]})
        return
    seen[key] = line.number
    club = lookups.clubs.get(key)
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

    _check_stadium(line, lookups, club, seen)

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
    for permission in ("clubs.add_club", "clubs.change_club", "clubs.add_clubseason", "clubs.change_clubseason"):
        authorize(actor, permission)
    # Locks the season's rows so that two imports at once apply one after the other.
    list(ClubSeason.objects.select_for_update().filter(season=season).values_list("pk", flat=True))
    lines = read_roster(rows, season)
    if any(line.problems for line in lines):
        wrong = [line for line in lines if line.problems]
        raise Refused(
            _("%(count)s ligne(s) à corriger; rien n'a été écrit.") % {"count": len(wrong)},
            {str(line.number): [f"{column}: {' '.join(texts)}" for column, texts in line.problems.items()] for line in wrong},
        )
    lookups = _Lookups()
    for line in lines:
        if line.changes or line.new_club:
            _write(line, season, lookups, actor, actor_label)
    return lines


def _write(line, season, lookups, actor, actor_label):
    cells = line.cells
    club = lookups.clubs.get(name_key(cells["club"]))
    if club is None:
        club = Club.objects.create(name=tidy_name(cells["club"]))
        lookups.clubs[club.name_key] = club
    if cells["stade"]:
        key = (name_key(cells["stade"]), name_key(cells["ville"]))
        stadium = lookups.stadiums.get(key)
        capacity = _capacity(cells["capacite"]) if cells["capacite"] else None
        if stadium is None:
            wilaya = lookups.wilaya(cells["wilaya"]) if cells["wilaya"] else None
            stadium = Stadium.objects.create(name=cells["stade"], city=cells["ville"], capacity=capacity, wilaya=wilaya)
            lookups.stadiums[key] = stadium
            audit.record("stadium.added", stadium, actor=actor, actor_label=actor_label, data={"capacity": [None, capacity]})
        elif capacity and capacity != stadium.capacity:
            audit.record("stadium.changed", stadium, actor=actor, actor_label=actor_label, data={"capacity": [stadium.capacity, capacity]})
            stadium.capacity = capacity
            stadium.save(update_fields=["capacity"])
        club.stadium = stadium
    if cells["sigle"]:
        club.short_name = cells["sigle"]
    if cells["wilaya"]:
        club.wilaya = lookups.wilaya(cells["wilaya"])
    club.save()
    division = lookups.divisions[_header(cells["division"])]
    league = lookups.leagues.get(_header(cells["ligue"])) if cells["ligue"] else None
    record, _created = ClubSeason.objects.get_or_create(club=club, season=season, defaults={"division": division, "league": league})
    record.division = division
    record.league = league or record.league
    record.save()
    audit.record(
        "club.added" if line.new_club else "club.changed",
        club,
        actor=actor,
        actor_label=actor_label,
        data={"season": season.label, **line.changes},
    )


def export_roster(season, file_format):
    """The roster of `season` (every club with a division that season) as a file: (bytes, content type)."""
    if file_format not in FORMATS:
        raise Refused(_("Format inconnu: csv, xlsx ou ods."), {"format": [_("Format inconnu.")]})
    dataset = tablib.Dataset(headers=list(COLUMNS.values()))
    records = (
        ClubSeason.objects.filter(season=season)
        .select_related("club__wilaya", "club__stadium", "division", "league")
        .order_by("division__rank", "club__name")
    )
    for record in records:
        club, stadium = record.club, record.club.stadium
        dataset.append(
            [
                club.name,
                club.short_name,
                club.wilaya.number if club.wilaya else "",
                stadium.name if stadium else "",
                stadium.city if stadium else "",
                stadium.capacity if stadium else "",
                record.division.code,
                record.league.code if record.league else "",
            ]
        )
    content = dataset.export(file_format)
    return (content.encode("utf-8-sig") if isinstance(content, str) else content), FORMATS[file_format]
