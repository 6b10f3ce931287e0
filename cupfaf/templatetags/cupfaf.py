"""Template filters the pages share."""

from django import template

register = template.Library()


@register.filter
def minutes(duration):
    """A timedelta as a whole number of minutes, rounded up: "Réessayez dans 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60)
