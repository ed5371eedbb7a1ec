"""The one guard for views that a named predicate protects (seminars and consultations staff, two-factor pages)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def predicate_required(predicate):
    """Anonymous → the login page (and back); a logged-in user the predicate refuses → 403.

    Not Django's `user_passes_test`: that sends a refused user to the login page again, which reads as a
    broken login to someone who is logged in.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
