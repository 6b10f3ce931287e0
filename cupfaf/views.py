from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from .api import ID_PATH_PATTERN


class IdConverter:
    """A database id in a page's path: digits that fit a 64-bit key (a longer number is a 404, never an overflow)."""

    regex = ID_PATH_PATTERN

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


@require_safe
def choose_language(request, code):
    """The public site's language switch, open to everyone: a link (no form, no script) that keeps the
    reader's choice in the language cookie and takes them back to the page they were reading."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    response = HttpResponseRedirect(back)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
