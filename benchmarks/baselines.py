"""What the API is measured against in `api_load.py`, on the same data and server: a hand-written
view (`values()` + `JsonResponse`) and a plain DRF viewset with nested ModelSerializers. Only the
benchmark's URLs (`benchmarks/urls.py`) serve them."""

from django.http import JsonResponse
from rest_framework import pagination, permissions, serializers, viewsets

from clubs.models import Club
from competitions.models import DrawStatus, Edition, Round
from matches.models import Goal, Match

FIELDS = (
    "id", "number", "status", "kickoff", "last_updated", "round__stage", "round__edition_id", "round__edition__name",
    "home_club_id", "home_club__name", "home_club__short_name", "away_club_id", "away_club__name",
    "away_club__short_name", "home_half_time", "away_half_time", "home_regular_time", "away_regular_time",
    "home_extra_time", "away_extra_time", "home_penalties", "away_penalties", "winner_id", "next_match_id", "next_slot",
)  # fmt: skip


def _team(row, side):
    if row[f"{side}_club_id"] is None:
        return None
    return {"id": row[f"{side}_club_id"], "name": row[f"{side}_club__name"], "shortName": row[f"{side}_club__short_name"]}


def _pair(row, period):
    return {"home": row[f"home_{period}"], "away": row[f"away_{period}"]}


def hand_written(request, edition_pk=None, pk=None):
    """Published matches as a hand-written view would serve them: one query, dicts, JsonResponse."""
    rows = Match.objects.filter(round__draw__status=DrawStatus.PUBLISHED).order_by("id").values(*FIELDS)
    if pk is not None:
        rows = rows.filter(pk=pk)
    if edition_pk is not None:
        rows = rows.filter(round__edition_id=edition_pk)
    if "stage" in request.GET:
        rows = rows.filter(round__stage=request.GET["stage"])
    rows = rows[: int(request.GET.get("limit", 100))]
    matches = [
        {
            "id": row["id"],
            "edition": {"id": row["round__edition_id"], "name": row["round__edition__name"]},
            "stage": row["round__stage"],
            "number": row["number"],
            "utcDate": row["kickoff"],
            "status": row["status"],
            "homeTeam": _team(row, "home"),
            "awayTeam": _team(row, "away"),
            "score": {
                "halfTime": _pair(row, "half_time"),
                "regularTime": _pair(row, "regular_time"),
                "extraTime": _pair(row, "extra_time"),
                "penalties": _pair(row, "penalties"),
            },
            "winner": row["winner_id"],
            "nextMatch": {"id": row["next_match_id"], "slot": row["next_slot"]} if row["next_match_id"] else None,
            "lastUpdated": row["last_updated"],
        }
        for row in rows
    ]
    if pk is not None:
        return JsonResponse(matches[0])
    return JsonResponse({"results": matches})


class ClubModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Club
        fields = ["id", "name", "short_name"]


class EditionModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = ["id", "name"]


class RoundModelSerializer(serializers.ModelSerializer):
    edition = EditionModelSerializer()

    class Meta:
        model = Round
        fields = ["id", "stage", "order", "date", "edition"]


class GoalModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["minute", "injury_time", "team", "scorer", "type"]


class MatchModelSerializer(serializers.ModelSerializer):
    round = RoundModelSerializer()
    home_club = ClubModelSerializer()
    away_club = ClubModelSerializer()
    goals = GoalModelSerializer(many=True)

    class Meta:
        model = Match
        fields = [
            "id", "round", "number", "status", "kickoff", "home_club", "away_club", "home_half_time",
            "away_half_time", "home_regular_time", "away_regular_time", "home_extra_time", "away_extra_time",
            "home_penalties", "away_penalties", "winner", "next_match", "next_slot", "goals", "last_updated",
        ]  # fmt: skip


class PlainMatchViewSet(viewsets.ReadOnlyModelViewSet):
    """The tutorial's viewset: a queryset, nested serializers, limit/offset pages, nothing tuned."""

    queryset = Match.objects.filter(round__draw__status=DrawStatus.PUBLISHED).order_by("id")
    serializer_class = MatchModelSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = []
    pagination_class = pagination.LimitOffsetPagination

    def get_queryset(self):
        matches = super().get_queryset()
        if "edition" in self.kwargs:
            matches = matches.filter(round__edition_id=self.kwargs["edition"])
        if "stage" in self.request.GET:
            matches = matches.filter(round__stage=self.request.GET["stage"])
        return matches
