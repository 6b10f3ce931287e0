"""football-data.org's v4 face of the media API, read-only (README, "The football-data.org v4 face").

Code written for https://api.football-data.org/v4 works against https://OUR-HOST/v4 unchanged: their
paths (no trailing slash), list envelope (`filters`, `resultSet`, then the items), field shapes,
filters, error shape (`message`, `errorCode`) and rate headers. A competition is an edition, a team
a club, a season an edition's season. The published matches come from the selectors `/api/v1/`
reads (one query layer); only the representation differs, and it reuses the match resource's
pieces (score, slots, awarded decision). Our own additions ride along as extra fields.
"""

import datetime
import hashlib
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clubs.models import Club, ClubSeason
from competitions.models import Edition
from competitions.selectors import editions_with_progress, matchdays
from competitions.stages import is_valid_stage
from cupfaf.api import DAYS, AsciiIntegerField, DayField, UtcDateTimeField, v4_exception_handler
from cupfaf.authentication import LenientTokenAuthentication, client_name
from cupfaf.numbers import MAX_ID, ascii_integer

from .api import (
    awarded_representation,
    kickoff_or_day,
    next_match_representation,
    result_status,
    score_representation,
    slot_source,
    winner_code,
)
from .models import Match, MatchStatus, Slot
from .selectors import ROW_FIELDS, match_rows, of_club, on_or_after, on_or_before

# The country every competition is in; its id is Algeria's ISO 3166-1 numeric code.
AREA = {"id": 12, "name": "Algeria", "code": "DZA", "flag": None}
# football-data.org's longest span between dateFrom and dateTo on /matches.
MAX_SPAN_DAYS = 10
# Statuses a filter names that stand for several: LIVE is every match being played; SCHEDULED
# includes the matches whose time is fixed (TIMED), as football-data.org answers it.
ALIASES = {
    "LIVE": [MatchStatus.IN_PLAY, MatchStatus.PAUSED, MatchStatus.EXTRA_TIME, MatchStatus.PENALTY_SHOOTOUT],
    "SCHEDULED": [MatchStatus.SCHEDULED, MatchStatus.TIMED],
}
PLAYED = [MatchStatus.FINISHED, MatchStatus.AWARDED]
HEAD2HEAD_LIMIT = 10
TEAM_MATCHES_LIMIT = 100
# What football-data.org calls the client's plan: every resource here is open to all.
PERMISSION = "TIER_ONE"
MAX_LIMIT = 500
MAX_IDS = 100
_CODE = re.compile(r"[0-9A-Za-z-]{1,60}")
_format_moment = UtcDateTimeField().to_representation


