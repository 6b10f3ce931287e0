"""The public site's pages of the cup's history: the roll of honour since 1962-63 and a club's finals.

Open to everyone, read-only, served from the shared cache like every public page
(`cupfaf.api_cache.cached_page`). The data is the federation's record (`CupFinal`), loaded from
`fixtures/history.json` and corrected by staff in the admin.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cupfaf.api_cache import cached_page

from .selectors import club_of_slug, finals_of, roll_of_honour, titles


@cached_page
def history(request):
    """The roll of honour: every season since 1962-63, its winner, finalist and score, or why no cup was played; the clubs' titles."""
    finals = roll_of_honour()
    records = titles(finals)
    return render(
        request,
        "site/history.html",
        {
            "finals": finals,
            "records": records,
            "most": [record for record in records if records and record["titles"] == records[0]["titles"]],
            "not_held": [final for final in finals if not final.held],
        },
    )


@cached_page
def club_history(request, slug):
    """One club's finals in the cup's history, and its page when the club is on our books."""
    finals = finals_of({slug})
    if not finals:
        raise Http404(_("Aucune finale de la Coupe d'Algérie pour ce club."))
    latest = finals[0]
    name = latest.winner if latest.winner_slug == slug else latest.runner_up
    won = [final for final in finals if final.winner_slug == slug]
    return render(
        request,
        "site/club_history.html",
        {
            "name": name,
            "slug": slug,
            "finals": finals,
            "won": won,
            "club": club_of_slug(slug),
        },
    )
