"""The public site's page of the federation's decisions: confirmed sanctions, with their article.

Open to everyone, read-only, served from the shared cache like every public page.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from cupfaf.api_cache import cached_page

from .selectors import public_sanctions

PAGE_SIZE = 50


@cached_page
def decisions(request):
    """Confirmed sanctions, the latest decided first, a page at a time."""
    pages = Paginator(public_sanctions().order_by("-decided_at", "-id"), PAGE_SIZE)
    return render(request, "site/decisions.html", {"page": pages.get_page(request.GET.get("page"))})
