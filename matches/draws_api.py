"""Editions, their draws and their bracket (../shared/API.md). Reading is public; drawing is for staff.

A draw shows its commitment (who is drawn, the SHA-256 of that list and of the seed) from the moment
it is prepared; its pairings and its seed only once it is published.
"""

from itertools import groupby

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from clubs.models import Club
from cupfaf.api import MAX_ID, Day, ErrorSerializer, Integer, StablePagination, StrictQueryParametersMixin, UtcDateTimeField
from competitions.models import Draw, DrawMethod, DrawStatus, Round
from competitions.regulation.draw import WinnerOf
from competitions.selectors import editions_with_progress

from . import draws
from .api import MatchSerializer
from .selectors import draws_with_pairings, match_rows, public_match_values


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    season = serializers.IntegerField(source="season.start_year")
    category = serializers.CharField(source="category.code")
    currentStage = serializers.CharField(
        source="current_stage",
        allow_null=True,
        help_text="The round being played: the earliest published round with a match not yet decided, else the last.",
    )
    winner = RefSerializer(allow_null=True, help_text="Set once the final is decided.")


class CommitmentSerializer(serializers.Serializer):
    algorithm = serializers.CharField(help_text="cupfaf-draw-1: see README, « Vérifier un tirage ».")
    inputsHash = serializers.CharField(source="inputs_hash", help_text="SHA-256 of `inputs`, hexadecimal.")
    seedHash = serializers.CharField(
        source="seed_hash", help_text="SHA-256 of the secret seed; empty while a public future value is awaited."
    )
    seedSource = serializers.CharField(
        source="seed_source", help_text="Empty for a secret seed; else the public future value that is the seed."
    )


class DrawnSideSerializer(serializers.Serializer):
    club = RefSerializer(allow_null=True)
    winnerOf = serializers.IntegerField(allow_null=True, help_text="The pairing of the previous round.")


class DrawnPairingSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    home = serializers.SerializerMethodField(help_text="The side drawn first: it hosts (art. 11.1).")
    away = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.name", allow_null=True, default=None)
    match = serializers.IntegerField(source="match.id", allow_null=True, default=None)

    def _side(self, club, winner_of):
        return {
            "club": {"id": club.pk, "name": club.name} if club else None,
            "winnerOf": winner_of.number if winner_of else None,
        }

    @extend_schema_field(DrawnSideSerializer)
    def get_home(self, pairing):
        return self._side(pairing.home_club, pairing.home_winner_of)

    @extend_schema_field(DrawnSideSerializer)
    def get_away(self, pairing):
        return self._side(pairing.away_club, pairing.away_winner_of)


class ExemptedSerializer(serializers.Serializer):
    club = RefSerializer()
    region = serializers.CharField(source="region.name", allow_null=True, default=None)


class DrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    edition = RefSerializer(source="round.edition")
    stage = serializers.CharField(source="round.stage")
    status = serializers.ChoiceField(choices=DrawStatus.values)
    method = serializers.ChoiceField(choices=DrawMethod.values)
    drawnWith = serializers.IntegerField(
        source="drawn_with_id", allow_null=True, help_text="The draw this one was made with (the previous round)."
    )
    nextDraw = serializers.IntegerField(
        source="next_draw_id", allow_null=True, help_text="The draw of the next round, when drawn with this one."
    )
    heldOn = serializers.DateField(source="held_on", allow_null=True)
    preparedAt = UtcDateTimeField(source="prepared_at")
    performedAt = UtcDateTimeField(source="performed_at", allow_null=True)
    publishedAt = UtcDateTimeField(source="published_at", allow_null=True)
    commitment = serializers.SerializerMethodField()
    inputs = serializers.SerializerMethodField(help_text="The inputs document, whose SHA-256 is `inputsHash`.")
    seed = serializers.SerializerMethodField(help_text="Revealed once the draw is published.")
    pairings = serializers.SerializerMethodField()
    exempted = serializers.SerializerMethodField(help_text="Clubs that go to the next round without playing this one.")

    @extend_schema_field(CommitmentSerializer(allow_null=True))
    def get_commitment(self, drawn):
        return CommitmentSerializer(drawn).data if drawn.method == DrawMethod.SOFTWARE else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_inputs(self, drawn):
        return drawn.inputs or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_seed(self, drawn):
        return drawn.seed if drawn.is_public and drawn.seed else None

    @extend_schema_field(DrawnPairingSerializer(many=True, allow_null=True))
    def get_pairings(self, drawn):
        return DrawnPairingSerializer(drawn.pairings.all(), many=True).data if drawn.is_public else None

    @extend_schema_field(ExemptedSerializer(many=True, allow_null=True))
    def get_exempted(self, drawn):
        return ExemptedSerializer(drawn.exemptions.all(), many=True).data if drawn.is_public else None


