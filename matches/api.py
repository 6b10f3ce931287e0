"""The media API's match resource (../shared/API.md, "The match resource")."""

from django import forms
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from django.http import Http404
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from competitions.models import INCIDENT_CODES
from competitions.regulation.results import ReportedGoal, ReportedResult
from competitions.regulation.rulebook import IncidentType
from competitions.regulation.sanctions import ReportedIncident
from competitions.stages import KNOCKOUT_STAGES, PRELIMINARY_STAGES, is_valid_stage
from cupfaf.api import (
    ErrorSerializer,
    IdFilter,
    StablePagination,
    StrictQueryParametersMixin,
    DayFilter,
    Integer,
    UtcDateTimeField,
    YearFilter,
    any_case_pattern,
    ascii_integer,
)
from cupfaf.days import start_of_utc_day

from clubs.models import Club
from competitions.models import Edition

from .models import GoalType, Match, MatchStatus, Slot
from competitions.regulation.score import Duration, Pair, Score, Side
from .selectors import ROW_FIELDS, match_rows, of_club, on_or_after, on_or_before, public_match_values
from .services import REPORTABLE, Report, report_result, return_report, validate_report

RESULT_STATUSES = ["PROVISIONAL", "OFFICIAL"]
# football-data.org's names for the side that goes through.
WINNER_OF_SIDE = {Side.HOME: "HOME_TEAM", Side.AWAY: "AWAY_TEAM"}


class EditionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    season = serializers.IntegerField(source="season.start_year")
    category = serializers.CharField(source="category.code")


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    capacity = serializers.IntegerField()


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shortName = serializers.CharField(source="short_name", allow_null=True)
    division = serializers.CharField(allow_null=True, help_text="The club's division in the match's season.")


class SlotSourceSerializer(serializers.Serializer):
    winnerOf = serializers.IntegerField(help_text="Number of the previous round's match whose winner takes this slot.")


class ScorePairSerializer(serializers.Serializer):
    home = serializers.IntegerField(allow_null=True)
    away = serializers.IntegerField(allow_null=True)


class ScoreSerializer(serializers.Serializer):
    winner = serializers.ChoiceField(
        choices=list(WINNER_OF_SIDE.values()),
        allow_null=True,
        help_text="Who goes through; an awarded decision can set it against the score on the pitch.",
    )
    duration = serializers.ChoiceField(choices=[duration.value for duration in Duration])
    halfTime = ScorePairSerializer()
    regularTime = ScorePairSerializer()
    extraTime = ScorePairSerializer(allow_null=True, help_text="Goals scored in extra time only.")
    penalties = ScorePairSerializer(allow_null=True, help_text="The shoot-out only.")
    fullTime = ScorePairSerializer(help_text="football-data.org's meaning: every period added, shoot-out included.")
    afterPlay = ScorePairSerializer(help_text="What was played: regular time plus extra time, no shoot-out.")


class AwardedSerializer(serializers.Serializer):
    reason = serializers.CharField()
    article = serializers.CharField()
    originalScore = ScoreSerializer(
        allow_null=True,
        help_text="The score on the pitch when the decision was taken; its winner is who that score sent through.",
    )


class GoalSerializer(serializers.Serializer):
    minute = serializers.IntegerField()
    injuryTime = serializers.IntegerField(source="injury_time", allow_null=True)
    team = serializers.ChoiceField(choices=Slot.values)
    scorer = serializers.CharField()
    type = serializers.ChoiceField(choices=GoalType.values)


class NextMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slot = serializers.ChoiceField(choices=Slot.values)


def _pair(pair):
    return {"home": pair.home, "away": pair.away}


def score_representation(match, winner=None):
    score = match.score
    return {
        "winner": winner,
        "duration": score.duration.value,
        "halfTime": _pair(score.half_time),
        "regularTime": _pair(score.regular_time),
        "extraTime": _pair(score.extra_time) if score.extra_time else None,
        "penalties": _pair(score.penalties) if score.penalties else None,
        "fullTime": _pair(score.full_time),
        "afterPlay": _pair(score.after_play),
    }


def kickoff_or_day(match):
    """When the match is played: its kick-off, else midnight UTC of its round's date, else None."""
    if match.kickoff is not None:
        return match.kickoff
    return start_of_utc_day(match.round.date) if match.round.date is not None else None


