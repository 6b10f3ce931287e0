"""Reads of the API served from the shared cache, with conditional GET, invalidated after commit.

Every cached answer belongs to a *generation* of the data. Any write to the cup's data (a report,
a validation, a schedule, a draw published, a sanction decided, a club edited…) starts a new
generation once its transaction commits, so no answer from before it is served again, by any
process sharing the cache (Redis in production). A hit costs a cache read or two: no query,
no serializer. Its ETag and Last-Modified let clients and proxies revalidate with a 304.
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .errors import V4_PREFIX, error_body

GENERATION = "api:generation"
# The apps whose data the API shows; the user model's logins (last_login) change nothing it shows.
WATCHED_APPS = {"clubs", "competitions", "matches", "sanctions"}
UNWATCHED_MODELS = {"user"}
CACHE_CONTROL = "public, max-age=0, must-revalidate"
CACHEABLE_TYPES = ("application/json", "text/calendar")
# The faces whose reads are cached: ours and football-data.org's (matches.v4).
CACHED_PREFIXES = ("/api/v1/", "/v4/")
# Headers a view sets that a cached answer must carry again.
KEPT_HEADERS = ("Content-Disposition", "X-API-Version")


def generation():
    """The data's current generation: {"token", "at"} (the time it started, for Last-Modified)."""
    current = cache.get(GENERATION)
    if current is None:
        cache.add(GENERATION, {"token": uuid.uuid4().hex, "at": int(time.time())}, None)
        current = cache.get(GENERATION)
    return current


def start_new_generation():
    cache.set(GENERATION, {"token": uuid.uuid4().hex, "at": int(time.time())}, None)


def data_changed(sender, **kwargs):
    """A model of the cup changed: once the transaction commits, answers cached before are stale.

    A rolled-back transaction starts no generation: its callbacks are dropped with it.
    """
    meta = sender._meta
    if meta.app_label not in WATCHED_APPS or meta.model_name in UNWATCHED_MODELS:
        return
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        sids == here and func is start_new_generation for sids, func, *_robust in connection.run_on_commit
    ):
        return  # one new generation per transaction (or savepoint) is enough
    transaction.on_commit(start_new_generation)


def _key(request, token):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"api:answer:{token}:{request.LANGUAGE_CODE}:{path}"


def _not_modified(request, etag, last_modified):
    matches = request.headers.get("If-None-Match")
    if matches is not None:
        return etag in [tag.strip().removeprefix("W/") for tag in matches.split(",")] or matches.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified <= since


def _conditional_headers(response, etag, last_modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept-Language"
    return response


class ApiCacheMiddleware:
    """Serve API reads from the shared cache, answer conditional GETs with 304, and store new answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(CACHED_PREFIXES) or not settings.API_RESPONSE_CACHE:
            return self.get_response(request)
        current = generation()
        key = _key(request, current["token"])
        stored = cache.get(key)
        if stored is not None:
            refused = self._throttled(request)
            if refused is not None:
                return refused
            etag, last_modified = stored["etag"], stored["last_modified"]
            if _not_modified(request, etag, last_modified):
                return _conditional_headers(HttpResponse(status=304), etag, last_modified)
            response = HttpResponse(stored["body"], content_type=stored["content_type"])
            for name, value in stored["headers"].items():
                response[name] = value
            return _conditional_headers(response, etag, last_modified)
        response = self.get_response(request)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
            return response
        etag = response.get("ETag") or '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = current["at"]
        cache.set(
            key,
            {
                "body": response.content,
                "content_type": response["Content-Type"],
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "etag": etag,
                "last_modified": last_modified,
            },
            settings.API_RESPONSE_CACHE_SECONDS,
        )
        if _not_modified(request, etag, last_modified):
            return _conditional_headers(HttpResponse(status=304), etag, last_modified)
        return _conditional_headers(response, etag, last_modified)

    def _throttled(self, request):
        """A hit counts against the client's rate as a request to a view would (cupfaf.throttling)."""
        from .authentication import LenientTokenAuthentication, TokenAuthentication
        from .throttling import MinuteRateThrottle

        drf_request = Request(request)
        authentication = LenientTokenAuthentication if request.path.startswith(V4_PREFIX) else TokenAuthentication
        try:
            found = authentication().authenticate(drf_request)
        except AuthenticationFailed as failed:
            return JsonResponse(error_body(request.path, 401, str(failed.detail)), status=401)
        drf_request.user = found[0] if found else None
        throttle = MinuteRateThrottle()
        if throttle.allow_request(drf_request, None):
            return None
        wait = throttle.wait()
        message = _("Trop de requêtes: réessayez dans %(seconds)s secondes.") % {"seconds": int(wait or 1)}
        response = JsonResponse(error_body(request.path, 429, message), status=429)
        response["Retry-After"] = str(int(wait or 1))
        return response
