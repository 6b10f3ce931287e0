"""What the regulation decides, as plain Python: facts in, a decision and its article out.

Nothing in this package imports Django. The rulebook (amounts, durations, percentages and their
articles) is data of an edition of the regulation, handed in as a `Rulebook`:

- `rulebook`: the data types (incidents, penalties, match formats, sanction lines);
- `results`: art. 18, which results stand and who goes through;
- `sanctions`: art. 10, 11 and 19, what an incident costs and whom;
- here: entry into the competition (art. 12), visiting supporters (11.4) and gate receipts (11.5).
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .rulebook import CategoryGroup, PhaseKind, Rulebook


@dataclass(frozen=True)
class Decision:
    """A decision of the regulation and the article it rests on."""

    value: object
    article: str


def first_phase(category_group: str) -> Decision:
    """Seniors men start with a preliminary phase (art. 12.2); youth and women with a regional one (art. 12.3).

    Reserves are not named by either article; they are knocked out region by region like the youth
    categories, which staff can change for an edition.
    """
    if category_group == CategoryGroup.SENIORS:
        return Decision(PhaseKind.PRELIMINARY.value, "12.2")
    return Decision(PhaseKind.REGIONAL.value, "12.3")


def entry_phase(category_group: str, division: str | None) -> Decision:
    """The phase a club enters at: in the seniors, L1 clubs at the national phase and every other
    club at the preliminary phase (art. 12.2); elsewhere every club at the first phase (art. 12.3)."""
    if category_group == CategoryGroup.SENIORS and division == "L1":
        return Decision(PhaseKind.NATIONAL.value, "12.2")
    return first_phase(category_group)


def visiting_supporters_minimum(capacity: int, rulebook: Rulebook, *, written_agreement: bool = False) -> Decision:
    """Seats the organiser must set apart for visiting supporters (art. 11.4): a share of the stadium's
    capacity, rounded up since it is a minimum; None when both clubs agreed otherwise in writing."""
    if written_agreement:
        return Decision(None, rulebook.visiting_supporters_article)
    seats = math.ceil(Decimal(capacity) * rulebook.visiting_supporters_percent / 100)
    return Decision(seats, rulebook.visiting_supporters_article)


@dataclass(frozen=True)
class Share:
    amount: int  # DA
    payee: str


def gate_receipts_share(receipts: int, rulebook: Rulebook) -> Decision:
    """The FAF's share of a match's gate receipts and who it is paid to (art. 11.5), to the nearest dinar."""
    if receipts < 0:
        raise ValueError("Gate receipts cannot be negative.")
    amount = (Decimal(receipts) * rulebook.gate_receipts_percent / 100).quantize(Decimal(1), ROUND_HALF_UP)
    return Decision(Share(int(amount), rulebook.gate_receipts_payee), rulebook.gate_receipts_article)
