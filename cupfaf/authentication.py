"""How machines authenticate to the API (kept apart from cupfaf.api, which DRF settings must not import)."""

import re

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

# knox's keys are hexadecimal; a header holding anything else (a byte that is not UTF-8, a space,
# a megabyte) is refused before it reaches a query.
_KEY = re.compile(rb"[0-9A-Za-z]{1,128}")


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, or `X-Auth-Token: <key>` as football-data.org clients send it.

    Keys are stored hashed (knox); `manage.py issue_token USERNAME` prints a new one once.
    """

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is None:
            key = request.META.get("HTTP_X_AUTH_TOKEN", "").strip()
            if not key:
                return None
            # WSGI hands headers over as ISO-8859-1 text: back to the bytes that were sent.
            found = self.authenticate_credentials(key.encode("iso-8859-1", errors="replace"))
        from cupfaf import audit  # the models are ready by the time a request is authenticated

        audit.set_via(f"api token {found[1].token_key}")
        return found

    def authenticate_credentials(self, token):
        if not _KEY.fullmatch(token):
            raise exceptions.AuthenticationFailed(_("Jeton invalide."))
        return super().authenticate_credentials(token)


class LenientTokenAuthentication(TokenAuthentication):
    """football-data.org's rule on public reads (the /v4/ face): a key that is not ours reads as
    anonymous, at the anonymous rate, instead of being refused."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            return None


def client_name(user):
    """Who football-data.org's `X-Authenticated-Client` header names: the token's user, or anonymous."""
    return user.get_username() if user is not None and user.is_authenticated else "anonymous"
