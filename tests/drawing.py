"""Helpers for the draw tests: deciding matches through the real report service."""

from competitions.regulation.results import ReportedResult
from matches.models import Match
from matches.score import Pair, Score
from matches.services import Report, report_result


def decide(match, actor, *, home_wins=True):
    """Report a 1-0 (or 0-1) for `match`, as its league official would."""
    score = Pair(1, 0) if home_wins else Pair(0, 1)
    return report_result(match, Report(ReportedResult(Score(half_time=Pair(0, 0), regular_time=score))), actor=actor)


def decide_round(edition, stage, actor, *, home_wins=True):
    for match in Match.objects.filter(round__edition=edition, round__stage=stage).order_by("number"):
        decide(match, actor, home_wins=home_wins)