def slot_source(match, slot):
    """{"winnerOf": n} when `slot` waits for the winner of the previous round's match n, else None."""
    for feeder in match.feeder_list:
        if feeder.next_slot == slot:
            return {"winnerOf": feeder.number}
    return None


def winner_code(match):
    """Who goes through, in football-data.org's words: HOME_TEAM, AWAY_TEAM or None."""
    if match.winner_id is None:
        return None
    return WINNER_OF_SIDE[Side.HOME if match.winner_id == match.home_club_id else Side.AWAY]


def awarded_representation(match):
    """An awarded decision with its reason, article and the score on the pitch; None for a match not awarded."""
    if match.status != Match.Status.AWARDED:
        return None
    original = None
    if match.home_regular_time is not None:
        on_the_pitch = match.score.decided_for()
        original = score_representation(match, on_the_pitch and WINNER_OF_SIDE[on_the_pitch])
    return {"reason": match.awarded_reason, "article": match.awarded_article, "originalScore": original}


def next_match_representation(match):
    if match.next_match_id is None:
        return None
    return {"id": match.next_match_id, "slot": match.next_slot}


def result_status(match):
    """PROVISIONAL, OFFICIAL or None: see MatchSerializer.get_resultStatus."""
    if match.official:
        return "OFFICIAL"
    return "PROVISIONAL" if match.result_state else None


_format_moment = UtcDateTimeField().to_representation


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    edition = EditionRefSerializer(source="round.edition")
    stage = serializers.CharField(source="round.stage")
    number = serializers.IntegerField(help_text="The pairing's number in the published draw.")
    utcDate = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Match.Status.values)
    venue = VenueSerializer(allow_null=True)
    homeTeam = serializers.SerializerMethodField()
    awayTeam = serializers.SerializerMethodField()
    homeSlot = serializers.SerializerMethodField()
    awaySlot = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    awarded = serializers.SerializerMethodField()
    goals = GoalSerializer(many=True, source="goal_list")
    nextMatch = serializers.SerializerMethodField()
    resultStatus = serializers.SerializerMethodField()
    lastUpdated = UtcDateTimeField(source="last_updated")

    @extend_schema_field(
        UtcDateTimeField(
            allow_null=True, help_text="Kick-off; midnight UTC of the round's date while the time is not fixed."
        )
    )
    def get_utcDate(self, match):
        moment = kickoff_or_day(match)
        return _format_moment(moment) if moment else None

    def _team(self, match, club):
        if club is None:
            return None
        division = club.division_in(match.round.edition.season)
        return {
            "id": club.pk,
            "name": club.name,
            "shortName": club.short_name or None,
            "division": division.code if division else None,
        }

    @extend_schema_field(TeamSerializer(allow_null=True))
    def get_homeTeam(self, match):
        return self._team(match, match.home_club)

    @extend_schema_field(TeamSerializer(allow_null=True))
    def get_awayTeam(self, match):
        return self._team(match, match.away_club)

    @extend_schema_field(SlotSourceSerializer(allow_null=True))
    def get_homeSlot(self, match):
        return slot_source(match, Slot.HOME)

    @extend_schema_field(SlotSourceSerializer(allow_null=True))
    def get_awaySlot(self, match):
        return slot_source(match, Slot.AWAY)

    @extend_schema_field(ScoreSerializer)
    def get_score(self, match):
        return score_representation(match, winner_code(match))

    @extend_schema_field(AwardedSerializer(allow_null=True))
    def get_awarded(self, match):
        return awarded_representation(match)

    @extend_schema_field(NextMatchSerializer(allow_null=True))
    def get_nextMatch(self, match):
        return next_match_representation(match)

    @extend_schema_field(
        serializers.ChoiceField(
            choices=RESULT_STATUSES,
            allow_null=True,
            help_text=(
                "PROVISIONAL: reported by the league, not yet validated by a second person (or returned for "
                "correction). OFFICIAL: validated, or decided by the disciplinary commission (AWARDED). "
                "null while no result is reported."
            ),
        )
    )
    def get_resultStatus(self, match):
        return result_status(match)

    def to_representation(self, match):
        """The match resource, built in one go: DRF's walk field by field cost a fifth of a list.
        The fields above describe it to the schema; the schema tests hold the two together."""
        edition = match.round.edition
        venue = match.venue
        return {
            "id": match.pk,
            "edition": {
                "id": edition.id,
                "name": edition.name,
                "season": edition.season.start_year,
                "category": edition.category.code,
            },
            "stage": match.round.stage,
            "number": match.number,
            "utcDate": self.get_utcDate(match),
            "status": match.status,
            "venue": {"name": venue.name, "city": venue.city, "capacity": venue.capacity} if venue else None,
            "homeTeam": self._team(match, match.home_club),
            "awayTeam": self._team(match, match.away_club),
            "homeSlot": slot_source(match, Slot.HOME),
            "awaySlot": slot_source(match, Slot.AWAY),
            "score": score_representation(match, winner_code(match)),
            "awarded": awarded_representation(match),
            "goals": [
                {"minute": goal.minute, "injuryTime": goal.injury_time, "team": goal.team, "scorer": goal.scorer, "type": goal.type}
                for goal in match.goal_list
            ],
            "nextMatch": next_match_representation(match),
            "resultStatus": result_status(match),
            "lastUpdated": _format_moment(match.last_updated),
        }


class MatchFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("venue") and not cleaned.get("club"):
            self.add_error("venue", _("« venue » s'emploie avec « club »: le club reçoit (HOME) ou se déplace (AWAY)."))
        return cleaned


class StageField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value and not is_valid_stage(value):
            raise forms.ValidationError(_("Tour inconnu: %(value)s.") % {"value": value})
        return value


@extend_schema_field(
    {
        "type": "string",
        # The stage codes, and ROUND_1 to ROUND_99, in any case.
        "pattern": any_case_pattern(*PRELIMINARY_STAGES, *KNOCKOUT_STAGES)[:-2] + "|[Rr][Oo][Uu][Nn][Dd]_[1-9][0-9]?)$",
    }
)
class StageFilter(filters.CharFilter):
    field_class = StageField


@extend_schema_field({"type": "string", "pattern": any_case_pattern(*Match.Status.values)})
class StatusInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """A comma list of statuses, each one checked."""


@extend_schema_field({"type": "string", "pattern": any_case_pattern(*Slot.values)})
class VenueFilter(filters.ChoiceFilter):
    """HOME or AWAY, with `club`."""


class MatchFilter(filters.FilterSet):
    """The filters of API.md, in any combination. Codes (stage, status, venue) are read in any case."""

    CODES = ("stage", "status", "venue")

    edition = IdFilter(field_name="round__edition_id", help_text="Edition id.")
    season = YearFilter(
        field_name="round__edition__season__start_year", help_text="Start year of the season: 2023 for 2023-24."
    )
    stage = StageFilter(
        field_name="round__stage",
        help_text="PRELIMINARY_ROUND, ROUND_1…, LAST_64 (1/32), LAST_32, LAST_16, QUARTER_FINALS, SEMI_FINALS, FINAL.",
    )
    status = StatusInFilter(
        field_name="status", choices=Match.Status.choices, help_text="Comma list, e.g. SCHEDULED,TIMED."
    )
    club = IdFilter(method="filter_club", help_text="Club id: its matches, home or away.")
    venue = VenueFilter(
        method="filter_venue", choices=Slot.choices, help_text="With `club`: HOME where it hosts, AWAY where it visits."
    )
    dateFrom = DayFilter(method="filter_date_from", help_text="Matches on or after this day (UTC), YYYY-MM-DD.")
    dateTo = DayFilter(method="filter_date_to", help_text="Matches on or before this day (UTC), YYYY-MM-DD.")
    lastUpdatedFrom = DayFilter(
        method="filter_last_updated_from", help_text="Matches changed on or after this day (UTC), YYYY-MM-DD."
    )

    class Meta:
        model = Match
        fields = []
        form = MatchFilterForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in self.CODES:
                if name in data:
                    data[name] = data[name].upper()
        super().__init__(data, *args, **kwargs)

    def filter_club(self, queryset, name, value):
        return of_club(queryset, value, self.form.cleaned_data.get("venue"))

    def filter_venue(self, queryset, name, value):
        return queryset  # `filter_club` reads it: it only qualifies `club`

    def filter_date_from(self, queryset, name, value):
        return on_or_after(queryset, value)

    def filter_date_to(self, queryset, name, value):
        return on_or_before(queryset, value)

    def filter_last_updated_from(self, queryset, name, value):
        return queryset.filter(last_updated__gte=start_of_utc_day(value))


