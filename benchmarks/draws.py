"""Measure the draw service on a big preliminary round and on a whole edition; print the figures.

    .venv/bin/python benchmarks/draws.py                                   # SQLite
    .venv/bin/python benchmarks/draws.py --clubs 500 --edition-clubs 256   # a quick check
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cupfaf .venv/bin/python benchmarks/draws.py

1. The first round of the preliminary phase with 10,000 clubs from the 48 historical wilayas,
   spread over 6 regions: the time and SQL queries of setting it up (clubs, entries, quotas) and
   of preparing, performing and publishing its draw (matches.draws).
2. A whole edition of 4,096 clubs, to the final: 4,080 clubs enter at the preliminary phase and 16
   Ligue 1 clubs at the 1/32 (art. 12.2). Every first-phase round is drawn region by region until
   each region is down to its qualifiers (art. 13; the quotas add up to 48, so 48 + 16 = 64 clubs
   play the 1/32), then the 1/32 to the final, the 1/8 drawn together with the quarter-finals.
   Each draw is prepared, performed and published, and each match is decided through the report
   service (matches.services.report_result), a 1-0 or a 0-1 from a fixed pseudo-random sequence.

It creates its own database (cupfaf_bench_draws on PostgreSQL, a file in the temporary directory
with SQLite, so as not to clash with a test run), fills it, measures, and drops it.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cupfaf.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from clubs.models import Club, ClubSeason, Division, Region, Wilaya  # noqa: E402
from clubs.names import name_key  # noqa: E402
from matches.draws import perform_draw, prepare_draw, publish_draw  # noqa: E402
from competitions.models import Draw, Exemption, Pairing  # noqa: E402
from competitions.reference import load_reference_data  # noqa: E402
from competitions.regulation.draw import clubs_left_after_round  # noqa: E402
from competitions.services import enter_clubs, set_regional_quota, set_up_edition  # noqa: E402
from competitions.stages import KNOCKOUT_STAGES  # noqa: E402
from cupfaf.errors import Conflict  # noqa: E402
from matches.models import Match  # noqa: E402
from tests.drawing import decide  # noqa: E402

DATABASE_NAME = "cupfaf_bench_draws"
SEED = 2030

# (code, name, qualifiers for the national phase). Uneven on purpose: the regions then finish their
# first phase after different numbers of rounds, and those done are carried through as exempted.
REGIONS = (
    ("CTR", "Centre", 12),
    ("EST", "Est", 10),
    ("OUE", "Ouest", 8),
    ("HPL", "Hauts-Plateaux", 8),
    ("SES", "Sud-Est", 5),
    ("SOU", "Sud-Ouest", 5),
)
QUALIFIERS = sum(quota for _code, _name, quota in REGIONS)
assert QUALIFIERS == 48
L1_CLUBS = 16  # they enter at the 1/32 (art. 12.2): 48 + 16 = 64
# The divisions of the clubs that enter at the preliminary phase, by weight: mostly regional leagues.
DIVISION_WEIGHTS = {"L2": 1, "IR": 3, "REG": 8, "HON": 12, "PHON": 16}
# The national rounds drawn together with the round after them (that round is then not drawn again).
DRAWN_WITH_NEXT = {"LAST_16"}


# Measuring


def measure(function):
    """Run `function`; return its result, the seconds it took and the SQL queries it made."""
    # The query log keeps the last 9000 queries only: empty it, so that the count below is right.
    connection.queries_log.clear()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function()
    seconds = time.perf_counter() - start
    assert len(queries) < connection.queries_limit, "the query log overflowed: the count is wrong"
    return result, seconds, len(queries)


def step(label, function):
    """Measure `function` and print a line of the table."""
    result, seconds, queries = measure(function)
    print(f"  {label:<50} {seconds:9.3f} {queries:9d}", flush=True)
    return result


def step_header(title):
    """Print a table's title and column names."""
    print(f"\n{title}")
    print(f"  {'step':<50} {'seconds':>9} {'queries':>9}")


# The data


def create_regions():
    """The six regions, and the 48 historical wilayas of the reference data dealt out over them in turn."""
    regions = Region.objects.bulk_create(Region(code=code, name=name) for code, name, _quota in REGIONS)
    wilayas = list(Wilaya.objects.filter(number__lte=48).order_by("number"))
    assert len(wilayas) == 48, "the reference data should hold wilayas 1 to 48"
    for wilaya in wilayas:
        wilaya.region = regions[(wilaya.number - 1) % len(regions)]
    Wilaya.objects.bulk_update(wilayas, ["region"])
    return regions, wilayas