class CommaListField(forms.CharField):
    """A comma list whose items `item` cleans (a value, or None when the item is wrong)."""

    def __init__(self, item, what, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.item, self.what = item, what

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        items = []
        for part in value.split(","):
            cleaned = self.item(part.strip())
            if cleaned is None:
                raise forms.ValidationError(_("« %(part)s » n'est pas %(what)s.") % {"part": part[:40], "what": self.what})
            items.append(cleaned)
        if len(items) > MAX_IDS:
            raise forms.ValidationError(_("%(max)s valeurs au plus.") % {"max": MAX_IDS})
        return items


def _status(code):
    code = code.upper()
    if code in ALIASES:
        return ALIASES[code]
    return [code] if code in MatchStatus.values else None


class MatchQuery(forms.Form):
    """Every filter football-data.org v4 names for matches; each view accepts the ones it documents."""

    ids = CommaListField(lambda part: ascii_integer(part, minimum=1, maximum=MAX_ID), gettext_lazy("un identifiant de match"))
    competitions = CommaListField(
        lambda part: part if _CODE.fullmatch(part) else None, gettext_lazy("un identifiant ou un code de compétition")
    )
    date = DayField(required=False)
    dateFrom = DayField(required=False)
    dateTo = DayField(required=False)
    status = CommaListField(_status, gettext_lazy("un statut (SCHEDULED, TIMED, LIVE, IN_PLAY, FINISHED…)"))
    stage = CommaListField(lambda part: part.upper() if is_valid_stage(part.upper()) else None, gettext_lazy("un tour (LAST_16…)"))
    season = AsciiIntegerField(required=False, min_value=DAYS[0].year, max_value=DAYS[1].year)
    matchday = AsciiIntegerField(required=False, min_value=1, max_value=99)
    venue = forms.CharField(required=False)
    limit = AsciiIntegerField(required=False, min_value=1, max_value=MAX_LIMIT)

    def __init__(self, data, *, accepted, max_span=None):
        super().__init__(data)
        self.accepted, self.max_span = accepted, max_span

    def clean_venue(self):
        venue = self.cleaned_data["venue"].upper()
        if venue and venue not in Slot.values:
            raise forms.ValidationError(_("HOME ou AWAY."))
        return venue or None

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("dateFrom"), cleaned.get("dateTo")
        if (first is None) != (last is None) and not self.errors:
            self.add_error(None, _("dateFrom et dateTo vont ensemble: donnez les deux, ou aucun."))
        elif first and last and last < first:
            self.add_error("dateTo", _("dateTo ne peut précéder dateFrom."))
        elif first and last and self.max_span and (last - first).days > self.max_span:
            self.add_error("dateTo", _("%(days)s jours au plus entre dateFrom et dateTo.") % {"days": self.max_span})
        return cleaned


def read_query(request, accepted, max_span=None):
    """The query's filters, cleaned; a 400 naming each unknown, empty or wrong parameter."""
    unknown = sorted(set(request.query_params) - set(accepted))
    refusal = (
        _("Paramètre inconnu. Paramètres acceptés: %(names)s.") % {"names": ", ".join(accepted)}
        if accepted
        else _("Paramètre inconnu: cette adresse n'en prend aucun.")
    )
    errors = {name: [refusal] for name in unknown}
    errors |= {
        name: [_("Valeur vide: donnez une valeur ou retirez le paramètre.")]
        for name, values in request.query_params.lists()
        if name in accepted and any(not value.strip() for value in values)
    }
    query = MatchQuery(request.query_params, accepted=accepted, max_span=max_span)
    if not errors and not query.is_valid():
        errors = {("query" if name == "__all__" else name): messages for name, messages in query.errors.items()}
    if errors:
        raise ValidationError(errors)
    return {name: value for name, value in query.cleaned_data.items() if name in accepted and value not in (None, "")}


def find_editions(keys):
    """The ids of the editions `keys` name, by id or by code (the edition's slug, in any case); a 400
    naming `competitions` when one names none (a mistyped code must not read as "no matches")."""
    ids = {ascii_integer(key, minimum=1, maximum=MAX_ID) for key in keys if key.isdigit()} - {None}
    codes = {key.lower() for key in keys if not key.isdigit()}
    found = dict(Edition.objects.filter(Q(pk__in=ids) | Q(slug__in=codes)).values_list("pk", "slug"))
    unknown = [
        key
        for key in keys
        if (ascii_integer(key, minimum=1, maximum=MAX_ID) not in found if key.isdigit() else key.lower() not in found.values())
    ]
    if unknown:
        raise ValidationError(
            {"competitions": [_("Compétition inconnue: %(keys)s. Voir /v4/competitions.") % {"keys": ", ".join(unknown)}]}
        )
    return list(found)


def filter_matches(matches, filters, *, club=None):
    """`matches` narrowed by football-data.org's filters, through the selectors /api/v1/ uses."""
    if "ids" in filters:
        matches = matches.filter(pk__in=filters["ids"])
    if "competitions" in filters:
        matches = matches.filter(round__edition_id__in=find_editions(filters["competitions"]))
    if "date" in filters:
        matches = on_or_before(on_or_after(matches, filters["date"]), filters["date"])
    if "dateFrom" in filters:
        matches = on_or_before(on_or_after(matches, filters["dateFrom"]), filters["dateTo"])
    if "status" in filters:
        matches = matches.filter(status__in=[code for codes in filters["status"] for code in codes])
    if "stage" in filters:
        matches = matches.filter(round__stage__in=filters["stage"])
    if "season" in filters:
        matches = matches.filter(round__edition__season__start_year=filters["season"])
    if club is not None:
        matches = of_club(matches, club.pk, filters.get("venue"))
    return matches


def echo(filters):
    """What the envelope's `filters` says: each applied filter as football-data.org writes it back
    (statuses as a list, other lists comma-joined, days as YYYY-MM-DD), and the client's plan."""
    shown = {}
    for name, value in filters.items():
        if name == "status":
            value = list(dict.fromkeys(code for codes in value for code in codes))
        elif isinstance(value, list):
            value = ",".join(str(item) for item in value)
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        shown[name] = value
    return {**shown, "permission": PERMISSION}


# Representations -----------------------------------------------------------------------------------


def team_ref(club):
    return {"id": club.pk, "name": club.name, "shortName": club.name, "tla": club.short_name or None, "crest": None}


def competition_ref(edition):
    return {"id": edition.pk, "name": edition.name, "code": edition.slug, "type": "CUP", "emblem": None}


def season_of(edition, days):
    """The edition's season: from its first to its last round's date (the football season, 1 July to
    30 June, while they are not fixed), the current round as `currentMatchday` (`days`: its rounds'
    matchdays, from `matchdays`), the cup's winner."""
    year = edition.season.start_year
    first = edition.first_day or datetime.date(year, 7, 1)
    last = edition.last_day or datetime.date(year + 1, 6, 30)
    return {
        "id": edition.pk,
        "startDate": first.isoformat(),
        "endDate": last.isoformat(),
        "currentMatchday": days.get(edition.current_round_order),
        "winner": team_ref(edition.winner) if edition.winner_id else None,
    }


def competition(edition, days, *, seasons=False):
    data = {
        "area": AREA,
        **competition_ref(edition),
        "plan": PERMISSION,
        "currentSeason": season_of(edition, days),
        "numberOfAvailableSeasons": 1,
        "lastUpdated": None,
    }
    if seasons:
        data["seasons"] = [data["currentSeason"]]
    return data


def _team(match, club):
    if club is None:
        return {"id": None, "name": None, "shortName": None, "tla": None, "crest": None, "division": None}
    division = club.division_in(match.round.edition.season)
    return {**team_ref(club), "division": division.code if division else None}


def scorer_key(club, name):
    """A scorer's id: reports name scorers, not persons, so the id is a stable key of the name as
    written within its club (the same name in the same club is the same scorer), not a /persons/ id."""
    text = f"{club.pk if club else 0}:{' '.join(name.casefold().split())}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big")


