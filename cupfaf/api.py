"""Pieces every API view shares: the error format of ../shared/API.md, UTC datetimes."""

import datetime

from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Shape every error as {"detail": "...", "errors": {field: [messages]}} (API.md, Basics)."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, logged by Django as a 500
    data = response.data
    if isinstance(data, dict) and set(data) <= {"detail"}:
        response.data = {"detail": str(data.get("detail", "")), "errors": {}}
    else:
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": "Données invalides.", "errors": errors}
    return response


class UtcDateTimeField(serializers.DateTimeField):
    """ISO-8601 in UTC with a trailing Z, whatever the server's time zone (API.md: times are UTC)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M:%SZ")
        kwargs.setdefault("default_timezone", datetime.timezone.utc)
        super().__init__(**kwargs)
