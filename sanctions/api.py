"""Confirmed sanctions, public decisions with their article (../shared/API.md, `/api/v1/sanctions/`)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from competitions.models import INCIDENT_CODES, PENALTY_CHOICES, PENALTY_CODES
from cupfaf.api import ErrorSerializer, IdFilter, StablePagination, StrictQueryParametersMixin, UtcDateTimeField

from .selectors import public_sanctions


class ClubRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SanctionMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    edition = serializers.IntegerField(source="round.edition_id")
    season = serializers.IntegerField(source="round.edition.season.start_year")
    category = serializers.CharField(source="round.edition.category.code")
    stage = serializers.CharField(source="round.stage")
    number = serializers.IntegerField()


class SanctionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    club = ClubRefSerializer()
    kind = serializers.ChoiceField(choices=PENALTY_CODES)
    article = serializers.CharField(help_text="The article of the regulation the sanction rests on.")
    regulation = serializers.CharField(source="regulation.code", help_text="The edition of the regulation applied.")
    incident = serializers.ChoiceField(source="incident.type", choices=INCIDENT_CODES)
    match = SanctionMatchSerializer(source="incident.match")
    amount = serializers.IntegerField(allow_null=True, help_text="Fine in Algerian dinars (DA).")
    points = serializers.IntegerField(allow_null=True, help_text="Points deducted from the club's league total.")
    league = serializers.SerializerMethodField(help_text="The league the points deduction is reported to.")
    suspendedSeasons = serializers.SerializerMethodField(
        help_text="For a cup suspension: the first and last seasons (start years) the club may not enter."
    )
    decidedAt = UtcDateTimeField(source="decided_at")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_league(self, sanction):
        return sanction.league.code if sanction.league else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_suspendedSeasons(self, sanction):
        if sanction.first_season is None:
            return None
        return [sanction.first_season, sanction.last_season]


class SanctionFilter(filters.FilterSet):
    club = IdFilter(field_name="club_id", help_text="Club id.")
    edition = IdFilter(field_name="incident__match__round__edition_id", help_text="Edition id.")
    kind = filters.ChoiceFilter(
        choices=PENALTY_CHOICES, help_text="MATCH_LOST, FINE, POINTS_DEDUCTION, CUP_SUSPENSION."
    )


@extend_schema_view(
    list=extend_schema(responses={200: SanctionSerializer(many=True), 400: ErrorSerializer}),
    retrieve=extend_schema(responses={200: SanctionSerializer, 404: ErrorSerializer}),
)
class SanctionViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Confirmed sanctions. Public: proposals and cancelled sanctions are not shown."""

    permission_classes = [permissions.AllowAny]
    serializer_class = SanctionSerializer
    filterset_class = SanctionFilter
    pagination_class = StablePagination

    def get_queryset(self):
        return public_sanctions().order_by("id")
