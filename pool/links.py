"""The applicant's private link: the application's random public id, signed so it cannot be altered."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

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
