"""Pieces every API view shares: the error format of ../shared/API.md, UTC datetimes, strict
query parameters and stable pagination."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import Refused

# SQLite and PostgreSQL both store ids as signed 64-bit integers.
MAX_ID = 2**63 - 1


def exception_handler(exc, context):
    """Shape every error as {"detail": "...", "errors": {field: [messages]}} (API.md, Basics).

    A refusal resting on the regulation adds its "article".
    """
    if isinstance(exc, Refused):
        body = {"detail": str(exc.detail), "errors": {k: [str(m) for m in v] for k, v in exc.errors.items()}}
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
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": str(exceptions.ValidationError.default_detail), "errors": errors}
    return response


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


class IdFilter(filters.NumberFilter):
    """An id in a query string: a whole number the database can hold, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def start_of_utc_day(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class StrictQueryParametersMixin:
    """Refuse query parameters the view does not know: a mistyped filter must not return everything."""

    always_allowed = {"cursor", "limit", "format"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = set(self.always_allowed)
        if self.action == "list" and getattr(self, "filterset_class", None):
            allowed |= set(self.filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        _("Paramètre inconnu. Paramètres acceptés: %(names)s.") % {"names": ", ".join(sorted(allowed))}
                    ]
                    for name in unknown
                }
            )


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
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"limit": [_("Un nombre entier de 1 à %(max)s.") % {"max": self.max_page_size}]}
            )
        return size

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {"cursor": [_("Curseur invalide: reprenez le lien « next » ou « previous » d'une réponse.")]}
            ) from None

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
