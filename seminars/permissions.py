"""Who may see or do what in the seminars app: named once, used by views, querysets and templates."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from pool.models import Advisor


def is_seminar_staff(user):
    """Programme staff run seminars: invitations, attendance, make-ups, the matrix."""
    return user.is_authenticated and user.is_active and user.has_perm("seminars.change_seminar")


def advisor_of(user):
    """The user's advisor record if they are in the pool (not left), else None."""
    if not user.is_authenticated:
        return None
    advisor = Advisor.objects.filter(user=user).exclude(status=Advisor.Status.LEFT).select_related("call").first()
    return advisor


def may_read_materials(user, seminar):
    """Staff, and the advisors of the seminar's cohort. Nobody else, however they got the link."""
    if is_seminar_staff(user):
        return True
    advisor = advisor_of(user)
    return advisor is not None and advisor.call_id == seminar.curriculum.call_id


def seminar_staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_seminar_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def advisor_required(view):
    """Until i9-roster's `pool.portal.advisor_required` is merged: a logged-in advisor who has not left.

    Sets `request.advisor` like the contract's decorator, so the integrator swaps only the import.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.advisor = advisor_of(request.user)
        if request.advisor is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