class BallSerializer(serializers.Serializer):
    club = Integer(required=False, min_value=1, help_text="A club's id.")
    winnerOf = Integer(required=False, min_value=1, max_value=10_000, help_text="A pairing of the round drawn with it.")

    def validate(self, data):
        if ("club" in data) == ("winnerOf" in data):
            raise serializers.ValidationError(_("Soit `club`, soit `winnerOf`."))
        return data


class RecordedPairingSerializer(serializers.Serializer):
    home = Integer(min_value=1, help_text="The club drawn first (it hosts).")
    away = Integer(min_value=1)


class RecordedNextPairingSerializer(serializers.Serializer):
    home = BallSerializer()
    away = BallSerializer()


class DrawRequestSerializer(serializers.Serializer):
    stage = serializers.CharField(
        max_length=20, help_text="LAST_64…FINAL, or ROUND_n for the first phase (created when drawn)."
    )
    method = serializers.ChoiceField(choices=DrawMethod.values, default=DrawMethod.SOFTWARE)
    withNextRound = serializers.BooleanField(
        default=False, help_text="SOFTWARE: draw the next round at the same time (national phase)."
    )
    seedSource = serializers.CharField(
        default="",
        allow_blank=True,
        max_length=300,
        help_text="SOFTWARE: empty for a secret seed; else the public future value that will be the seed.",
    )
    heldOn = Day(required=False, allow_null=True, help_text="CEREMONY: the day of the ceremony.")
    pairings = RecordedPairingSerializer(
        many=True, required=False, max_length=10_000, help_text="CEREMONY: in the order drawn."
    )
    exempted = serializers.ListField(
        child=Integer(min_value=1, max_value=MAX_ID), required=False, max_length=10_000, help_text="CEREMONY."
    )
    nextRound = RecordedNextPairingSerializer(
        many=True,
        required=False,
        allow_null=True,
        max_length=10_000,
        help_text="CEREMONY: the next round drawn at the same time.",
    )

    def validate(self, data):
        if data["method"] == DrawMethod.CEREMONY and not data.get("pairings"):
            raise serializers.ValidationError({"pairings": [_("Requis pour un tirage en cérémonie.")]})
        return data

    def clubs(self):
        """{id: Club} for every club the request names; unknown ids are refused with where they are."""
        data = self.validated_data
        wanted = {
            ("pairings", i, side): p[side] for i, p in enumerate(data.get("pairings", [])) for side in ("home", "away")
        }
        wanted |= {("exempted", i, None): club for i, club in enumerate(data.get("exempted", []))}
        for i, p in enumerate(data.get("nextRound") or []):
            wanted |= {("nextRound", i, side): p[side]["club"] for side in ("home", "away") if "club" in p[side]}
        found = Club.objects.in_bulk(set(wanted.values()))
        errors = {}
        for (name, i, side), club in wanted.items():
            if club not in found:
                where = f"{name}[{i}].{side}" if side else f"{name}[{i}]"
                errors.setdefault(where, []).append(_("Club inconnu: %(id)s.") % {"id": club})
        if errors:
            raise serializers.ValidationError(errors)
        return found


class PerformSerializer(serializers.Serializer):
    seed = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="The public value announced as the seed, if any."
    )


STAFF_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Refused; `article` names the rule of the regulation."),
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: OpenApiResponse(ErrorSerializer, description="The round or draw is not in a state that allows it."),
}


class FeedersSerializer(serializers.Serializer):
    home = serializers.IntegerField(allow_null=True, help_text="Id of the match whose winner takes the home slot.")
    away = serializers.IntegerField(allow_null=True, help_text="Id of the match whose winner takes the away slot.")


class BracketMatchSerializer(MatchSerializer):
    feeders = serializers.SerializerMethodField()

    @extend_schema_field(FeedersSerializer)
    def get_feeders(self, match):
        by_slot = {feeder.next_slot: feeder.pk for feeder in match.feeder_list}
        return {"home": by_slot.get("HOME"), "away": by_slot.get("AWAY")}

    def to_representation(self, match):
        return {**super().to_representation(match), "feeders": self.get_feeders(match)}


class BracketRoundSerializer(serializers.Serializer):
    stage = serializers.CharField()
    name = serializers.CharField(help_text="The round's name in the reader's language.")
    matches = BracketMatchSerializer(many=True)


