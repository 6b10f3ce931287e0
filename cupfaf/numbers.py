"""Numbers: integers read from untrusted text (URLs, query strings, form fields, headers), amounts written for people."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext

# SQLite and PostgreSQL both store ids as signed 64-bit integers.
MAX_ID = 2**63 - 1

_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")


def ascii_integer(text, *, minimum=-MAX_ID, maximum=MAX_ID):
    """`text` as an int if it is ASCII digits within [minimum, maximum], else None.

    int() alone takes "٣" and "1_000", and str.isdigit() takes "²", which int() then refuses.
    """
    if not isinstance(text, str) or not _ASCII_INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def in_dinars(amount):
    """An amount as staff read it: "1 000 000 DA", grouped in the reader's language."""
    return gettext("%(amount)s DA") % {"amount": number_format(amount, force_grouping=True)}
