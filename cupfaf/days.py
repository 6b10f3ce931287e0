"""Days and moments, as every face reads them: times are UTC (../shared/API.md, Basics)."""

import datetime


def start_of_utc_day(day):
    """Midnight UTC at the start of `day`."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
