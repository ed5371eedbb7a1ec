"""Numbers on staff pages, written by the same helper as the exports (`pool.formatting`)."""

from django import template

from pool import formatting

register = template.Library()


@register.filter
def score(value):
    """`{{ application.weighted_score|score }}`: 3,13 on German pages, a dash when nobody has scored yet."""
    return formatting.score_text(value)