def _goals(match):
    """The goals in the order scored, each with the team and scorer as objects and the score it made."""
    running = {Slot.HOME: 0, Slot.AWAY: 0}
    clubs = {Slot.HOME: match.home_club, Slot.AWAY: match.away_club}
    goals = []
    for goal in match.goal_list:
        running[goal.team] += 1
        club = clubs[goal.team]
        goals.append(
            {
                "minute": goal.minute,
                "injuryTime": goal.injury_time,
                "type": goal.type,
                "team": {"id": club.pk, "name": club.name} if club else None,
                "scorer": {"id": scorer_key(club, goal.scorer), "name": goal.scorer},
                "assist": None,
                "score": {"home": running[Slot.HOME], "away": running[Slot.AWAY]},
            }
        )
    return goals


def match_representation(match, editions, days):
    """One match in football-data.org v4's shape; `editions` maps edition ids to `editions_with_progress()`
    rows, `days` edition ids to their rounds' matchdays."""
    edition = editions[match.round.edition_id]
    days = days[edition.pk]
    moment = kickoff_or_day(match)
    return {
        "area": AREA,
        "competition": competition_ref(edition),
        "season": season_of(edition, days),
        "id": match.pk,
        "utcDate": _format_moment(moment) if moment else None,
        "status": match.status,
        "minute": None,
        "injuryTime": None,
        "attendance": match.attendance,
        "venue": match.venue.name if match.venue_id else None,
        "matchday": days[match.round.order],
        "stage": match.round.stage,
        "group": None,
        "lastUpdated": _format_moment(match.last_updated),
        "homeTeam": _team(match, match.home_club),
        "awayTeam": _team(match, match.away_club),
        "score": score_representation(match, winner_code(match)),
        "goals": _goals(match),
        "penalties": [],
        "bookings": [],
        "substitutions": [],
        "odds": {"msg": "Activate Odds-Package in User-Panel to retrieve odds."},
        "referees": [],
        # Ours: the pairing's number, where an empty slot's team comes from, who the winner meets next,
        # an awarded decision with its article, and whether the result is validated.
        "number": match.number,
        "homeSlot": slot_source(match, Slot.HOME),
        "awaySlot": slot_source(match, Slot.AWAY),
        "nextMatch": next_match_representation(match),
        "awarded": awarded_representation(match),
        "resultStatus": result_status(match),
    }


