"""Input refused before any view: a NUL character in the path or the query string.

PostgreSQL cannot store or compare a text holding NUL, and the admin's list filters pass query values
straight to the database: one `?status=%00` would be a 500. No page or API parameter has a use for it.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from .errors import error_body, is_api_path


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        named = sorted({name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)})
        if "\x00" in request.path or named:
            message = _("Caractère nul refusé dans l'adresse.")
            if is_api_path(request.path):
                errors = {name.replace("\x00", "") or "query": [message] for name in named}
                return JsonResponse(error_body(request.path, 400, message, errors), status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
