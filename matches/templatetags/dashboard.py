from django import template

from matches.dashboard import for_request

register = template.Library()


@register.inclusion_tag("admin/_dashboard.html", takes_context=True)
def staff_dashboard(context):
    """The dashboard of matches.dashboard, for the user of the page's request."""
    return for_request(context["request"])
