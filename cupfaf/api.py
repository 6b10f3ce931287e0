"""Pieces every API view shares: the error format of ../shared/API.md, UTC datetimes, strict
query parameters, stable pagination, and the classes of input every endpoint accepts.

Hostile input is decided here once, not endpoint by endpoint: integers are ASCII digits that fit
the database's 64 bits, days are ASCII `YYYY-MM-DD` within `DAYS`, cursors decode to an id,
headers decode, JSON bodies are bounded in size and depth (`cupfaf.parsers`). What falls outside
is a 400 naming the parameter, header or field.
"""

import binascii
import datetime
import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import V4_PREFIX, Refused, error_body
from .numbers import MAX_ID, ascii_integer

# An id in a URL: ASCII digits that fit in 64 bits (anything else is a 404 without a query).
ID_PATH_PATTERN = r"[0-9]{1,18}"
# Days a query may name: football has none outside these, and the day after must still be a date.
DAYS = (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))

_ASCII_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
def exception_handler(exc, context):
    """Shape every error as {"detail": "...", "errors": {field: [messages]}} (API.md, Basics).

    Nested fields are flattened to the names the API documents ("incidents[0].team",
    "score.extraTime"); a refusal resting on the regulation adds its "article".
    """
    if isinstance(exc, Refused):
        body = {"detail": str(exc.detail), "errors": flatten_errors(exc.errors)}
        if exc.article:
            body["article"] = exc.article
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # Django's 404 message is English and names the model
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, logged by Django as a 500
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail"}:
        response.data = {"detail": str(data.get("detail", "")), "errors": {}}
    else:
        response.data = {"detail": str(exceptions.ValidationError.default_detail), "errors": flatten_errors(data)}
    return response


def v4_exception_handler(exc, context):
    """Errors of the /v4/ face: ours, reshaped as football-data.org's {"message", "errorCode"}."""
    response = exception_handler(exc, context)
    if response is not None:
        data = response.data
        body = error_body(V4_PREFIX, response.status_code, data["detail"], data["errors"])
        if "article" in data:
            body["article"] = data["article"]
        response.data = body
    return response


def flatten_errors(errors, prefix=""):
    """DRF's nested errors as {"a.b[0].c": [messages]}: one documented shape whatever the nesting."""
    flat = {}

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, int) or str(key).isdecimal():  # DRF keys a list's items by index
                    walk(value, f"{path}[{key}]")
                elif key in ("non_field_errors", "detail") and path:
                    walk(value, path)
                else:
                    walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list | tuple) and any(isinstance(item, dict | list | tuple) for item in node):
            for index, item in enumerate(node):
                if item:  # a list serializer reports an empty {} for each valid item
                    walk(item, f"{path}[{index}]")
        else:
            messages = node if isinstance(node, list | tuple) else [node]
            flat.setdefault(path or "non_field_errors", []).extend(str(message) for message in messages)

    walk(errors, prefix)
    return flat


@csrf_exempt  # the API has no sessions: a POST to nowhere is a 404, not a CSRF page
def not_found(request, *args, **kwargs):
    """Any path under /api/ or /v4/ that names no resource: a JSON 404, whatever the method.

    A GET that only lacks its final slash is sent on to it, as Django's APPEND_SLASH would (not under
    /v4/, whose clients expect no slash and follow no redirect).
    """
    if request.method in ("GET", "HEAD") and not request.path.endswith("/") and not request.path.startswith(V4_PREFIX):
        try:
            found = resolve(request.path + "/")
        except Resolver404:
            found = None
        if found is not None and found.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    message = _("Aucune ressource à cette adresse: voir /api/v1/docs/ (ou, pour /v4/, le README).")
    return JsonResponse(error_body(request.path, 404, message), status=404, json_dumps_params={"ensure_ascii": False})


class Integer(serializers.IntegerField):
    """A body's integer: a JSON number or ASCII digits, within 64 bits unless bounded tighter."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, str) and ascii_integer(data.strip(), minimum=-(2**64)) is None):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    article = serializers.CharField(
        required=False, help_text="The article of the regulation that refuses the request, when one does."
    )


class UtcDateTimeField(serializers.DateTimeField):
    """ISO-8601 in UTC with a trailing Z, whatever the server's time zone (API.md: times are UTC)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M:%SZ")
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(**kwargs)


class Day(serializers.DateField):
    """A body's day: ASCII `YYYY-MM-DD` within DAYS."""

    def to_internal_value(self, value):
        try:
            return DayField().clean(value)
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class AsciiIntegerField(forms.IntegerField):
    """A query's integer: ASCII digits only (forms.IntegerField alone takes "٣" for 3)."""

    def to_python(self, value):
        if value not in self.empty_values and ascii_integer(str(value).strip(), minimum=-(2**64), maximum=2**64) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def any_case_pattern(*alternatives):
    """A JSON-schema pattern matching one of `alternatives` in any case (the API reads codes in any case)."""

    def word(text):
        return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in text)

    return "^(" + "|".join(word(a) for a in alternatives) + ")$"


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """An id in a query string: a whole number the database can hold, else a 400."""

    field_class = AsciiIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": DAYS[0].year, "maximum": DAYS[1].year})
