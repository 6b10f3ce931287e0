"""How the API reads a request's body (settings: DEFAULT_PARSER_CLASSES).

Apart from cupfaf.api: DRF's views read this setting when their module loads, so the module it names
must not import them (cupfaf.api does, through drf-spectacular).
"""

import json

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# A request body: a match report with every goal and incident is a few KiB.
MAX_BODY_BYTES = 256 * 1024
MAX_JSON_DEPTH = 12


class BoundedJSONParser(JSONParser):
    """JSON bodies of at most MAX_BODY_BYTES and MAX_JSON_DEPTH levels, in UTF-8; anything else is a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise exceptions.ParseError(_("Corps trop long: %(max)s octets au plus.") % {"max": MAX_BODY_BYTES})
        if not raw:
            return {}
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.ParseError(_("Le corps n'est pas en UTF-8.")) from None
        if _depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("JSON trop imbriqué: %(max)s niveaux au plus.") % {"max": MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise exceptions.ParseError(_("JSON invalide: %(error)s") % {"error": error}) from None


def _refuse_constant(name):
    raise ValueError(_("%(name)s n'est pas un nombre JSON.") % {"name": name})


def _depth(text):
    """How deeply `text` nests arrays and objects (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest
