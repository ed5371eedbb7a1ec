"""Private links for people without an account (applicants, municipalities, invited advisors).

The email carries a signed, expiring key in the query string of core's entry URL
(`/zugang/<name>/?k=<key>`). The first visit checks it, grants this browser session access to the object
and redirects to the object's own page, whose URL holds no key: the key never stays in the address bar,
the browser history, a Referer header or a later request's log line. Pages behind a link find their
object with `LINK.get_object_or_404(request, key)`, which answers only for sessions that were granted it.

A link expires after PRIVATE_LINK_MAX_AGE_DAYS, or earlier when `expires_at(obj)` has passed (e.g. the
end of the retention period). An expired or unknown link leads to a page with a "send me a new link" form
that says the same whether or not the address is on file.

Declare each link once, in the app's `links.py`:

    REQUEST_LINK = PrivateLink(
        name="consultations.request",
        lookup=lambda key: ConsultationRequest.objects.filter(public_id=key).first(),
        key=lambda obj: str(obj.public_id),
        landing=lambda obj: reverse("consultations:request_detail", args=[obj.public_id]),
        expires_at=lambda obj: None,
        resend=lambda email: ...,  # queue fresh link emails to the objects with that address
    )
"""

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .forms import NewLinkForm
from .links import absolute_url

SESSION_KEY = "private_links"
# Grants kept per link name in one session; the oldest go first (a browser rarely holds more than one).
MAX_GRANTS_PER_NAME = 20

_registry: dict[str, "PrivateLink"] = {}


class LinkRequired(Http404):
    """A key-less page was opened without (or after) its link: a 404 that offers a new link."""

    def __init__(self, name: str):
        super().__init__(f"No access to this {name} in this session")
        self.link_name = name


class PrivateLinkMiddleware:
    """Turns LinkRequired into the 404 page that explains the link and offers to send a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, LinkRequired):
            return None
        context = {"form": NewLinkForm(), "name": exception.link_name}
        return render(request, "core/private_link_required.html", context, status=404)


def registered(name: str) -> "PrivateLink | None":
    return _registry.get(name)


class PrivateLink:
    def __init__(
        self,
        *,
        name: str,
        lookup: Callable[[str], object | None],
        key: Callable[[object], str],
        landing: Callable[[object], str],
        expires_at: Callable[[object], datetime | None] = lambda obj: None,
        resend: Callable[[str], None],
    ):
        declared_in = _caller_module()
        existing = _registry.get(name)
        # Names are unique; the same module may declare again (it was imported twice, e.g. by a reload).
        if existing is not None and existing._declared_in != declared_in:
            raise ValueError(f"A private link named {name!r} is already declared in {existing._declared_in}")
        self.name = name
        self._lookup = lookup
        self._key = key
        self._landing = landing
        self._expires_at = expires_at
        self.resend = resend
        self._declared_in = declared_in
        _registry[name] = self

    def __repr__(self):
        return f"PrivateLink({self.name!r})"

    # --- for emails and forms ---------------------------------------------------------------------

    def url(self, obj) -> str:
        """The absolute link for an email: core's entry URL with a fresh signed key."""
        token = self._signer().sign(self._key(obj))
        return absolute_url(f"{reverse('core:private_link', args=[self.name])}?{urlencode({'k': token})}")

    def grant(self, request, obj) -> None:
        """Give this browser session access to `obj` (after it opened the link, or submitted the form)."""
        if not request.session.get(SESSION_KEY) and request.session.session_key:
            # A new privilege for this browser: a new session id, so a planted id learns nothing. (A browser
            # without a stored session gets a fresh id when the session is first saved: nothing to replace.)
            request.session.cycle_key()
        grants = dict(request.session.get(SESSION_KEY, {}))
        keys = [k for k in grants.get(self.name, []) if k != self._key(obj)]
        grants[self.name] = [*keys, self._key(obj)][-MAX_GRANTS_PER_NAME:]
        request.session[SESSION_KEY] = grants

    def revoke(self, request, obj) -> None:
        """Forget the grant, e.g. after the object was erased."""
        grants = dict(request.session.get(SESSION_KEY, {}))
        grants[self.name] = [k for k in grants.get(self.name, []) if k != self._key(obj)]
        request.session[SESSION_KEY] = grants

    def get_object_or_404(self, request, key):
        """In the key-less views: the object if this session was granted it and it has not expired."""
        key = str(key)
        if key not in request.session.get(SESSION_KEY, {}).get(self.name, []):
            raise LinkRequired(self.name)
        obj = self._lookup(key)
        if obj is None or self.is_expired(obj):
            raise LinkRequired(self.name)
        return obj

    # --- for core's entry view -------------------------------------------------------------------

    def landing(self, obj) -> str:
        return self._landing(obj)

    def is_expired(self, obj, now: datetime | None = None) -> bool:
        ends = self._expires_at(obj)
        return ends is not None and ends <= (now or timezone.now())

    def object_for_token(self, token: str):
        """The object a link's key belongs to, or None for a forged, altered, too old, unknown or expired one."""
        try:
            key = self._signer().unsign(token, max_age=timedelta(days=settings.PRIVATE_LINK_MAX_AGE_DAYS))
        except signing.BadSignature:  # SignatureExpired is one of these
            return None
        obj = self._lookup(key)
        if obj is None or self.is_expired(obj):
            return None
        return obj

    def _signer(self):
        return signing.TimestampSigner(salt=f"miglobe.private_link.{self.name}")


def _caller_module() -> str:
    # _caller_module ← __init__ ← the module that declares the link
    return sys._getframe(2).f_globals.get("__name__", "")