def create_clubs(label, count, wilayas, season, rng, *, division=None):
    """`count` clubs dealt over `wilayas` in turn, each with its division in
    `season` (`division`, or drawn by DIVISION_WEIGHTS)."""
    divisions = {d.code: d for d in Division.objects.all()}
    codes = [division] * count if division else rng.choices(list(DIVISION_WEIGHTS), DIVISION_WEIGHTS.values(), k=count)
    clubs = []
    for number in range(1, count + 1):
        wilaya = wilayas[number % len(wilayas)]
        name = f"{label} {number:05d} {wilaya.name}"
        # bulk_create skips Club.save(), which sets the name key.
        clubs.append(Club(name=name, name_key=name_key(name), wilaya=wilaya))
    clubs = Club.objects.bulk_create(clubs, batch_size=1000)
    ClubSeason.objects.bulk_create(
        (
            ClubSeason(club=club, season=season, division=divisions[code])
            for club, code in zip(clubs, codes, strict=True)
        ),
        batch_size=1000,
    )
    return clubs


def set_quotas(edition, regions, staff):
    """Each region's number of qualifiers for the national phase (art. 13)."""
    for region, (_code, _name, quota) in zip(regions, REGIONS):
        set_regional_quota(edition, region, quota, actor=staff)


def first_phase_rounds(clubs, regions):
    """How many first-phase rounds bring every region down to its quota (art. 13), computed with the
    draw engine's own rule for how many clubs a round keeps."""
    quota = {region.pk: qualifiers for region, (_code, _name, qualifiers) in zip(regions, REGIONS)}
    left = Counter(club.wilaya.region_id for club in clubs)
    rounds = 0
    while any(left[region] > quota[region] for region in left):
        left = {region: clubs_left_after_round(n, quota[region]) for region, n in left.items()}
        rounds += 1
    return rounds


# 1. A preliminary round


def preliminary_round(count, regions, wilayas, staff, rng):
    """Measure setting up and drawing the first round of a preliminary phase of `count` clubs."""
    step_header(f"1. Preliminary round: {count:,} clubs, 48 wilayas, {len(regions)} regions")
    edition = step("set up the 2030-31 edition", lambda: set_up_edition(2030, "SENIORS_MEN", "2023"))
    clubs = step(
        f"create {count:,} clubs and their division (bulk)",
        lambda: create_clubs("Prélim", count, wilayas, edition.season, rng),
    )
    step("enter them (enter_clubs)", lambda: enter_clubs(edition, clubs, actor_label="benchmark"))
    step("set the 6 regional quotas (set_regional_quota)", lambda: set_quotas(edition, regions, staff))
    prepared = step("prepare the draw of ROUND_1", lambda: prepare_draw(edition, "ROUND_1", actor=staff))
    performed = step("perform it", lambda: perform_draw(prepared, actor=staff))
    step("publish it", lambda: publish_draw(performed, actor=staff))
    pairings = Pairing.objects.filter(draw=performed).count()
    exempted = Exemption.objects.filter(draw=performed).count()
    matches = Match.objects.filter(round=performed.round).count()
    print(f"  {pairings:,} pairings, {exempted:,} clubs exempted, {matches:,} matches created")
    assert 2 * pairings + exempted == count and matches == pairings


# 2. A whole edition


def draw_round(edition, stage, staff, *, with_next_round):
    """Prepare, perform and publish the draw of `stage`; return it."""
    prepared = prepare_draw(edition, stage, actor=staff, with_next_round=with_next_round)
    return publish_draw(perform_draw(prepared, actor=staff), actor=staff)


def decide_matches(matches, staff, rng):
    """Decide each match through the report service, one measure per match (a round of a thousand
    matches would overflow the query log); return the total seconds and queries."""
    seconds = queries = 0
    for match in matches:
        _, match_seconds, match_queries = measure(lambda: decide(match, staff, home_wins=rng.random() < 0.5))
        seconds += match_seconds
        queries += match_queries
    return seconds, queries


def play_round(edition, stage, staff, rng):
    """Draw `stage` (unless drawn with the round before) and decide its matches; return the figures."""
    drawn_already = Draw.objects.filter(round__edition=edition, round__stage=stage).exists()
    draw_seconds = draw_queries = 0
    if not drawn_already:
        _, draw_seconds, draw_queries = measure(
            lambda: draw_round(edition, stage, staff, with_next_round=stage in DRAWN_WITH_NEXT)
        )
    drawn = Draw.objects.get(round__edition=edition, round__stage=stage)
    exempted = Exemption.objects.filter(draw=drawn).count()
    matches = list(Match.objects.filter(round=drawn.round).order_by("number"))
    decide_seconds, decide_queries = decide_matches(matches, staff, rng)
    return {
        "stage": stage + (" *" if drawn_already else ""),
        "matches": len(matches),
        "exempted": exempted,
        "draw_s": draw_seconds,
        "draw_q": draw_queries,
        "decide_s": decide_seconds,
        "decide_q": decide_queries,
    }


