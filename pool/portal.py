"""The door to the advisor portal: `advisor_required` guards every view an advisor uses.

Other apps' portal views use it too (`from pool.portal import advisor_required`), so "who is an advisor
with portal access" is decided in one place.
"""

from datetime import timedelta
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import Advisor

# The roster's "last activity" needs no precision finer than this; it saves a write per request.
ACTIVITY_RESOLUTION = timedelta(hours=1)


def portal_advisor(user):
    """The user's Advisor if they may use the portal (a login and a place in the pool), else None."""
    if not user.is_authenticated or not user.is_active:
        return None
    advisor = Advisor.objects.filter(user=user).in_pool().select_related("call").first()
    return advisor


def note_activity(advisor, now=None):
    now = now or timezone.now()
    if advisor.last_activity_at is None or now - advisor.last_activity_at >= ACTIVITY_RESOLUTION:
        Advisor.objects.filter(pk=advisor.pk).update(last_activity_at=now)
        advisor.last_activity_at = now


def advisor_required(view):
    """A logged-in user with an Advisor who has not left; anonymous → login, anyone else → 403.

    Sets `request.advisor`.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        advisor = portal_advisor(request.user)
        if advisor is None:
            raise PermissionDenied
        request.advisor = advisor
        note_activity(advisor)
        return view(request, *args, **kwargs)

    return wrapper