class YearFilter(filters.NumberFilter):
    """A season's start year in a query string: ASCII digits within the cup's years."""

    field_class = AsciiIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", DAYS[0].year)
        kwargs.setdefault("max_value", DAYS[1].year)
        super().__init__(*args, **kwargs)


class DayField(forms.DateField):
    """A day as ASCII `YYYY-MM-DD` within DAYS: no other form, and no day the arithmetic after it overflows."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _ASCII_DAY.fullmatch(str(value).strip()):
            raise forms.ValidationError(_("Une date AAAA-MM-JJ."), code="invalid")
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise forms.ValidationError(_("Cette date n'existe pas."), code="invalid") from None
        if not DAYS[0] <= day <= DAYS[1]:
            raise forms.ValidationError(
                _("Une date entre %(first)s et %(last)s.") % {"first": DAYS[0], "last": DAYS[1]}, code="invalid"
            )
        return day


@extend_schema_field(
    {"type": "string", "format": "date", "pattern": "^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"}
)
class DayFilter(filters.DateFilter):
    field_class = DayField


class ReleasedAfterRequestMixin:
    """A view that nothing keeps once its request is answered.

    An `@extend_schema`'d action hands its schema *class* to every view made for it; DRF's schema
    descriptor then stores the view on that class (`ExtendedSchema.view = view`), so a worker kept
    the last such request's view alive, with its response, serializer and queryset (a whole bracket),
    until the next one. drf-spectacular reads an action's schema from the action itself, never from
    the view made for a request: the view need not take it.
    """

    def __init__(self, **kwargs):
        kwargs.pop("schema", None)
        super().__init__(**kwargs)


class StrictQueryParametersMixin(ReleasedAfterRequestMixin):
    """Refuse query parameters the view does not know: a mistyped filter must not return everything.

    Ids in the path are ASCII digits that fit 64 bits; any other segment is a 404 before any query.
    """

    lookup_value_regex = ID_PATH_PATTERN

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, request.method.lower(), None) is None:
            raise exceptions.MethodNotAllowed(request.method)  # a 405 first, whatever the query says
        allowed = {"format"}
        if self.action == "list" and getattr(self, "pagination_class", None):
            allowed |= {"cursor", "limit"}
        if self.action == "list" and getattr(self, "filterset_class", None):
            allowed |= set(self.filterset_class.base_filters)
        errors = {
            name: [_("Paramètre inconnu. Paramètres acceptés: %(names)s.") % {"names": ", ".join(sorted(allowed))}]
            for name in sorted(set(request.query_params) - allowed)
        }
        # An empty value would be ignored and return everything, as a mistyped name would.
        errors |= {
            name: [_("Valeur vide: donnez une valeur ou retirez le paramètre.")]
            for name, values in request.query_params.lists()
            if name in allowed and any(not value.strip() for value in values)
        }
        if errors:
            raise exceptions.ValidationError(errors)


class StablePagination(CursorPagination):
    """Keyset pagination on the id: following `next` never skips or repeats an item, even while items are added."""

    ordering = "id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "limit"
    page_size_query_description = "Items per page, 1 to 200 (default 50)."
    cursor_query_description = "Opaque position, taken from `next` or `previous`."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = ascii_integer(raw.strip(), minimum=1, maximum=self.max_page_size)
        if size is None:
            raise exceptions.ValidationError(
                {"limit": [_("Un nombre entier de 1 à %(max)s.") % {"max": self.max_page_size}]}
            )
        return size

    def decode_cursor(self, request):
        invalid = exceptions.ValidationError(
            {"cursor": [_("Curseur invalide: reprenez le lien « next » ou « previous » d'une réponse.")]}
        )
        encoded = request.query_params.get(self.cursor_query_param)
        try:
            # Strictly base64: DRF's decoder skips stray characters, so "%%%" would read as the first page.
            if encoded is not None and not binascii.a2b_base64(encoded.encode("ascii"), strict_mode=True):
                raise invalid
            cursor = super().decode_cursor(request)
        except (exceptions.NotFound, UnicodeError, binascii.Error):
            raise invalid from None
        # The position is an id we wrote: anything else was made by hand, and would reach the query.
        if cursor is not None and cursor.position is not None and ascii_integer(cursor.position, minimum=0) is None:
            raise invalid
        return cursor

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"] = {"type": "string", "minLength": 1}
        return parameters

    def get_paginated_response_schema(self, schema):
        # DRF writes `nullable`, which OpenAPI 3.1 no longer has; say it the 3.1 way.
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the schema describes `cupfaf.authentication.TokenAuthentication`."""

    target_class = "cupfaf.authentication.TokenAuthentication"
    name = ["tokenAuth", "xAuthToken"]

    def get_security_requirement(self, auto_schema):
        # Either header authenticates: two requirements (alternatives), not one requiring both.
        return [{"tokenAuth": []}, {"xAuthToken": []}]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Token <key>`; keys come from `manage.py issue_token USERNAME`.",
            },
            {"type": "apiKey", "in": "header", "name": "X-Auth-Token", "description": "`<key>`, the same key."},
        ]
