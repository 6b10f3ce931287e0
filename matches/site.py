"""The public site's pages of the cup: the home page, editions and their bracket, rounds, matches, clubs, draws.

Open to everyone and read-only. They show the published data only (the round of a draw not
published, and its matches, never show), read through the selectors the media API reads
(`match_rows`, `bracket`), and are served from its shared cache (`cupfaf.api_cache.cached_page`),
which every write makes stale once it commits. Each page's queries do not grow with the edition.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clubs.models import Club
from competitions.models import Draw, DrawMethod, DrawStatus, Round, club_slug
from competitions.selectors import editions_with_progress, finals_of
from competitions.stages import KNOCKOUT_STAGES
from competitions.verification import verify
from cupfaf.api_cache import cached_page

from .calendar import score_line
from .models import Match, MatchStatus, ResultState, Slot
from .selectors import NOT_PLAYED, bracket, draws_with_pairings, match_rows, of_club, public_match_values

PAGE_SIZE = 64
PLAYED = (MatchStatus.FINISHED, MatchStatus.AWARDED)
# How many of the latest results and next fixtures the home page lists.
HOME_LIST = 8


def dressed(matches):
    """`MatchRow`s with what a page says of them: each side's name or "Vainqueur du n° 13", who won,
    the score in words and whether it is official."""
    for match in matches:
        feeders = {feeder.next_slot: feeder.number for feeder in match.feeder_list}
        for slot, side in ((Slot.HOME, "home"), (Slot.AWAY, "away")):
            club = getattr(match, f"{side}_club")
            if club is not None:
                label = club.name
            elif slot in feeders:
                label = _("Vainqueur du n° %(number)s") % {"number": feeders[slot]}
            else:
                label = "?"
            setattr(match, f"{side}_label", label)
            setattr(match, f"{side}_won", club is not None and match.winner_id == club.pk)
        score = match.score
        after = score.after_play if score.regular_time.known else None
        match.home_score, match.away_score = (after.home, after.away) if after else (None, None)
        match.extra_time = score.extra_time is not None
        match.shootout = score.penalties
        match.awarded = match.status == MatchStatus.AWARDED
        match.result = score_line(match) if match.status in PLAYED else ""
        match.provisional = match.status in PLAYED and not match.official
        match.round_name = Round.name.fget(match.round)
    return matches


def current_edition():
    """The edition the home page shows: the latest with a published round, seniors before the other categories."""
    return (
        editions_with_progress()
        .filter(current_stage__isnull=False)
        .order_by("-season__start_year", "category__order")
        .first()
    )


def published_rounds(edition):
    """The rounds of `edition` whose draw is published, with their draw, how many matches they have and how many are decided."""
    return (
        edition.rounds.filter(draw__status=DrawStatus.PUBLISHED)
        .select_related("draw")
        .annotate(matches_count=Count("matches"), decided=Count("matches", filter=Q(matches__winner__isnull=False)))
        .order_by("order")
    )


@cached_page
def home(request):
    """The home page: the current edition's round being played, its latest results and next fixtures, its last draw."""
    edition = current_edition()
    context = {"edition": edition, "editions": editions_with_progress().filter(current_stage__isnull=False).order_by("-season__start_year", "category__order")}
    if edition is not None:
        matches = public_match_values().filter(round__edition=edition)
        context["results"] = dressed(
            match_rows(
                matches.filter(status__in=PLAYED).order_by(
                    F("kickoff").desc(nulls_last=True), "-round__order", "-number"
                )[:HOME_LIST]
            )
        )
        context["fixtures"] = dressed(
            match_rows(
                matches.filter(status__in=(*NOT_PLAYED, MatchStatus.POSTPONED)).order_by(
                    "round__order", F("kickoff").asc(nulls_last=True), "number"
                )[:HOME_LIST]
            )
        )
        context["current_round"] = (
            edition.rounds.filter(order=edition.current_round_order).first() if edition.current_round_order else None
        )
        context["last_draw"] = (
            Draw.objects.filter(round__edition=edition, status=DrawStatus.PUBLISHED)
            .select_related("round")
            .order_by(F("published_at").desc(nulls_last=True), "-round__order")
            .first()
        )
    return render(request, "site/home.html", context)