class BracketSerializer(serializers.Serializer):
    edition = serializers.IntegerField()
    rounds = BracketRoundSerializer(many=True, help_text="In the order they are played.")


@extend_schema_view(
    list=extend_schema(responses={200: EditionSerializer(many=True)}),
    retrieve=extend_schema(responses={200: EditionSerializer, 404: ErrorSerializer}),
)
class EditionViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Editions of the cup (season × category), their current round and, once the final is decided, winner."""

    permission_classes = [permissions.AllowAny]
    serializer_class = EditionSerializer
    pagination_class = None

    def get_queryset(self):
        return editions_with_progress().order_by("id")

    def get_permissions(self):
        if self.action == "draws" and self.request.method == "POST":
            return [permissions.IsAuthenticated()]  # the draw service decides who may
        return super().get_permissions()

    @extend_schema(
        methods=["GET"],
        responses={200: DrawSerializer(many=True), 404: ErrorSerializer},
        description="The draws of an edition, from the first round.",
    )
    @extend_schema(
        methods=["POST"],
        request=DrawRequestSerializer,
        responses={201: DrawSerializer, **STAFF_ERRORS},
        description=(
            "Draw officer (a token whose user may prepare or record draws). SOFTWARE: prepare a software draw and publish its commitment; perform it with "
            "`POST /draws/{id}/perform/`, then publish it. CEREMONY: record a draw held in public, in the "
            "order drawn; it is checked against who is eligible."
        ),
    )
    @action(detail=True, methods=["get", "post"])
    def draws(self, request, pk=None):
        edition = self.get_object()
        if request.method == "GET":
            found = draws_with_pairings().filter(round__edition=edition).order_by("round__order")
            return Response(DrawSerializer(found, many=True).data)
        serializer = DrawRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["method"] == DrawMethod.SOFTWARE:
            made = draws.prepare_draw(
                edition,
                data["stage"],
                actor=request.user,
                with_next_round=data["withNextRound"],
                seed_source=data["seedSource"],
            )
        else:
            clubs = serializer.clubs()

            def ball(side):
                return clubs[side["club"]] if "club" in side else WinnerOf(side["winnerOf"])

            next_round = data.get("nextRound")
            made = draws.record_ceremony_draw(
                edition,
                data["stage"],
                pairings=[(clubs[p["home"]], clubs[p["away"]]) for p in data["pairings"]],
                exempted=[clubs[c] for c in data.get("exempted", [])],
                next_pairings=None if next_round is None else [(ball(p["home"]), ball(p["away"])) for p in next_round],
                held_on=data.get("heldOn"),
                actor=request.user,
            )
        return Response(DrawSerializer(draws_with_pairings().get(pk=made.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: BracketSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["get"])
    def bracket(self, request, pk=None):
        """The knockout tree as published: rounds in order, each match with the matches that feed its slots."""
        edition = self.get_object()
        found = match_rows(public_match_values().filter(round__edition=edition).order_by("round__order", "number"))
        context = self.get_serializer_context()
        rounds = []
        for _round_id, matches in groupby(found, key=lambda match: match.round.id):
            matches = list(matches)
            round_ = matches[0].round
            rounds.append(
                {
                    "stage": round_.stage,
                    "name": Round.name.fget(round_),  # the round's name, as the model says it
                    "matches": BracketMatchSerializer(matches, many=True, context=context).data,
                }
            )
        return Response({"edition": edition.pk, "rounds": rounds})


@extend_schema_view(
    list=extend_schema(responses={200: DrawSerializer(many=True), 400: ErrorSerializer}),
    retrieve=extend_schema(responses={200: DrawSerializer, 404: ErrorSerializer}),
)
class DrawViewSet(StrictQueryParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Draws with their commitment; pairings, exempted clubs and the seed once published."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DrawSerializer
    pagination_class = StablePagination

    def get_queryset(self):
        return draws_with_pairings().order_by("id")

    @extend_schema(request=PerformSerializer, responses={200: DrawSerializer, **STAFF_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def perform(self, request, pk=None):
        """Draw officer: perform a prepared software draw (give the announced public value if it has one)."""
        serializer = PerformSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draws.perform_draw(self.get_object(), actor=request.user, seed=serializer.validated_data.get("seed"))
        return self._current(pk)

    @extend_schema(request=None, responses={200: DrawSerializer, **STAFF_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def publish(self, request, pk=None):
        """Draw officer: publish a performed draw (and the next round drawn with it); its seed is revealed."""
        draws.publish_draw(self.get_object(), actor=request.user)
        return self._current(pk)

    def _current(self, pk):
        """The draw as it stands after the change, read again."""
        return Response(DrawSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)