def print_round(row):
    """Print a round's line of the whole-edition table."""
    per_match = row["matches"] or 1
    print(
        f"  {row['stage']:<16} {row['matches']:>7} {row['exempted']:>8} {row['draw_s']:>9.3f} {row['draw_q']:>8}"
        f" {row['decide_s']:>9.3f} {row['decide_q']:>8} {1000 * row['decide_s'] / per_match:>9.2f}"
        f" {row['decide_q'] / per_match:>8.1f}",
        flush=True,
    )


def check_first_phase_complete(edition, rounds, staff):
    """The service must agree that the first phase is over after `rounds` rounds (nothing is saved)."""
    try:
        prepare_draw(edition, f"ROUND_{rounds + 1}", actor=staff)
    except Conflict:
        return
    raise AssertionError(f"the service would draw a ROUND_{rounds + 1}")


def whole_edition(count, regions, wilayas, staff, rng):
    """Measure a whole edition of `count` clubs, from its first round to its final."""
    step_header(f"2. A whole edition: {count:,} clubs ({L1_CLUBS} of them in Ligue 1), to the final")
    edition = step("set up the 2031-32 edition", lambda: set_up_edition(2031, "SENIORS_MEN", "2023"))
    season = edition.season
    regional, elite = step(
        f"create {count - L1_CLUBS:,} clubs + {L1_CLUBS} of L1 (bulk)",
        lambda: (
            create_clubs("Coupe", count - L1_CLUBS, wilayas, season, rng),
            create_clubs("Élite", L1_CLUBS, wilayas, season, rng, division="L1"),
        ),
    )
    step("enter them (enter_clubs)", lambda: enter_clubs(edition, regional + elite, actor_label="benchmark"))
    step("set the 6 regional quotas (set_regional_quota)", lambda: set_quotas(edition, regions, staff))

    rounds = first_phase_rounds(regional, regions)
    stages = [f"ROUND_{number}" for number in range(1, rounds + 1)] + list(KNOCKOUT_STAGES)
    print(f"\n  {rounds} first-phase rounds, then the national phase.")
    print("  draw: prepare + perform + publish; decide: report_result of each match; * drawn with the round before")
    print(
        f"  {'round':<16} {'matches':>7} {'exempted':>8} {'draw s':>9} {'queries':>8}"
        f" {'decide s':>9} {'queries':>8} {'ms/match':>9} {'q/match':>8}"
    )
    rows = []
    for stage in stages:
        if stage == KNOCKOUT_STAGES[0]:
            check_first_phase_complete(edition, rounds, staff)
        rows.append(play_round(edition, stage, staff, rng))
        print_round(rows[-1])
    total = {
        key: sum(row[key] for row in rows)
        for key in ("matches", "exempted", "draw_s", "draw_q", "decide_s", "decide_q")
    }
    print_round({"stage": "total", **total})

    edition.refresh_from_db()
    assert edition.winner_id is not None, "the final was decided but the edition has no winner"
    print(f"  winner: {edition.winner}")


def database_name():
    """Our own test database, not the test suite's, which may be in use at the same moment."""
    if connection.vendor == "sqlite":
        return str(Path(tempfile.gettempdir()) / f"{DATABASE_NAME}.sqlite3")
    return DATABASE_NAME


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clubs", type=int, default=10_000, help="clubs in the preliminary round (default 10000)")
    parser.add_argument(
        "--edition-clubs", type=int, default=4096, help="clubs in the whole edition, L1 included (default 4096)"
    )
    args = parser.parse_args()
    # The clubs are dealt evenly over the regions: each needs more clubs than its quota, or there is no
    # first phase to draw.
    smallest = 2 * len(REGIONS) * max(quota for _code, _name, quota in REGIONS)
    if args.clubs < smallest or args.edition_clubs - L1_CLUBS < smallest:
        parser.error(f"--clubs and --edition-clubs minus {L1_CLUBS} must be at least {smallest}")
    return args


def main():
    args = arguments()
    rng = random.Random(SEED)
    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = database_name()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        load_reference_data()
        staff = get_user_model().objects.create_user("bench", is_staff=True)
        regions, wilayas = create_regions()
        preliminary_round(args.clubs, regions, wilayas, staff, rng)
        whole_edition(args.edition_clubs, regions, wilayas, staff, rng)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
