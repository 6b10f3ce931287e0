"""How many API requests a client may make per minute, counted in the shared cache (Redis in
production), so that every application process counts the same requests.

Anonymous clients are counted by address, token holders by user; the media role gets the higher
rate. Each client has one counter per minute of the clock. Every answer says what is left
(`X-Requests-Available-Minute`) and when the count resets (`X-RequestCounter-Reset`, seconds), as
football-data.org does; a client over its rate gets a 429 with `Retry-After`.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .cache import count as cache_count
from .roles import may


class MinuteRateThrottle(SimpleRateThrottle):
    """A count per client and minute of the clock, its rate chosen by who the client is.

    A fixed window, as football-data.org counts (`X-RequestCounter-Reset` is when the minute ends):
    one counter incremented in the cache, where DRF's sliding window reads and writes back the
    time of every request of the last minute, a list as long as the rate, on every request.
    """

    cache_format = "throttle:%(scope)s:%(ident)s"

    def __init__(self):
        pass  # the rate depends on the request: chosen in allow_request

    def client(self, request):
        """(scope, rate) for this request's client."""
        user = request.user
        rates = settings.API_RATES
        if user is None or not user.is_authenticated:
            return "anon", rates["anon"]
        if may(user, "matches.read_at_media_rate"):
            return "media", rates["media"]
        return "user", rates["user"]

    def allow_request(self, request, view):
        self.scope, self.rate = self.client(request)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        now = self.timer()
        window = int(now // self.duration)
        key = f"{self.get_cache_key(request, view)}:{window}"
        count = cache_count(key, self.duration + 1)
        self.seconds_left = (window + 1) * self.duration - now
        # Read by RateHeadersMiddleware, which puts them on the answer, whatever it is.
        request._request.rate_headers = {
            "X-Requests-Available-Minute": str(max(self.num_requests - count, 0)),
            "X-RequestCounter-Reset": str(int(self.seconds_left) + 1),
        }
        return count <= self.num_requests

    def wait(self):
        return self.seconds_left

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class RateHeadersMiddleware:
    """Put the throttle's figures on every API answer, 429s and errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in getattr(request, "rate_headers", {}).items():
            response[name] = value
        return response
