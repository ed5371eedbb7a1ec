"""Throttles for forms that send email (password reset, "send me a new link"): per visitor and per address.

Counted with django-ratelimit in the default cache, which production requires to be Redis, so every web
worker on every machine shares the counts.
"""

from django_ratelimit.core import is_ratelimited

from .antispam import client_address


def visitor_address(request) -> str:
    """The address a throttle counts: the one the trusted proxy saw (X-Forwarded-For only from TRUSTED_PROXIES)."""
    return client_address(request)


def over_limit(request, *, group: str, rate: str, value: str) -> bool:
    """Count one more use of `value` in `group` and tell whether it went over `rate` ("5/h")."""
    return is_ratelimited(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)


def over_limit_for_visitor_or_email(request, *, group: str, rate: str, email: str) -> tuple[bool, bool]:
    """(visitor over the limit, email over the limit); both counters move on every call."""
    visitor = over_limit(request, group=f"{group}.visitor", rate=rate, value=visitor_address(request))
    address = over_limit(request, group=f"{group}.email", rate=rate, value=email.strip().lower())
    return visitor, address