class ReportedPairSerializer(serializers.Serializer):
    # Any integer gets through: the regulation engine refuses a negative or absurd one with its article.
    home = Integer(allow_null=True)
    away = Integer(allow_null=True)


class ReportedScoreSerializer(serializers.Serializer):
    halfTime = ReportedPairSerializer(required=False, allow_null=True)
    regularTime = ReportedPairSerializer(
        required=False, allow_null=True, help_text="After 90 minutes (or the category's duration)."
    )
    extraTime = ReportedPairSerializer(
        required=False, allow_null=True, help_text="Goals scored in extra time only (seniors)."
    )
    penalties = ReportedPairSerializer(required=False, allow_null=True, help_text="The shoot-out only.")


class ReportedGoalSerializer(serializers.Serializer):
    minute = Integer(help_text="1 to the last minute played; 90 with injuryTime 3 for 90+3.")
    injuryTime = Integer(required=False, allow_null=True)
    team = serializers.ChoiceField(choices=Slot.values, help_text="The team the goal counts for (own goals included).")
    scorer = serializers.CharField(max_length=120)
    type = serializers.ChoiceField(choices=GoalType.values, default=GoalType.REGULAR)


class ReportedIncidentSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=INCIDENT_CODES)
    team = serializers.ChoiceField(choices=Slot.values, help_text="The club the report names (at fault, or concerned).")
    minute = Integer(required=False, allow_null=True, min_value=1, max_value=150)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReportSerializer(serializers.Serializer):
    """A match report: how the match ended, its score by period, its scorers, its incidents."""

    status = serializers.ChoiceField(
        choices=sorted(REPORTABLE),
        default=MatchStatus.FINISHED,
        help_text="FINISHED (played to the end), SUSPENDED (stopped), CANCELLED (not played).",
    )
    score = ReportedScoreSerializer(required=False, default=dict)
    goals = ReportedGoalSerializer(many=True, required=False, default=list, max_length=200)
    incidents = ReportedIncidentSerializer(many=True, required=False, default=list, max_length=50)
    gateReceipts = Integer(required=False, allow_null=True, min_value=0, max_value=10**12)
    attendance = Integer(required=False, allow_null=True, min_value=0, max_value=10**6)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="Why an official (validated) result is corrected; required then.",
    )

    def to_report(self):
        data = self.validated_data
        periods = {name: data["score"].get(name) for name in ("halfTime", "regularTime", "extraTime", "penalties")}

        def pair(name, missing):
            value = periods[name]
            return Pair(value["home"], value["away"]) if value else missing

        score = Score(
            half_time=pair("halfTime", Pair(None, None)),
            regular_time=pair("regularTime", Pair(None, None)),
            extra_time=pair("extraTime", None),
            penalties=pair("penalties", None),
        )
        goals = tuple(
            ReportedGoal(
                team=Side(goal["team"]),
                minute=goal["minute"],
                injury_time=goal.get("injuryTime"),
                type=goal["type"],
                scorer=goal["scorer"],
            )
            for goal in data["goals"]
        )
        incidents = tuple(
            ReportedIncident(
                type=IncidentType(incident["type"]),
                team=Side(incident["team"]),
                minute=incident.get("minute"),
                description=incident["description"],
            )
            for incident in data["incidents"]
        )
        return Report(
            result=ReportedResult(score, goals),
            status=data["status"],
            incidents=incidents,
            gate_receipts=data.get("gateReceipts"),
            attendance=data.get("attendance"),
        )


class DecisionSerializer(serializers.Serializer):
    version = Integer(min_value=1, max_value=32767, help_text="The number of the version waiting for validation.")


class ReturnSerializer(DecisionSerializer):
    reason = serializers.CharField(max_length=2000, help_text="What the league must correct.")


def read_match(pk):
    """One published match as the resource reads it (a `MatchRow`), or a 404."""
    found = match_rows(public_match_values().filter(pk=pk))
    if not found:
        raise Http404
    return found[0]


def match_etag(match):
    """The match's entity tag: it changes whenever the match does (its version)."""
    return f'"match-{match.pk}-v{match.version}"'


