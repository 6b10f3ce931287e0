"""The media API's clubs (../shared/API.md): each club with its division in a given season."""

from django.db.models import Max, Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from cupfaf.api import ErrorSerializer, StablePagination, StrictQueryParametersMixin, YearFilter

from .models import Club, ClubSeason, Season


class WilayaSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.name", allow_null=True, default=None)


class StadiumSerializer(serializers.Serializer):
    name = serializers.CharField()
    city = serializers.CharField()
    capacity = serializers.IntegerField()


class ClubSeasonSerializer(serializers.Serializer):
    season = serializers.IntegerField(source="season.start_year", help_text="Start year: 2023 for 2023-24.")
    division = serializers.CharField(source="division.code", help_text="L1, L2, IR, REG, HON, PHON…")


class ClubSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shortName = serializers.CharField(source="short_name", allow_null=True)
    wilaya = WilayaSerializer(allow_null=True)
    stadium = StadiumSerializer(allow_null=True, help_text="The club's usual stadium.")
    season = serializers.SerializerMethodField()
    division = serializers.SerializerMethodField()

    def to_representation(self, club):
        data = super().to_representation(club)
        data["shortName"] = data["shortName"] or None
        return data

    def _record(self, club):
        records = getattr(club, "in_season", [])
        return records[0] if records else None

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="The season `division` is for."))
    def get_season(self, club):
        return self.context.get("season")

    @extend_schema_field(
        serializers.CharField(allow_null=True, help_text="The club's division that season; null when not recorded.")
    )
    def get_division(self, club):
        record = self._record(club)
        return record.division.code if record else None


class ClubDetailSerializer(ClubSerializer):
    seasons = ClubSeasonSerializer(many=True, help_text="The division the club held, season by season.")


class ClubFilter(filters.FilterSet):
    season = YearFilter(
        method="filter_season",
        help_text="Start year of the season whose division is shown (2023 for 2023-24); default: the latest season.",
    )

    class Meta:
        model = Club
        fields = []

    def filter_season(self, queryset, name, value):
        return queryset  # the view reads it: it chooses the division shown, it filters no club out


def latest_season():
    return Season.objects.aggregate(latest=Max("start_year"))["latest"]


@extend_schema_view(
    list=extend_schema(responses={200: ClubSerializer(many=True), 400: ErrorSerializer}),
    retrieve=extend_schema(responses={200: ClubDetailSerializer, 404: ErrorSerializer}),
)
class ClubViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Clubs, each with its division in a season (`?season=`, default the latest). Public."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ClubSerializer
    filterset_class = ClubFilter
    pagination_class = StablePagination

    def season(self):
        raw = self.request.query_params.get("season", "").strip() if self.action == "list" else ""
        return int(raw) if raw.isascii() and raw.isdigit() else latest_season()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Club.objects.none()  # the schema is built without a database
        in_season = ClubSeason.objects.filter(season__start_year=self.season()).select_related("division")
        clubs = Club.objects.select_related("wilaya__region", "stadium").prefetch_related(
            Prefetch("seasons", queryset=in_season, to_attr="in_season")
        )
        if self.action == "retrieve":
            clubs = clubs.prefetch_related(
                Prefetch("seasons", queryset=ClubSeason.objects.select_related("season", "division").order_by("season__start_year"))
            )
        return clubs.order_by("id")

    def get_serializer_class(self):
        return ClubDetailSerializer if self.action == "retrieve" else ClubSerializer

    def get_serializer_context(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_serializer_context()
        return {**super().get_serializer_context(), "season": self.season()}
