"""Reads of the API and the public site's pages served from the shared cache, with conditional GET, invalidated after commit.

Every cached answer belongs to a *generation* of the data. Any write to the cup's data (a report,
a validation, a schedule, a draw published, a sanction decided, a club edited…) starts a new
generation once its transaction commits, so no answer from before it is served again, by any
process sharing the cache (Redis in production). A hit costs one cache read and the throttle's
count: no other middleware, no query, no serializer. Its ETag and Last-Modified let clients and proxies revalidate with a 304.
"""

import functools
import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .authentication import LenientTokenAuthentication, TokenAuthentication, client_name
from .errors import V4_PREFIX, error_body
from .throttling import MinuteRateThrottle

GENERATION = "api:generation"
# The apps whose data the API shows; the user model's logins (last_login) change nothing it shows.
WATCHED_APPS = {"clubs", "competitions", "matches", "sanctions"}
UNWATCHED_MODELS = {"user"}
CACHE_CONTROL = "public, max-age=0, must-revalidate"
CACHEABLE_TYPES = ("application/json", "text/calendar")
# The faces whose reads are cached: ours and football-data.org's (matches.v4).
CACHED_PREFIXES = ("/api/v1/", "/v4/")
# Headers of a stored answer that a replay sets anew.
REPLACED_HEADERS = {
    "etag",
    "last-modified",
    "cache-control",
    "content-length",
    "x-requests-available-minute",
    "x-requestcounter-reset",
}


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


