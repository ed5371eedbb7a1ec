"""The municipality's private link to its request (core's PrivateLink, CONTRACTS §2).

The email carries a signed, expiring key; the first visit exchanges it for this browser session and lands on
the key-less page `/beratung/anfrage/<public id>/`, which answers only for sessions that were granted it.
"""

import uuid

from django.urls import reverse

from miglobe.core.outbox import format_address, queue_email
from miglobe.core.private_links import PrivateLink


def _lookup(key: str):
    from .models import ConsultationRequest

    try:
        public_id = uuid.UUID(str(key))
    except ValueError:
        return None
    return ConsultationRequest.objects.filter(public_id=public_id).select_related("municipality").first()


def resend_links(email: str) -> None:
    """ "Send me a new link": a fresh link to every request filed with this address (core throttles it)."""
    from .models import ConsultationRequest

    for consultation in ConsultationRequest.objects.filter(email__iexact=email.strip()).select_related("municipality"):
        queue_email(
            to=format_address(consultation.contact_name, consultation.email),
            template="consultations/request_link",
            context={"consultation": consultation, "link": REQUEST_LINK.url(consultation)},
            language=consultation.language,
            related_object=consultation,
            auto_submitted=False,
            confidential=True,
        )


REQUEST_LINK = PrivateLink(
    name="consultations.request",
    lookup=_lookup,
    key=lambda consultation: str(consultation.public_id),
    landing=lambda consultation: reverse("consultations:request_detail", args=[consultation.public_id]),
    resend=resend_links,
)


def request_url(consultation) -> str:
    """The absolute link for an email."""
    return REQUEST_LINK.url(consultation)
