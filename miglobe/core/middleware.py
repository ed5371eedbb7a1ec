"""Staff sessions (idle timeout, second factor) and the response headers Django does not send itself."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor
from .audit import acting

SEEN_AT = "staff_seen_at"
# The idle clock is written at most this often, so a busy staff page does not write its session each time.
SEEN_AT_RESOLUTION = 60


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            response = self._idle_timeout(request) or self._second_factor(request)
            if response is not None:
                return response
        with acting(request.user):
            return self.get_response(request)

    def _idle_timeout(self, request):
        now = int(time.time())
        seen_at = request.session.get(SEEN_AT)
        if seen_at is not None and now - seen_at > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if seen_at is None or now - seen_at >= SEEN_AT_RESOLUTION:
            request.session[SEEN_AT] = now
        return None

    def _second_factor(self, request):
        if request.user.is_verified() or _exempt(request.path):
            return None
        state = two_factor.session_state(request)
        if state == two_factor.HAS_DEVICE:
            target = "core:two_factor_verify"
        elif state == two_factor.MUST_ENROL:
            target = "core:two_factor_enrol"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _exempt(path: str) -> bool:
    """Pages a staff member must reach before giving the second factor: those of the second factor itself,
    logging out, switching the language, and static files."""
    exempt = (
        reverse("core:two_factor_verify").rsplit("/", 2)[0] + "/",
        reverse("logout"),
        reverse("admin:logout"),
        reverse("set_language"),
        settings.STATIC_URL,
    )
    return path.startswith(exempt)


class SecurityHeadersMiddleware:
    """Permissions-Policy: none of the browser's powerful features is used by any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