def _key(request):
    """Where the answer to `request` is kept: its host, path and query as sent, and what else the
    answer's bytes or headers depend on (language, scheme). Public reads are the same for every
    client: who asks changes only the rate and the client's name, set on each answer. CORS and the
    security headers are not kept: the middleware outside this one add them to every answer.

    The host is read as Django checks it (ALLOWED_HOSTS): a host not allowed is refused, hit or not.
    """
    meta = request.META
    variant = ":".join(
        (
            request.get_host(),
            translation.get_language_from_request(request),
            "https" if request.is_secure() else "http",
        )
    )
    path = hashlib.sha256(f"{meta.get('PATH_INFO', '')}?{meta.get('QUERY_STRING', '')}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"api:answer:{variant}:{path}"


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
    patch_vary_headers(response, ["Accept-Language"])
    return response


class ApiCacheMiddleware:
    """Serve API reads from the shared cache, answer conditional GETs with 304, and store new answers.

    It comes first among the middleware (after the rate headers): a hit skips every other one and
    the view, and replays the headers they gave the answer when it was made (security, CSP, CORS,
    language), so a hit costs the throttle and one cache read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(CACHED_PREFIXES) or not settings.API_RESPONSE_CACHE:
            return self.get_response(request)
        user, refused = self._client(request)
        if refused is not None:
            return refused
        key = _key(request)
        body_key = f"{key}:body"
        conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
        # A revalidation reads the answer's description only, never its body (a bracket is megabytes).
        found = cache.get_many([GENERATION, key] if conditional else [GENERATION, key, body_key])
        current = found.get(GENERATION) or generation()
        stored = found.get(key)
        if stored is not None and stored["generation"] == current["token"]:
            etag, last_modified = stored["etag"], stored["last_modified"]
            not_modified = _not_modified(request, etag, last_modified)
            body = None if not_modified else found.get(body_key) or cache.get(body_key)
            if not_modified or (body is not None and body[0] == current["token"]):
                refused = self._throttled(request, user)
                if refused is not None:
                    return refused
                if not_modified:
                    return _conditional_headers(HttpResponse(status=304), etag, last_modified)
                response = HttpResponse(body[1])
                for name, value in stored["headers"]:
                    response[name] = value
                if "X-Authenticated-Client" in response:
                    response["X-Authenticated-Client"] = client_name(user)
                return _conditional_headers(response, etag, last_modified)
        response = self.get_response(request)
        if (
            response.status_code != 200
            or not response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
            or response.cookies
            or response.streaming
        ):
            return response
        etag = response.get("ETag") or '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = current["at"]
        description = {
            "generation": current["token"],
            "headers": [(name, value) for name, value in response.items() if name.lower() not in REPLACED_HEADERS],
            "etag": etag,
            "last_modified": last_modified,
        }
        cache.set_many(
            {key: description, body_key: (current["token"], response.content)}, settings.API_RESPONSE_CACHE_SECONDS
        )
        if _not_modified(request, etag, last_modified):
            return _conditional_headers(HttpResponse(status=304), etag, last_modified)
        return _conditional_headers(response, etag, last_modified)

    def _client(self, request):
        """(the token's user or None, None), or (None, a 401) for a key our face refuses."""
        authentication = LenientTokenAuthentication if request.path.startswith(V4_PREFIX) else TokenAuthentication
        if "HTTP_AUTHORIZATION" not in request.META and "HTTP_X_AUTH_TOKEN" not in request.META:
            return None, None  # anonymous: no query
        from .audit import acting_via  # the models are ready by the time a request is answered

        # Authenticating names the token as what the request acts through: only for this call, since
        # this middleware runs outside the one that gives each request its own. It runs before the
        # locale middleware too: a refusal in the reader's language, not the thread's last.
        try:
            with acting_via("api"), translation.override(translation.get_language_from_request(request)):
                found = authentication().authenticate(Request(request))
        except AuthenticationFailed as failed:
            return None, JsonResponse(error_body(request.path, 401, str(failed.detail)), status=401)
        return (found[0] if found else None), None

    def _throttled(self, request, user):
        """A hit counts against the client's rate as a request to a view would (cupfaf.throttling)."""
        drf_request = Request(request)
        drf_request.user = user
        throttle = MinuteRateThrottle()
        if throttle.allow_request(drf_request, None):
            return None
        wait = throttle.wait()
        with translation.override(translation.get_language_from_request(request)):
            message = _("Trop de requêtes: réessayez dans %(seconds)s secondes.") % {"seconds": int(wait or 1)}
        response = JsonResponse(error_body(request.path, 429, message), status=429)
        response["Retry-After"] = str(int(wait or 1))
        return response


def cached_page(view):
    """A public page (GET or HEAD) served from the shared cache of the current generation, like the API's
    answers, with its ETag and Last-Modified for conditional GETs.

    The page must depend on nothing but its URL and the reader's language (the one the locale
    middleware chose: the language switch's cookie, else Accept-Language), never on the user: public
    pages carry no CSRF token and no account's name. A hit costs one cache read and no query.
    """

    @require_safe
    @functools.wraps(view)
    def page(request, *args, **kwargs):
        if not settings.API_RESPONSE_CACHE:
            return _page_headers(view(request, *args, **kwargs))
        current = generation()
        variant = ":".join((request.get_host(), translation.get_language(), "https" if request.is_secure() else "http"))
        # The path and the page number: the only query a public page reads. Any other parameter would
        # make a new entry per random value for nothing (and could push the generation out of the cache).
        where = hashlib.sha256(f"{request.path}?{request.GET.get('page', '')}".encode("utf-8", "surrogatepass")).hexdigest()
        key = f"site:page:{variant}:{where}"
        stored = cache.get(key)
        if stored is None or stored["generation"] != current["token"]:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code != 200 or response.streaming or response.cookies:
                return _page_headers(response)
            stored = {
                "generation": current["token"],
                "etag": '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
                "type": response["Content-Type"],
                "body": response.content,
            }
            cache.set(key, stored, settings.API_RESPONSE_CACHE_SECONDS)
        if _not_modified(request, stored["etag"], current["at"]):
            return _page_headers(_conditional_headers(HttpResponse(status=304), stored["etag"], current["at"]))
        response = HttpResponse(stored["body"], content_type=stored["type"])
        return _page_headers(_conditional_headers(response, stored["etag"], current["at"]))

    return page


def _page_headers(response):
    # The language switch is a cookie: a shared cache must not give one reader's language to another.
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response
