"""Absolute links for places without a request (emails, tasks): built from settings.SITE_URL."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`/pool/…` → `https://miglobe.example.org/pool/…`; an already absolute URL is returned as it is."""
    if "://" in path:
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
