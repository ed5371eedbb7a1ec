"""Protection of public forms (application form, municipality requests): they must not become a mail
cannon or a file dump. Four parts, each usable on its own:

- `SpamProtectionMixin`: a honeypot field and a signed start token. The token records when the form was
  handed out (a form sent back faster than the minimum fill time was not typed), expires, and works once:
  its random nonce is marked used in the shared cache.
- `rate_key` / `client_address`: who a visitor is for the per-visitor rate limit (django-ratelimit). The
  address comes from `X-Forwarded-For` only when the direct peer is a configured proxy, and only as many
  hops as configured, so a client cannot choose its own address by sending the header.
- `allow_email`: at most a few emails of one kind to one address a day, so a form cannot mail a stranger
  again and again.
"""

import copy
import hashlib
import ipaddress
import secrets
import time
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

START_SALT = "miglobe.core.antispam.start"
HONEYPOT = "website"
START = "started"
# Refusals that mean "not a person at a browser": a file that came with such a post is not kept.
AUTOMATED = ("honeypot", "no_start", "used", "too_fast")


# --- The start token ------------------------------------------------------------------------------


def start_token(started_at: float | None = None) -> str:
    """A signed token: the moment the form was handed out and a nonce. Its signature's own timestamp is
    the moment it was issued, which the expiry counts from (a reissued token keeps the first moment)."""
    started = int(started_at if started_at is not None else time.time())
    return signing.dumps({"s": started, "n": secrets.token_urlsafe(12)}, salt=START_SALT)


def read_start_token(token: str, *, max_age: int | None = None) -> tuple[str, dict | None]:
    """("ok", payload), ("expired", payload-less None) or ("invalid", None)."""
    max_age = settings.PUBLIC_FORM_TOKEN_MAX_AGE if max_age is None else max_age
    try:
        payload = signing.loads(token or "", salt=START_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return "expired", None
    except signing.BadSignature:
        return "invalid", None
    if not (isinstance(payload, dict) and isinstance(payload.get("s"), int) and isinstance(payload.get("n"), str)):
        return "invalid", None
    return "ok", payload


def use_start_token(payload: dict) -> bool:
    """Mark the token's nonce used; False when it was used before. Atomic in the shared cache (add)."""
    timeout = settings.PUBLIC_FORM_TOKEN_MAX_AGE + 60
    return cache.add(f"antispam:start:{payload['n']}", 1, timeout=timeout)


MESSAGES = {
    "honeypot": _("Ihre Angaben konnten nicht angenommen werden. Bitte senden Sie das Formular noch einmal."),
    "no_start": _("Das Formular war nicht vollständig. Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal."),
    "expired": _(
        "Das Formular war sehr lange geöffnet und ist abgelaufen. Ihre Angaben sind unten erhalten; bitte senden "
        "Sie es noch einmal."
    ),
    "used": _(
        "Dieses Formular wurde schon einmal gesendet. Ihre Angaben sind unten erhalten; wenn Sie es wirklich "
        "noch einmal senden möchten, senden Sie es bitte erneut."
    ),
    "too_fast": _(
        "Das ging sehr schnell. Bitte prüfen Sie Ihre Angaben in Ruhe und senden Sie das Formular dann noch einmal."
    ),
}


class SpamProtectionMixin:
    """Honeypot and start token for a public form, checked in its `clean()` (a subclass's `clean()` calls
    `super().clean()` as usual).

    The form gets the fields `website` (the honeypot; hide it with CSS, never with `type=hidden`, which bots
    skip) and `started` (hidden). After every checked post the form carries a *fresh* token with the same
    start moment, so a page shown again with errors can be sent again, while the token that came in is spent.
    """

    min_fill_seconds_setting = "POOL_MIN_FILL_SECONDS"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.setdefault(HONEYPOT, forms.CharField(label=_("Webseite (bitte leer lassen)"), required=False))
        self.fields.setdefault(START, forms.CharField(required=False, widget=forms.HiddenInput))
        self.fields[HONEYPOT].required = False
        self.fields[START].required = False
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial.setdefault(START, start_token())

    def _replace_token(self, token):
        self.data = writable_copy(self.data)
        self.data[self.add_prefix(START)] = token

    def clean(self):
        cleaned = super().clean()
        self.check_spam(cleaned)
        return cleaned

    def check_spam(self, cleaned) -> None:
        if cleaned.get(HONEYPOT):
            self._spam_error("honeypot")
            return
        state, payload = read_start_token(cleaned.get(START) or "")
        if state == "invalid":
            # A lost or altered start field: hand out a new one, so that sending again works.
            self._replace_token(start_token())
            self._spam_error("no_start")
            return
        if state == "expired":
            self._replace_token(start_token())
            self._spam_error("expired")
            return
        # Every post with a valid token spends it; the page shown again carries a fresh one (same moment).
        fresh = start_token(payload["s"])
        self._replace_token(fresh)
        if not use_start_token(payload):
            self._spam_error("used")
        elif time.time() - payload["s"] < getattr(settings, self.min_fill_seconds_setting):
            self._spam_error("too_fast")

    def _spam_error(self, code):
        self.add_error(None, forms.ValidationError(MESSAGES[code], code=code))

    @property
    def looks_automated(self) -> bool:
        """The honeypot was filled, the token missing or reused, or the form came back too fast: no file
        is kept for such a post."""
        return any(self.has_error(NON_FIELD_ERRORS, code) for code in AUTOMATED)


def writable_copy(data):
    """The form's data as a copy that may be changed (a bound form's `request.POST` is immutable).

    Shallow: the values are strings, and a changed field gets a new list, so nothing is shared that could
    change. `QueryDict.copy()` deep-copies every value, a third of a millisecond per post for nothing."""
    return copy.copy(data)


# --- Who the visitor is ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _trusted(address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The visitor's IP address.

    REMOTE_ADDR is the direct peer. Only if that peer is one of TRUSTED_PROXIES is X-Forwarded-For read,
    from the right: each trusted proxy appended the address it saw, so with TRUSTED_PROXY_HOPS proxies in
    front of the app the visitor is the entry that many places from the end, provided every proxy on the way
    is trusted. Entries further left were written by the client and are never believed.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    for _hop in range(settings.TRUSTED_PROXY_HOPS):
        if not forwarded or not _trusted(address):
            break
        try:
            address = ipaddress.ip_address(forwarded.pop())
        except ValueError:
            break  # a broken header: count the last address we could trust
    return str(address)


def rate_key(group, request) -> str:
    """The key for django-ratelimit: the client address, IPv6 per /64 (one host usually owns a whole /64)."""
    client = client_address(request)
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client  # no usable peer address (a test client, a unix socket): counted as it is
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


# --- Emails to one address ------------------------------------------------------------------------


def allow_email(address: str, *, kind: str, per_day: int | None = None) -> bool:
    """Count one email of `kind` to `address` today (Europe/Berlin) and say whether it may go out.

    The count lives in the shared cache under a hash of the address (no address in the cache's keys)."""
    per_day = settings.PUBLIC_FORM_EMAILS_PER_DAY if per_day is None else per_day
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    key = f"antispam:mail:{kind}:{digest}:{timezone.localdate():%Y%m%d}"
    cache.add(key, 0, timeout=2 * 24 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=2 * 24 * 3600)
        count = 1
    return count <= per_day
