"""How club names are compared. Plain Python: no Django here.

The federation's own documents spell one club several ways ("ES Ben-Aknoun", "ES Ben Aknoun",
"CR.Beni Thamou", "J. Sidi -Salem"); clubs are matched on a key that ignores case, accents,
punctuation and spacing.
"""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


def name_key(name: str) -> str:
    """Return the comparison key of a club name: lower case, no accents, words split on punctuation.

    >>> name_key("NA Hussein-Dey") == name_key("NA  hussein dey")
    True
    >>> name_key("CR.Beni Thamou")
    'cr beni thamou'
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", without_accents).strip()


def tidy_name(name: str) -> str:
    """Return a printed name cleaned for display: single spaces, no space before a hyphen.

    >>> tidy_name("J. Sidi -Salem")
    'J. Sidi-Salem'
    >>> tidy_name("CR.Beni Thamou")
    'CR. Beni Thamou'
    """
    name = re.sub(r"\s*-\s*", "-", name.strip())
    name = re.sub(r"\.(?=\S)", ". ", name)
    return re.sub(r"\s+", " ", name)
