"""A club's fixtures as an iCalendar feed (RFC 5545), for fans and newsrooms to subscribe to.

Each match is one VEVENT whose UID never changes and whose SEQUENCE grows when its kick-off or
stadium changes, so that calendar applications replace the event rather than add another.
"""

import datetime
import json

import icalendar
from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, renderers
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from clubs.models import Club
from cupfaf.api import ErrorSerializer

from .models import MatchStatus
from .selectors import public_matches

# A match with extra time and a shoot-out is over within about two and a half hours.
MATCH_LENGTH = datetime.timedelta(hours=2, minutes=30)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class ICalendarRenderer(renderers.BaseRenderer):
    """The calendar built by the view as it is; an error (a dict) as JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()


def score_line(match):
    """The result in words for the event: "1-1, a.p. 2-1" (after extra time), "t.a.b. 5-4" (shoot-out)."""
    if match.status == MatchStatus.AWARDED:
        return _("match perdu par pénalité (art. %(article)s)") % {"article": match.awarded_article}
    return score_in_words(match.score)


def score_in_words(score):
    """A score by period in words: "1-1, a.p. 2-1, t.a.b. 5-4"; empty while the regular time is unknown."""
    if not score.regular_time.known:
        return ""
    line = f"{score.regular_time.home}-{score.regular_time.away}"
    if score.extra_time is not None:
        after = score.after_play
        line += ", " + _("a.p. %(score)s") % {"score": f"{after.home}-{after.away}"}
    if score.penalties is not None:
        line += ", " + _("t.a.b. %(score)s") % {"score": f"{score.penalties.home}-{score.penalties.away}"}
    return line


# A postponed match stays in calendars, marked tentative until staff give it a new kick-off.
EVENT_STATUS = {MatchStatus.CANCELLED: "CANCELLED", MatchStatus.POSTPONED: "TENTATIVE"}


def club_calendar(club, matches):
    """The VCALENDAR of `club`'s matches, in the active language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//FAF//CupFAF//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("%(club)s · Coupe d'Algérie") % {"club": club.name})
    for match in matches:
        start = match.kickoff or match.round.date
        if start is None:
            continue  # neither a kick-off nor the round's date: nothing to put in a calendar yet
        event = icalendar.Event()
        event.add("uid", f"match-{match.pk}@cupfaf")
        event.add("dtstamp", match.last_updated.astimezone(datetime.UTC))
        event.add("last-modified", match.last_updated.astimezone(datetime.UTC))
        event.add("sequence", match.schedule_sequence)
        if match.kickoff:
            event.add("dtstart", match.kickoff.astimezone(datetime.UTC))
            event.add("dtend", (match.kickoff + MATCH_LENGTH).astimezone(datetime.UTC))
        else:
            # Only the day is known: an all-day event (DTSTART;VALUE=DATE), ending the next day.
            event.add("dtstart", match.round.date)
            event.add("dtend", match.round.date + datetime.timedelta(days=1))
        summary = _("%(round)s n° %(number)s: %(home)s – %(away)s") % {
            "round": match.round.name,
            "number": match.number,
            "home": match.home_club or _("à désigner"),
            "away": match.away_club or _("à désigner"),
        }
        result = score_line(match)
        if result:
            summary = f"{summary} ({result})"
        if match.status == MatchStatus.POSTPONED:
            summary = _("Reporté · %(summary)s") % {"summary": summary}
        event.add("summary", summary)
        if match.venue:
            event.add("location", f"{match.venue.name}, {match.venue.city}")
        description = [str(match.round.edition)]
        if match.neutral_venue:
            description.append(_("Terrain neutre."))
        if match.status == MatchStatus.POSTPONED:
            description.append(_("Match reporté: %(reason)s") % {"reason": match.postponement_reason})
        event.add("description", "\n".join(description))
        event.add("status", EVENT_STATUS.get(match.status, "CONFIRMED"))
        calendar.add_component(event)
    return calendar.to_ical()


class ClubCalendarView(APIView):
    """One club's fixtures as an iCalendar feed: subscribe to it in any calendar application."""

    permission_classes = [permissions.AllowAny]
    renderer_classes = [ICalendarRenderer]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        response.content_type = "application/json"
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "lang", str, enum=LANGUAGES, required=False, description="Language of the events' words (default: Accept-Language)."
            )
        ],
        responses={
            (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="RFC 5545, one VEVENT per match."),
            (400, "application/json"): ErrorSerializer,
            (404, "application/json"): ErrorSerializer,
        },
    )
    def get(self, request, club_pk):
        unknown = set(request.query_params) - {"lang"}
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("Paramètre inconnu. Paramètres acceptés: %(names)s.") % {"names": "lang"}] for name in sorted(unknown)}
            )
        language = request.query_params.get("lang", translation.get_language())
        if language not in LANGUAGES:
            raise exceptions.ValidationError({"lang": [_("Langues: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}]})
        club = get_object_or_404(Club, pk=club_pk)
        matches = (
            public_matches()
            .filter(Q(home_club=club) | Q(away_club=club))
            .select_related("round__edition__regulation")
            .order_by("round__edition__season__start_year", "round__order")
        )
        with translation.override(language):
            body = club_calendar(club, matches)
        filename = f"club-{club.pk}.ics"
        return Response(body, headers={"Content-Disposition": f'inline; filename="{filename}"'})
