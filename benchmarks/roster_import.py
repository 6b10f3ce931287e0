"""Measure a season's club import (clubs.roster) on a throwaway database; print the figures.

    .venv/bin/python benchmarks/roster_import.py [LINES]       # SQLite, 5,000 lines by default
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cupfaf .venv/bin/python benchmarks/roster_import.py

The baseline, measured in the same run on the same rows, is the least any import must do: one
bulk insert each of the stadiums, the clubs and their seasons, no checks and no audit trail. The
ratio says what reading the file, checking every line and writing the trail cost on top.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cupfaf.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def roster_file(lines, prefix):
    header = "club,wilaya,stade,ville,capacité,division,ligue\n"
    body = "".join(
        f"{prefix} {n},{n % 58 + 1},Stade {prefix} {n},Ville {n},{1000 + n},REG,LRF-ALGER\n" for n in range(lines)
    )
    return (header + body).encode()


def seconds(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def baseline(rows, season):
    """The same rows written by three bulk inserts, nothing checked, nothing audited."""
    from clubs.models import Club, ClubSeason, Division, League, Stadium, Wilaya
    from clubs.names import name_key

    division, league = Division.objects.get(code="REG"), League.objects.get(code="LRF-ALGER")
    wilayas = {str(w.number): w for w in Wilaya.objects.all()}
    with transaction.atomic():
        stadiums = Stadium.objects.bulk_create(
            Stadium(name=r["stade"], city=r["ville"], capacity=int(r["capacite"]), wilaya=wilayas[r["wilaya"]]) for r in rows
        )
        clubs = Club.objects.bulk_create(
            Club(name=r["club"], name_key=name_key(r["club"]), wilaya=wilayas[r["wilaya"]], stadium=s)
            for r, s in zip(rows, stadiums)
        )
        ClubSeason.objects.bulk_create(ClubSeason(club=c, season=season, division=division, league=league) for c in clubs)


def main():
    from clubs import roster
    from clubs.models import Season

    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_reference", verbosity=0)
        season = Season.objects.create(start_year=2030)
        base_rows, _ignored = roster.load_file(roster_file(lines, "Base"), "base.csv")
        rows, _ignored = roster.load_file(roster_file(lines, "Club"), "clubs.csv")
        read = seconds(lambda: roster.load_file(roster_file(lines, "Club"), "clubs.csv"))
        floor = seconds(lambda: baseline(base_rows, season))
        preview = seconds(lambda: roster.read_roster(rows, season))
        first = seconds(lambda: roster.import_roster(rows, season, actor=None, actor_label="benchmark"))
        again = seconds(lambda: roster.import_roster(rows, season, actor=None, actor_label="benchmark"))
        print(f"{connection.vendor}, {lines} lines of a season's clubs (each a new club, stadium and season record)")
        print(f"  read the CSV file                 {read:7.2f} s")
        print(f"  preview (check every line)        {preview:7.2f} s")
        print(f"  import (check, write, audit)      {first:7.2f} s   {first / floor:5.1f}x the baseline")
        print(f"  import again (nothing to change)  {again:7.2f} s")
        print(f"  baseline: three bulk inserts      {floor:7.2f} s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
