"""The municipality's private link to its request: the request's random public id, signed against tampering.

Kept in one module so that the switch to core's PrivateLink (CONTRACTS §2) touches nothing else.
"""

from django.core import signing
from django.http import Http404
from django.urls import reverse

from miglobe.core.links import absolute_url

SALT = "consultations.request.link"
SESSION_KEY = "consultations.requests"


def request_token(consultation) -> str:
    return signing.Signer(salt=SALT).sign(str(consultation.public_id))


def request_from_token(token: str):
    """The request the token belongs to, or None for a forged, altered or unknown token."""
    from .models import ConsultationRequest

    try:
        public_id = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ConsultationRequest.objects.filter(public_id=public_id).select_related("municipality").first()


def request_path(consultation) -> str:
    return reverse("consultations:request_detail", kwargs={"token": request_token(consultation)})


def request_url(consultation) -> str:
    return absolute_url(request_path(consultation))


def get_request_or_404(token: str):
    consultation = request_from_token(token)
    if consultation is None:
        raise Http404
    return consultation
