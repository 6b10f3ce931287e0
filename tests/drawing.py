"""Helpers for the draw tests: deciding matches through the real report service."""

from competitions.regulation.results import ReportedResult
from matches.models import Match
from competitions.regulation.score import Pair, Score
from matches.services import Report, report_result


def decide(match, actor, *, home_wins=True):
    """Report a 1-0 (or 0-1) for `match`, as its league official would."""
    score = Pair(1, 0) if home_wins else Pair(0, 1)
    return report_result(match, Report(ReportedResult(Score(half_time=Pair(0, 0), regular_time=score))), actor=actor)


def decide_round(edition, stage, actor, *, home_wins=True):
    for match in Match.objects.filter(round__edition=edition, round__stage=stage).order_by("number"):
        decide(match, actor, home_wins=home_wins)


def regional_edition(staff, *, layout=(("Centre", 10, 3), ("Est", 5, 2), ("Sud", 1, 1)), l1_clubs=2, year=2030):
    """A small seniors edition: first phase region by region (`layout`: region, clubs, qualifiers),
    then a national phase from the quarter-finals, with `l1_clubs` entering there (art. 12.2)."""
    from clubs.models import Club, Division, Region, Season, Wilaya
    from clubs.services import record_division
    from competitions.services import enter_clubs, set_regional_quota, set_up_edition

    edition = set_up_edition(year, "SENIORS_MEN", "2023", national_from="QUARTER_FINALS")
    season = Season.objects.get(start_year=year)
    regional, l1 = Division.objects.get(code="REG"), Division.objects.get(code="L1")
    clubs = []
    for number, (name, count, qualifiers) in enumerate(layout, start=1):
        region, _ = Region.objects.get_or_create(code=name[:3].upper(), name=name)
        wilaya = Wilaya.objects.get(number=number)
        wilaya.region = region
        wilaya.save()
        set_regional_quota(edition, region, qualifiers, actor=staff)
        for i in range(count):
            club = Club.objects.create(name=f"{name} {i + 1:02d}", wilaya=wilaya)
            record_division(club, season, regional)
            clubs.append(club)
    for i in range(l1_clubs):
        # L1 clubs have a region too; they do not count against its first-phase qualifiers.
        club = Club.objects.create(name=f"Ligue 1 {i + 1:02d}", wilaya=Wilaya.objects.get(number=1))
        record_division(club, season, l1)
        clubs.append(club)
    enter_clubs(edition, clubs, actor=staff)
    return edition


def draw_and_publish(edition, stage, actor, **options):
    from matches import draws

    performed = draws.perform_draw(draws.prepare_draw(edition, stage, actor=actor, **options), actor=actor)
    return draws.publish_draw(performed, actor=actor)
