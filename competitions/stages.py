"""Round stages, named with football-data.org's stage codes (see ../shared/API.md). Plain Python.

The federation says "32e de finale" (1/32) for the round of 64 clubs: its code is LAST_64.
"""

import re

KNOCKOUT_STAGES = ("LAST_64", "LAST_32", "LAST_16", "QUARTER_FINALS", "SEMI_FINALS", "FINAL")
PRELIMINARY_STAGES = ("PRELIMINARY_ROUND",)
REGIONAL_ROUND_PREFIX = "ROUND_"

CLUBS_IN_STAGE = {"LAST_64": 64, "LAST_32": 32, "LAST_16": 16, "QUARTER_FINALS": 8, "SEMI_FINALS": 4, "FINAL": 2}


def next_knockout_stage(code: str) -> str | None:
    """The stage after `code` in the knockout tree; None after the final and for regional rounds."""
    if code not in KNOCKOUT_STAGES or code == KNOCKOUT_STAGES[-1]:
        return None
    return KNOCKOUT_STAGES[KNOCKOUT_STAGES.index(code) + 1]


def is_valid_stage(code: str) -> bool:
    """True for PRELIMINARY_ROUND, ROUND_1…ROUND_99 and the knockout stages LAST_64…FINAL."""
    if code in KNOCKOUT_STAGES or code in PRELIMINARY_STAGES:
        return True
    # ASCII digits only: str.isdigit() also takes "²" or "٣", which int() then refuses or misreads.
    found = _REGIONAL_ROUND.fullmatch(code)
    return found is not None and 1 <= int(found[1]) <= 99


_REGIONAL_ROUND = re.compile(re.escape(REGIONAL_ROUND_PREFIX) + r"([0-9]{1,2})")