def _edition(slug):
    return get_object_or_404(editions_with_progress(), slug=slug)


@cached_page
def edition_page(request, slug):
    """An edition: its rounds, and the bracket of its national phase as a tree."""
    edition = _edition(slug)
    rounds = list(published_rounds(edition))
    tree = [(round_, dressed(matches)) for round_, matches in bracket(edition)]
    return render(
        request,
        "site/edition.html",
        {
            "edition": edition,
            "rounds": rounds,
            "tree": tree,
            "first_phase": [round_ for round_ in rounds if round_.stage not in KNOCKOUT_STAGES],
        },
    )


@cached_page
def round_page(request, slug, stage):
    """A round: its matches in the order drawn, with their day, stadium and result, a page of them at a time."""
    edition = _edition(slug)
    round_ = get_object_or_404(published_rounds(edition), stage=stage.upper())
    pages = Paginator(public_match_values().filter(round=round_).order_by("number"), PAGE_SIZE)
    page = pages.get_page(request.GET.get("page"))
    return render(
        request,
        "site/round.html",
        {"edition": edition, "round": round_, "page": page, "matches": dressed(match_rows(page.object_list))},
    )


@cached_page
def match_page(request, pk):
    """A match: the score by period, the shoot-out on its own line, the scorers, an award's reason and article."""
    found = match_rows(public_match_values().filter(pk=pk))
    if not found:
        raise Http404(_("Aucun match publié n'a ce numéro."))
    match = dressed(found)[0]
    next_match = (
        Match.objects.public().filter(pk=match.next_match_id).values("id", "number", "round__stage").first()
        if match.next_match_id
        else None
    )
    if next_match:
        next_match["round_name"] = Round(stage=next_match["round__stage"]).name
    goals = sorted(match.goal_list, key=lambda goal: (goal.minute, goal.injury_time or 0))
    return render(
        request,
        "site/match.html",
        {
            "match": match,
            "edition": match.round.edition,
            "score": match.score,
            "home_goals": [goal for goal in goals if goal.team == Slot.HOME],
            "away_goals": [goal for goal in goals if goal.team == Slot.AWAY],
            "next_match": next_match,
            "validated": match.result_state == ResultState.VALIDATED,
        },
    )


@cached_page
def club_page(request, pk):
    """A club: its division each season, its cup matches, its finals in the cup's history, its calendar to subscribe to."""
    club = get_object_or_404(Club.objects.select_related("wilaya", "stadium"), pk=pk)
    seasons = club.seasons.select_related("season", "division", "league").order_by("-season__start_year")
    matches = dressed(
        match_rows(
            of_club(public_match_values(), club.pk).order_by(
                "-round__edition__season__start_year", "round__edition_id", "round__order"
            )
        )
    )
    slugs = {club_slug(club.name), *(club_slug(alias) for alias in club.aliases.values_list("name", flat=True))}
    finals = finals_of(slugs)
    calendar = request.build_absolute_uri(reverse("club-calendar", kwargs={"club_pk": club.pk}))
    return render(
        request,
        "site/club.html",
        {
            "club": club,
            "seasons": seasons,
            "matches": matches,
            "finals": finals,
            # The name its finals are recorded under (its own, or an alias: Hamra Annaba for USM Annaba).
            "history_slug": (finals[0].winner_slug if finals[0].winner_slug in slugs else finals[0].runner_up_slug) if finals else "",
            "calendar": calendar,
            "webcal": "webcal://" + calendar.split("://", 1)[1],
        },
    )


@cached_page
def draw_page(request, pk):
    """A published draw: its pairings and exempted clubs; for a software draw, its commitment, its seed,
    how anyone checks it, and our own check."""
    drawn = get_object_or_404(
        draws_with_pairings().filter(
            Q(drawn_with__isnull=True) | Q(drawn_with__status=DrawStatus.PUBLISHED), status=DrawStatus.PUBLISHED
        ),
        pk=pk,
    )
    software = drawn.method == DrawMethod.SOFTWARE
    return render(
        request,
        "site/draw.html",
        {
            "draw": drawn,
            "edition": drawn.round.edition,
            "software": software,
            "checks": verify(drawn) if software else [],
            "api_url": request.build_absolute_uri(reverse("draw-detail", kwargs={"pk": drawn.pk})),
        },
    )
