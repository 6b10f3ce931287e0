"""What the regulation decides, as plain Python: facts in, a decision and its article out.

The regulation engine grows here; nothing in this module imports Django.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """A decision of the regulation and the article it rests on."""

    value: str
    article: str


def first_phase(category_group: str) -> Decision:
    """Seniors men start with a preliminary phase (art. 12.2); youth and women with a regional one (art. 12.3).

    Reserves are not named by either article; they are knocked out region by region like the youth
    categories, which staff can change for an edition.
    """
    if category_group == "SENIORS":
        return Decision("PRELIMINARY", "12.2")
    return Decision("REGIONAL", "12.3")
