"""Input refused before any view: a NUL character in the path or the query string.

PostgreSQL cannot store or compare a text holding NUL, and the admin's list filters pass query values
straight to the database: one `?status=%00` would be a 500. No page or API parameter has a use for it.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        named = sorted({name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)})
        if "\x00" in request.path or named:
            message = _("Caractère nul refusé dans l'adresse.")
            if request.path.startswith("/api/"):
                errors = {name.replace("\x00", "") or "query": [message] for name in named}
                return JsonResponse({"detail": message, "errors": errors}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
