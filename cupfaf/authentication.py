"""How machines authenticate to the API (kept apart from cupfaf.api, which DRF settings must not import)."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`, or `X-Auth-Token: <key>` as football-data.org clients send it.

    Keys are stored hashed (knox); `manage.py issue_token USERNAME` prints a new one once.
    """

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            return found
        key = request.META.get("HTTP_X_AUTH_TOKEN", "").strip()
        if not key:
            return None
        return self.authenticate_credentials(key.encode())
