"""Dates and the deadline countdown on the public pool pages and in the applicant's emails."""

import math
from datetime import timedelta
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, ngettext

register = template.Library()

BERLIN = ZoneInfo("Europe/Berlin")


@register.filter
def berlin(value):
    """`1. März 2027 um 18:00 Uhr`: a moment in Europe/Berlin, in the format of the active language."""
    if not value:
        return ""
    local = timezone.localtime(value, BERLIN)
    return gettext("%(date)s um %(time)s Uhr") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
    }


@register.filter
def berlin_date(value):
    return date_format(timezone.localtime(value, BERLIN), "DATE_FORMAT") if value else ""


def _unit_pattern(unit: str, count: int) -> str:
    if unit == "day":
        return ngettext("%(count)s Tag", "%(count)s Tage", count)
    if unit == "hour":
        return ngettext("%(count)s Stunde", "%(count)s Stunden", count)
    return ngettext("%(count)s Minute", "%(count)s Minuten", count)


def _unit(unit: str, count: int) -> str:
    return _unit_pattern(unit, count) % {"count": count}


def countdown_text(left: timedelta) -> str:
    """ "noch 2 Tage und 3 Stunden", down to "noch 1 Minute"; static/js/countdown.js repeats this logic."""
    # Rounded up: with 30 seconds left the deadline has not passed yet ("noch 1 Minute").
    minutes = math.ceil(left.total_seconds() / 60)
    if minutes <= 0:
        return gettext("Die Bewerbungsfrist ist abgelaufen.")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [_unit("day", days)] + ([_unit("hour", hours)] if hours else [])
    elif hours:
        parts = [_unit("hour", hours)] + ([_unit("minute", minutes)] if minutes else [])
    else:
        parts = [_unit("minute", minutes)]
    if len(parts) == 2:
        return gettext("noch %(first)s und %(second)s") % {"first": parts[0], "second": parts[1]}
    return gettext("noch %(first)s") % {"first": parts[0]}


@register.simple_tag
def countdown(call, now=None):
    return countdown_text(call.time_left(now))


@register.simple_tag
def countdown_texts():
    """The words the countdown script needs, in the active language (German and English have two forms)."""
    return {
        "units": {unit: [_unit_pattern(unit, 1), _unit_pattern(unit, 2)] for unit in ("day", "hour", "minute")},
        "two": gettext("noch %(first)s und %(second)s"),
        "one": gettext("noch %(first)s"),
        "over": gettext("Die Bewerbungsfrist ist abgelaufen."),
    }
