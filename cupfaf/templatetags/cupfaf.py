"""Template filters the pages share."""

from django import template

from cupfaf.numbers import in_dinars

register = template.Library()


@register.filter
def minutes(duration):
    """A timedelta as a whole number of minutes, rounded up: "Réessayez dans 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def dinars(amount):
    """An amount in dinars, grouped in the reader's language: "1 000 000 DA"."""
    return in_dinars(amount)


@register.filter
def season(start_year):
    """A season named by the year it starts: 2023 → "2023-24"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"
