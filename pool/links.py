"""The applicant's private link (miglobe.core.private_links): the email carries a signed, expiring key; the
first visit exchanges it for the session and goes on to the application's page, whose URL holds only the
application's public id – that id alone opens nothing.

The link ends when the application's retention period ends (it is erased then), and in any case after
PRIVATE_LINK_MAX_AGE_DAYS; "send me a new link" mails fresh links to the address on file.
"""

import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse

from miglobe.core.outbox import queue_email
from miglobe.core.private_links import PrivateLink

from . import roster_services
from .models import Advisor, Application


def _lookup(key: str):
    try:
        public_id = uuid.UUID(key)
    except ValueError:
        return None
    # get(), not first(): the public id is unique, and first() orders by the primary key, which costs the ORM
    # about a third of the statement's compilation and the database a sort.
    try:
        return Application.objects.select_related("call").get(public_id=public_id)
    except Application.DoesNotExist:
        return None


def page_key(application) -> str:
    """What the key-less private pages carry in their URL (not a secret: see get_object_or_404)."""
    return str(application.public_id)


def _landing(application) -> str:
    name = "pool:application_edit" if application.is_draft else "pool:application_detail"
    return reverse(name, kwargs={"token": page_key(application)})


def retention_ends_at(application):
    """When the retention job erases the application (None while it is kept without an end)."""
    call = application.call
    if application.status in (Application.Status.REJECTED, Application.Status.WITHDRAWN) and application.decided_at:
        return application.decided_at + relativedelta(months=call.retention_months)
    if application.is_draft:
        return call.closes_at + timedelta(days=call.draft_retention_days)
    if application.status == Application.Status.RESERVE:
        return application.reserve_until
    return None


@transaction.atomic
def resend_links(email: str) -> None:
    """ "Send me a new link": one email per application on file under this address (none if there is none)."""
    for application in Application.objects.filter(email__iexact=email.strip()).select_related("call"):
        queue_email(
            to=application.email,
            template="pool/new_link",
            context={"application": application, "call": application.call, "link": APPLICATION_LINK.url(application)},
            language=application.language,
            related_object=application,
            confidential=True,  # the link opens the applicant's data
        )


APPLICATION_LINK = PrivateLink(
    name="pool.application",
    lookup=_lookup,
    key=page_key,
    landing=_landing,
    expires_at=retention_ends_at,
    resend=resend_links,
)


def application_url(application) -> str:
    return APPLICATION_LINK.url(application)


def draft_url(application) -> str:
    # The same link: it lands on the form while the application is a draft, on the status page after.
    return APPLICATION_LINK.url(application)


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
