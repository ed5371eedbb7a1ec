"""Two-factor sign-in for staff (django-otp): a TOTP app, and one-time backup codes.

Staff who have a confirmed device always give a code after their password. When STAFF_2FA_REQUIRED is on
(production), members of STAFF_2FA_GROUPS without a device are sent to set one up before anything else.
Whether a session needs a code is decided once, at login, and kept in the session, so staff pages do not
pay a query per request for it.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import record
from .roles import PROGRAMME_TEAM

STATE = "staff_2fa"
HAS_DEVICE, MUST_ENROL, OPTIONAL = "device", "enrol", "optional"
TOTP_NAME, BACKUP_NAME = "app", "backup"


def required_for(user) -> bool:
    if not settings.STAFF_2FA_REQUIRED or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name__in=settings.STAFF_2FA_GROUPS).exists()


def state_for(user) -> str:
    if user_has_device(user, confirmed=True):
        return HAS_DEVICE
    return MUST_ENROL if required_for(user) else OPTIONAL


def session_state(request) -> str:
    state = request.session.get(STATE)
    if state is None:  # a session from before this was kept
        state = request.session[STATE] = state_for(request.user)
    return state


@receiver(user_logged_in, dispatch_uid="core.two_factor.logged_in")
def _remember_state(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[STATE] = state_for(user)


# --- enrolment ---------------------------------------------------------------------------------------


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed app device shown on the enrolment page (one per user; a reload keeps its secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (allowed by img-src; no inline script)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, grouped by four, for apps that cannot scan."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a first code; returns the new backup codes (shown once), or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # The new app replaces an earlier one; never confirmed attempts are no longer needed either.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    codes = _new_backup_codes(device.user)
    otp_login(request, device)
    request.session[STATE] = HAS_DEVICE
    record(actor=device.user, action="core.second_factor.enrolled", obj=device.user, data={"backup_codes": len(codes)})
    return codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


# --- sign-in -------------------------------------------------------------------------------------------


@transaction.atomic
def verify(*, request, code: str) -> bool:
    """Check a code against the user's devices: six digits against the app, anything else against the
    backup codes (a backup code works once). On success the session counts as verified."""
    code = code.strip().replace(" ", "").lower()
    user = request.user
    wanted = TOTPDevice if code.isdigit() else StaticDevice
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if isinstance(device, wanted) and device.verify_token(code):
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                record(actor=user, action="core.second_factor.backup_code_used", obj=user, data={"left": left})
            return True
    record(actor=None, action="core.second_factor.failed", obj=user)
    return False


# --- reset by a colleague -------------------------------------------------------------------------------


class ResetRefused(Exception):
    pass


def may_reset(actor, target) -> bool:
    """A Programmteam member (or a superuser) resets a colleague's second factor, never their own: the
    own one would be a way around it."""
    if actor.pk == target.pk or not actor.is_staff:
        return False
    return actor.is_superuser or actor.groups.filter(name=PROGRAMME_TEAM).exists()


@transaction.atomic
def reset_second_factor(*, actor, target) -> int:
    """Remove every device of `target` (they enrol again at their next sign-in); recorded in the trail."""
    if not may_reset(actor, target):
        raise ResetRefused
    removed = 0
    for device in devices_for_user(target, confirmed=None):
        device.delete()
        removed += 1
    record(actor=actor, action="core.second_factor.reset", obj=target, data={"devices": removed})
    return removed