def version_from_if_match(request, match):
    """The version of `match` the client read, from its If-Match header; None when it sent none (or `*`).

    A tag that is not one of this match's gives 0, a version no match has: the report is then refused as stale.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    prefix = f'"match-{match.pk}-v'
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag.startswith(prefix) and tag.endswith('"'):
            version = ascii_integer(tag[len(prefix) : -1], minimum=1)
            if version is not None:
                return version
    return 0


@extend_schema_view(
    list=extend_schema(responses={200: MatchSerializer(many=True), 400: ErrorSerializer}),
    retrieve=extend_schema(responses={200: MatchSerializer, 304: None, 404: ErrorSerializer}),
)
class MatchViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Fixtures and results. Public: anyone may read the matches of published draws.

    Reporting a result needs a token: federation staff, or the official of the league that organises the match.
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = MatchSerializer
    filterset_class = MatchFilter
    pagination_class = StablePagination

    def get_queryset(self):
        return Match.objects.public().order_by("id")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*ROW_FIELDS))
        return self.get_paginated_response(self.get_serializer(match_rows(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        match = read_match(self.kwargs[self.lookup_field])
        etag = match_etag(match)
        if etag in [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(match).data, headers={"ETag": etag})

    @extend_schema(
        request=ReportSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                location=OpenApiParameter.HEADER,
                required=False,
                description="The ETag of the match as you read it: the report is refused (409) if it changed since.",
            )
        ],
        responses={
            200: MatchSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Refused; `article` names the rule of the regulation."),
            401: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description="Not a match of your league."),
            404: ErrorSerializer,
            409: OpenApiResponse(
                ErrorSerializer, description="The match changed since you read it, or cannot take this report now."
            ),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def report(self, request, pk=None):
        """Report the result of a match: score by period, scorers, incidents. The regulation engine validates it."""
        match = self.get_object()
        expected = version_from_if_match(request, match)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report_result(
            match,
            serializer.to_report(),
            actor=request.user,
            expected_version=expected,
            reason=serializer.validated_data["reason"],
        )
        return self._answer(match)

    def _answer(self, match):
        match = read_match(match.pk)
        return Response(
            MatchSerializer(match, context=self.get_serializer_context()).data, headers={"ETag": match_etag(match)}
        )

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: MatchSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: OpenApiResponse(
                ErrorSerializer, description="Not a match of your league, or you submitted this version yourself."
            ),
            404: ErrorSerializer,
            409: OpenApiResponse(ErrorSerializer, description="This version is no longer the one waiting."),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def validate(self, request, pk=None):
        """Make a reported result official: validate the version waiting, which someone else submitted."""
        match = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        validate_report(match, number=serializer.validated_data["version"], actor=request.user)
        return self._answer(match)

    @extend_schema(
        request=ReturnSerializer,
        responses={
            200: MatchSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[permissions.IsAuthenticated])
    def send_back(self, request, pk=None):
        """Return the version waiting to the league for correction, with the reason."""
        match = self.get_object()
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return_report(
            match, number=serializer.validated_data["version"], actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._answer(match)


class NestedMatchFilterForm(forms.Form):
    """The filters of a list already narrowed to one edition or one club: `venue` needs no `club`."""


class EditionMatchFilter(MatchFilter):
    edition = None

    class Meta(MatchFilter.Meta):
        form = NestedMatchFilterForm


class ClubMatchFilter(MatchFilter):
    club = None

    class Meta(MatchFilter.Meta):
        form = NestedMatchFilterForm

    def filter_venue(self, queryset, name, value):
        return of_club(queryset, self.request.parser_context["kwargs"]["club_pk"], value)


@extend_schema_view(list=extend_schema(responses={200: MatchSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer}))
class EditionMatchViewSet(MatchViewSet):
    """The matches of one edition, with the filters of `/matches/` (but `edition`)."""

    filterset_class = EditionMatchFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()  # the schema is built without a request's path
        edition = get_object_or_404(Edition.objects.only("id"), pk=self.kwargs["edition_pk"])
        return Match.objects.public().filter(round__edition=edition).order_by("id")


@extend_schema_view(list=extend_schema(responses={200: MatchSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer}))
class ClubMatchViewSet(MatchViewSet):
    """One club's matches, home and away: `venue=HOME|AWAY`, `status`, `dateFrom`, `dateTo`…"""

    filterset_class = ClubMatchFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        club = get_object_or_404(Club.objects.only("id"), pk=self.kwargs["club_pk"])
        return of_club(Match.objects.public(), club.pk).order_by("id")
