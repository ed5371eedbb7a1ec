"""Advisors may log in with their email address as well as with their username.

An advisor's username is a pseudonym (`b-0012`): usernames appear in the audit trail, which outlives an
erasure, so they must not be an email address. Typing the address is easier to remember, so this backend
accepts it for advisors (staff log in with their username only).
"""

from django.contrib.auth.backends import ModelBackend

from .models import Advisor


class AdvisorEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or "@" not in username or password is None:
            return None
        advisor = (
            Advisor.objects.in_pool()
            .filter(email__iexact=username.strip(), user__isnull=False, user__is_staff=False)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if advisor is None:
            return None
        user = advisor.user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