def represent(matches):
    """The v4 representations of `matches` (a list), with their editions read in one query."""
    wanted = {match.round.edition_id for match in matches}
    if not wanted:
        return []
    editions, days = editions_with_progress().in_bulk(wanted), matchdays(wanted)
    return [match_representation(match, editions, days) for match in matches]


def result_set(matches, represented):
    """The envelope's `resultSet`: how many, from which competitions, first and last day, how many played."""
    days = [match["utcDate"][:10] for match in represented if match["utcDate"]]
    summary = {"count": len(represented)}
    if represented:
        summary["competitions"] = ",".join(sorted({match["competition"]["code"] for match in represented}))
    if days:
        summary |= {"first": min(days), "last": max(days)}
    return summary | {"played": sum(1 for match in matches if match.status in PLAYED)}


def in_order(matches):
    """Matches in the order they are played: by day (kick-off or round date), then drawn order."""
    return matches.order_by("round__date", "kickoff", "round__edition_id", "round__order", "number", "id")


# Views --------------------------------------------------------------------------------------------


class V4View(APIView):
    """Public, read-only, throttled like /api/v1/; errors and headers as football-data.org's."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = [LenientTokenAuthentication]
    http_method_names = ["get", "head", "options"]
    schema = None  # football-data.org's documentation is this face's contract; /api/v1/schema/ is ours

    def get_exception_handler(self):
        return v4_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["X-API-Version"] = "v4"
        response["X-Authenticated-Client"] = client_name(getattr(request, "user", None))
        return response


def _club(pk, clubs=Club.objects.only("id")):
    """The club (football-data.org's team) `pk`, or a 404 that says which."""
    found = clubs.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Aucune équipe (club) n'a l'identifiant %(id)s.") % {"id": pk})
    return found


def _rows(matches, limit=None):
    """The `MatchRow`s of `matches` in the order played, `limit` at most."""
    ordered = in_order(matches).values(*ROW_FIELDS)
    return match_rows(ordered[:limit] if limit else ordered)


def _one(pk):
    """One published match as a `MatchRow`, or a 404 that says which."""
    found = _rows(Match.objects.public().filter(pk=pk))
    if not found:
        raise NotFound(_("Aucun match publié n'a l'identifiant %(id)s.") % {"id": pk})
    return found[0]


def _match_list(request, matches, filters, **extra):
    found = _rows(matches, filters.get("limit"))
    represented = represent(found)
    return Response({"filters": echo(filters), "resultSet": result_set(found, represented), **extra, "matches": represented})


class MatchListView(V4View):
    """`/v4/matches`: matches of a day (today by default), of a span of days, or by ids."""

    ACCEPTED = ["ids", "competitions", "date", "dateFrom", "dateTo", "status", "stage", "limit"]

    def get(self, request):
        filters = read_query(request, self.ACCEPTED, max_span=MAX_SPAN_DAYS)
        if not {"ids", "date", "dateFrom"} & set(filters):
            today = timezone.now().astimezone(datetime.UTC).date()
            filters |= {"dateFrom": today, "dateTo": today}  # dateTo is inclusive, as on /api/v1/
        return _match_list(request, filter_matches(Match.objects.public(), filters), filters)


class MatchView(V4View):
    """`/v4/matches/{id}`: one match."""

    def get(self, request, pk):
        read_query(request, [])
        return Response(represent([_one(pk)])[0])


class Head2HeadView(V4View):
    """`/v4/matches/{id}/head2head`: the matches between the two clubs of a match, latest first, with totals."""

    ACCEPTED = ["limit", "dateFrom", "dateTo", "competitions"]

    def get(self, request, pk):
        filters = read_query(request, self.ACCEPTED)
        match = _one(pk)
        filters.setdefault("limit", HEAD2HEAD_LIMIT)
        home, away = match.home_club, match.away_club
        if home is None or away is None:
            found = []
        else:
            between = Match.objects.public().filter(
                Q(home_club_id=home.pk, away_club_id=away.pk) | Q(home_club_id=away.pk, away_club_id=home.pk)
            )
            between = filter_matches(between, filters)
            found = match_rows(in_order(between).reverse().values(*ROW_FIELDS)[: filters["limit"]])
        represented = represent(found)
        return Response(
            {
                "filters": echo(filters),
                "resultSet": result_set(found, represented),
                "aggregates": aggregates(found, home, away),
                "matches": represented,
            }
        )


def aggregates(matches, home, away):
    """Head-to-head totals: every match listed; goals, wins, draws and losses of those played. In a cup,
    a win is going through (an awarded match or a shoot-out included)."""
    played = [match for match in matches if match.status in PLAYED]

    def record(club):
        if club is None:
            return None
        wins = sum(1 for match in played if match.winner_id == club.pk)
        undecided = sum(1 for match in played if match.winner_id is None)
        return {"id": club.pk, "name": club.name, "wins": wins, "draws": undecided, "losses": len(played) - wins - undecided}

    goals = 0
    for match in played:
        after_play = match.score.after_play
        goals += (after_play.home or 0) + (after_play.away or 0)
    return {"numberOfMatches": len(matches), "totalGoals": goals, "homeTeam": record(home), "awayTeam": record(away)}


class CompetitionListView(V4View):
    """`/v4/competitions`: the editions."""

    def get(self, request):
        areas = _areas(request)
        editions = list(editions_with_progress().order_by("-season__start_year", "category__order"))
        if areas is not None and AREA["id"] not in areas:
            editions = []
        days = matchdays([edition.pk for edition in editions])
        competitions = [competition(edition, days.get(edition.pk, {})) for edition in editions]
        filters = {} if areas is None else {"areas": ",".join(str(area) for area in areas)}
        return Response({"count": len(editions), "filters": filters, "competitions": competitions})


def _areas(request):
    """The `areas` filter of /v4/competitions (area ids), or None; every competition here is in Algeria (12)."""
    read_query(request, ["areas"])
    raw = request.query_params.get("areas")
    if raw is None:
        return None
    areas = [ascii_integer(part.strip(), minimum=1, maximum=MAX_ID) for part in raw.split(",")]
    if None in areas:
        raise ValidationError({"areas": [_("Une liste d'identifiants de zones, séparés par des virgules (l'Algérie: 12).")]})
    return areas


def _edition(key):
    """The edition (football-data.org's competition) of id or code `key`, or a 404 that says which."""
    editions = editions_with_progress()
    if key.isdigit():
        found = editions.filter(pk=ascii_integer(key, minimum=1, maximum=MAX_ID)).first() if len(key) <= 18 else None
    else:
        found = editions.filter(slug=key.lower()).first()
    if found is None:
        raise NotFound(
            _("Aucune compétition (édition) n'a l'identifiant ou le code « %(key)s ». Voir /v4/competitions.") % {"key": key}
        )
    return found


class CompetitionView(V4View):
    """`/v4/competitions/{id or code}`: one edition."""

    def get(self, request, key):
        read_query(request, [])
        edition = _edition(key)
        return Response(competition(edition, matchdays([edition.pk]).get(edition.pk, {}), seasons=True))


class CompetitionMatchesView(V4View):
    """`/v4/competitions/{id or code}/matches`: an edition's matches, by day, stage, status, matchday."""

    ACCEPTED = ["dateFrom", "dateTo", "stage", "status", "matchday", "season", "limit"]

    def get(self, request, key):
        filters = read_query(request, self.ACCEPTED)
        edition = _edition(key)
        matches = Match.objects.public().filter(round__edition=edition)
        if "matchday" in filters:
            orders = [order for order, day in matchdays([edition.pk]).get(edition.pk, {}).items() if day == filters["matchday"]]
            matches = matches.filter(round__order__in=orders)
        matches = filter_matches(matches, filters)
        response = _match_list(request, matches, filters, competition=competition_ref(edition))
        response.data["resultSet"].pop("competitions", None)  # one competition: football-data.org says none
        return response


class TeamView(V4View):
    """`/v4/teams/{id}`: a club, with the editions it plays in its latest season."""

    def get(self, request, pk):
        read_query(request, [])
        club = _club(pk, Club.objects.select_related("stadium", "wilaya"))
        records = list(ClubSeason.objects.filter(club=club).select_related("season", "division").order_by("season__start_year"))
        latest = records[-1] if records else None
        played_in = Match.objects.public().filter(Q(home_club=club) | Q(away_club=club)).values("round__edition_id")
        running = editions_with_progress().filter(pk__in=played_in)
        return Response(
            {
                "area": AREA,
                **team_ref(club),
                "address": None,
                "website": None,
                "founded": None,
                "clubColors": None,
                "venue": club.stadium.name if club.stadium_id else None,
                "runningCompetitions": [competition_ref(edition) for edition in running.order_by("-season__start_year", "id")],
                "coach": None,
                "squad": [],
                "staff": [],
                "lastUpdated": None,
                # Ours: where the club is from and its division, season by season.
                "wilaya": club.wilaya.name if club.wilaya_id else None,
                "division": latest.division.code if latest else None,
                "seasons": [{"season": record.season.start_year, "division": record.division.code} for record in records],
            }
        )


class TeamMatchesView(V4View):
    """`/v4/teams/{id}/matches`: a club's matches, home (`venue=HOME`) or away, with its record."""

    ACCEPTED = ["dateFrom", "dateTo", "season", "competitions", "status", "venue", "limit"]

    def get(self, request, pk):
        filters = read_query(request, self.ACCEPTED)
        filters.setdefault("limit", TEAM_MATCHES_LIMIT)
        club = _club(pk)
        matches = filter_matches(Match.objects.public(), filters, club=club)
        found = _rows(matches, filters["limit"])
        represented = represent(found)
        played = [match for match in found if match.status in PLAYED]
        wins = sum(1 for match in played if match.winner_id == club.pk)
        draws = sum(1 for match in played if match.winner_id is None)
        summary = {**result_set(found, represented), "wins": wins, "draws": draws, "losses": len(played) - wins - draws}
        return Response({"filters": echo(filters), "resultSet": summary, "matches": represented})
