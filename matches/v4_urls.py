"""football-data.org v4's paths, answered with or without a final slash (their clients follow no redirect)."""

from django.urls import re_path

from cupfaf.api import ID_PATH_PATTERN, not_found

from . import v4

ID = rf"(?P<pk>{ID_PATH_PATTERN})"
# A competition by id or by code (the edition's identifier, "2023-24-seniors-men").
COMPETITION = r"(?P<key>[0-9A-Za-z-]{1,60})"

urlpatterns = [
    re_path(r"^matches/?$", v4.MatchListView.as_view(), name="v4-matches"),
    re_path(rf"^matches/{ID}/?$", v4.MatchView.as_view(), name="v4-match"),
    re_path(rf"^matches/{ID}/head2head/?$", v4.Head2HeadView.as_view(), name="v4-head2head"),
    re_path(r"^competitions/?$", v4.CompetitionListView.as_view(), name="v4-competitions"),
    re_path(rf"^competitions/{COMPETITION}/?$", v4.CompetitionView.as_view(), name="v4-competition"),
    re_path(rf"^competitions/{COMPETITION}/matches/?$", v4.CompetitionMatchesView.as_view(), name="v4-competition-matches"),
    re_path(rf"^teams/{ID}/?$", v4.TeamView.as_view(), name="v4-team"),
    re_path(rf"^teams/{ID}/matches/?$", v4.TeamMatchesView.as_view(), name="v4-team-matches"),
    re_path(r"", not_found),  # last: whatever else is under /v4/ answers football-data.org's 404
]
