"""The applicant's private link: the application's random public id, signed so it cannot be altered."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from miglobe.core.private_links import PrivateLink

from . import roster_services
from .models import Advisor

SALT = "pool.application.link"


def application_token(application) -> str:
    return signing.Signer(salt=SALT).sign(str(application.public_id))


def application_from_token(token: str):
    """The application the token belongs to, or None for a forged, altered or unknown token."""
    from .models import Application

    try:
        public_id = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Application.objects.filter(public_id=public_id).select_related("call").first()


def application_url(application) -> str:
    path = reverse("pool:application_detail", kwargs={"token": application_token(application)})
    return f"{settings.SITE_URL}{path}"


def draft_url(application) -> str:
    path = reverse("pool:application_edit", kwargs={"token": application_token(application)})
    return f"{settings.SITE_URL}{path}"


# --- The advisor's invitation (CONTRACTS §2) -------------------------------------------------------
# The email carries ADVISOR_INVITATION.url(advisor); the first visit grants this browser the invitation and
# lands on the set-password page, whose address holds the invitation's random id but no signed key.
# Accepting clears the id, so the link works once; a new invitation gives a new id, so older links stop.


def _pending_invitation(key):
    return (
        Advisor.objects.in_pool()
        .filter(invitation_key=key, invitation_accepted_at__isnull=True, invitation_sent_at__isnull=False)
        .select_related("user")
        .first()
    )


def _resend_invitations(email):
    for advisor in Advisor.objects.invitation_pending().filter(
        email__iexact=email.strip(), invitation_sent_at__isnull=False
    ):
        roster_services.invite_advisor(advisor=advisor, by=None)


ADVISOR_INVITATION = PrivateLink(
    name="pool.advisor_invitation",
    lookup=_pending_invitation,
    key=lambda advisor: str(advisor.invitation_key),
    landing=lambda advisor: reverse("portal:invitation", kwargs={"key": advisor.invitation_key}),
    expires_at=lambda advisor: roster_services.invitation_valid_until(advisor),
    resend=_resend_invitations,
)
