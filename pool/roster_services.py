"""Every change to an advisor's membership of the pool: atomic, along the transition table, recorded.

`mark_qualified` and `revoke_qualification` are called by the seminars app (re-exported by pool.services).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.audit import record
from miglobe.core.outbox import format_address, queue_email

from . import links
from .exceptions import Refused
from .models import Absence, Advisor, AdvisorLanguage, AdvisorPause, AdvisorStatusChange, Call

AdvisorStatus = Advisor.Status


def _locked(advisor) -> Advisor:
    return Advisor.objects.select_for_update().get(pk=advisor.pk)


def _refuse_move(advisor, to):
    raise Refused(
        _("%(advisor)s: „%(from)s“ kann nicht zu „%(to)s“ werden.")
        % {"advisor": advisor, "from": advisor.get_status_display(), "to": AdvisorStatus(to).label}
    )


def _record(advisor, from_status, to_status, *, by, reason, now, action):
    """The status history row beside the current status, and the audit entry (`pool.advisor.<action>`)."""
    AdvisorStatusChange.objects.create(
        advisor=advisor, from_status=from_status, to_status=to_status, changed_by=by, reason=reason, changed_at=now
    )
    record(
        actor=by,
        action=f"pool.advisor.{action}",
        obj=advisor,
        data={"from": from_status, "to": to_status, "reason": str(reason)},
    )


def _move(advisor, to, *, by, reason, now, action, **fields) -> Advisor:
    """Move a locked advisor along the transition table; record who, when, from, to and why."""
    if not advisor.can_move_to(to):
        _refuse_move(advisor, to)
    from_status = advisor.status
    advisor.status = to
    for name, value in fields.items():
        setattr(advisor, name, value)
    advisor.save(update_fields=["status", *fields])
    _record(advisor, from_status, to, by=by, reason=reason, now=now, action=action)
    return advisor


@transaction.atomic
def mark_qualified(*, advisor, by, at, reason="") -> Advisor:
    """The qualification rule is met (decided by the seminars app): the advisor may now be assigned.

    A paused advisor stays paused and returns as qualified. Qualifying twice is refused.
    """
    locked = _locked(advisor)
    if locked.qualified_at is not None:
        raise Refused(_("%(advisor)s ist bereits qualifiziert.") % {"advisor": locked})
    if locked.status == AdvisorStatus.PAUSED:
        locked.qualified_at = at
        locked.save(update_fields=["qualified_at"])
        _record(locked, locked.status, locked.status, by=by, reason=reason, now=at, action="qualified")
        return locked
    return _move(locked, AdvisorStatus.QUALIFIED, by=by, reason=reason, now=at, action="qualified", qualified_at=at)


@transaction.atomic
def revoke_qualification(*, advisor, by, reason, now=None) -> Advisor:
    """Back to qualification (e.g. an attendance was corrected): no longer assignable."""
    now = now or timezone.now()
    if not str(reason).strip():
        raise Refused(_("Bitte geben Sie einen Grund an."))
    locked = _locked(advisor)
    if locked.qualified_at is None:
        raise Refused(_("%(advisor)s ist nicht qualifiziert.") % {"advisor": locked})
    if locked.status in (AdvisorStatus.PAUSED, AdvisorStatus.LEFT):
        # Corrected after a pause or after leaving: the record changes, the status stays.
        locked.qualified_at = None
        locked.save(update_fields=["qualified_at"])
        _record(locked, locked.status, locked.status, by=by, reason=reason, now=now, action="qualification_revoked")
        return locked
    return _move(
        locked,
        AdvisorStatus.IN_QUALIFICATION,
        by=by,
        reason=reason,
        now=now,
        action="qualification_revoked",
        qualified_at=None,
    )


@transaction.atomic
def activate(*, advisor, by, reason="", now=None) -> Advisor:
    """A qualified advisor starts taking on consultations."""
    now = now or timezone.now()
    locked = _locked(advisor)
    if locked.status != AdvisorStatus.QUALIFIED:
        _refuse_move(locked, AdvisorStatus.ACTIVE)
    return _move(locked, AdvisorStatus.ACTIVE, by=by, reason=reason, now=now, action="activated")


@transaction.atomic
def pause(*, advisor, by, starts_on, ends_on=None, reason="", now=None) -> Advisor:
    """Pause the membership from `starts_on` (to `ends_on`, or open); not assignable meanwhile."""
    now = now or timezone.now()
    if ends_on is not None and ends_on < starts_on:
        raise Refused(_("Das Ende der Pause muss nach ihrem Beginn liegen."))
    locked = _locked(advisor)
    _move(locked, AdvisorStatus.PAUSED, by=by, reason=reason, now=now, action="paused")
    AdvisorPause.objects.create(advisor=locked, starts_on=starts_on, ends_on=ends_on, reason=reason)
    return locked


@transaction.atomic
def resume(*, advisor, by, reason="", now=None) -> Advisor:
    """End the pause: back to active if qualified, else back to qualification."""
    now = now or timezone.now()
    locked = _locked(advisor)
    if locked.status != AdvisorStatus.PAUSED:
        raise Refused(_("%(advisor)s ist nicht pausiert.") % {"advisor": locked})
    to = AdvisorStatus.ACTIVE if locked.qualified_at else AdvisorStatus.IN_QUALIFICATION
    _move(locked, to, by=by, reason=reason, now=now, action="resumed")
    today = timezone.localdate(now)
    open_pause = locked.pauses.filter(ends_on__isnull=True).order_by("-starts_on").first() or (
        locked.pauses.filter(ends_on__gt=today).order_by("-starts_on").first()
    )
    if open_pause is not None:
        open_pause.ends_on = max(today, open_pause.starts_on)
        open_pause.save(update_fields=["ends_on"])
    return locked


@transaction.atomic
def leave_pool(*, advisor, by, reason, now=None) -> Advisor:
    """The advisor leaves the pool: the place becomes free and the login stops working at once."""
    now = now or timezone.now()
    if not str(reason).strip():
        raise Refused(_("Bitte geben Sie einen Grund für das Ausscheiden an."))
    locked = _locked(advisor)
    _move(
        locked,
        AdvisorStatus.LEFT,
        action="left",
        by=by,
        reason=reason,
        now=now,
        left_at=now,
        leave_reason=reason,
        invitation_key=None,
    )
    if locked.user_id:
        # An inactive user is logged out on the next request: Django's backend no longer loads them.
        type(locked.user).objects.filter(pk=locked.user_id).update(is_active=False)
    return locked


# --- Accounts and invitations ----------------------------------------------------------------------


def invitation_valid_until(advisor):
    if advisor.invitation_sent_at is None:
        return None
    return advisor.invitation_sent_at + timedelta(days=settings.ADVISOR_INVITATION_DAYS)


def _ensure_user(advisor):
    """The advisor's login: never staff, no usable password until the invitation is accepted. They log in
    with the username or their email address (pool.auth.AdvisorEmailBackend)."""
    if advisor.user_id:
        return advisor.user
    User = get_user_model()
    # A pseudonym, not the email address: usernames are kept in the audit trail after an erasure.
    username = advisor.audit_label().lower()
    if User.objects.filter(username__iexact=username).exists():
        username = f"{username}-{uuid.uuid4().hex[:6]}"
    user = User(username=username, email=advisor.email, first_name=advisor.first_name, last_name=advisor.last_name)
    user.set_unusable_password()
    user.save()
    advisor.user = user
    advisor.save(update_fields=["user"])
    return user


@transaction.atomic
def invite_advisor(*, advisor, by=None, now=None) -> Advisor:
    """Email the advisor a single-use, expiring link to set a password. Sending again replaces the old link."""
    now = now or timezone.now()
    locked = _locked(advisor)
    if locked.has_left:
        raise Refused(_("%(advisor)s ist aus dem Pool ausgeschieden.") % {"advisor": locked})
    if locked.invitation_accepted_at is not None:
        raise Refused(
            _("%(advisor)s hat die Einladung schon angenommen (neues Passwort: „Passwort vergessen?“).")
            % {"advisor": locked}
        )
    _ensure_user(locked)
    locked.invitation_key = uuid.uuid4()
    locked.invitation_sent_at = now
    locked.save(update_fields=["invitation_key", "invitation_sent_at"])
    record(actor=by, action="pool.advisor.invited", obj=locked)
    queue_email(
        to=format_address(locked.full_name, locked.email),
        template="pool/advisor_invitation",
        context={
            "advisor": locked,
            "link": links.ADVISOR_INVITATION.url(locked),
            "valid_until": invitation_valid_until(locked),
        },
        language=locked.language,
        related_object=locked,
        confidential=True,  # the link opens the account
    )
    return locked


@transaction.atomic
def accept_invitation(*, key, password, now=None) -> Advisor:
    """Set the password and use up the link (the key is cleared, so it works once)."""
    now = now or timezone.now()
    locked = Advisor.objects.select_for_update().in_pool().filter(invitation_key=key).first()
    if locked is None or locked.invitation_accepted_at or invitation_valid_until(locked) <= now:
        raise Refused(_("Dieser Einladungslink ist abgelaufen oder wurde schon benutzt."))
    user = _ensure_user(locked)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    locked.invitation_key = None
    locked.invitation_accepted_at = now
    locked.save(update_fields=["invitation_key", "invitation_accepted_at"])
    record(actor=user, action="pool.advisor.invitation_accepted", obj=locked)
    return locked


@transaction.atomic
def add_advisor(*, call, first_name, last_name, email, language="de", by, now=None) -> Advisor:
    """Staff add a person to the pool by hand (not from an application); they are invited at once."""
    now = now or timezone.now()
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    in_pool = Advisor.objects.filter(call=locked_call).in_pool().count()
    if in_pool >= locked_call.pool_size:
        raise Refused(
            _("Der Pool ist voll: %(count)s von %(size)s Plätzen sind vergeben.")
            % {"count": in_pool, "size": locked_call.pool_size}
        )
    advisor = Advisor.objects.create(
        call=locked_call, first_name=first_name, last_name=last_name, email=email, language=language, joined_at=now
    )
    _record(advisor, "", advisor.status, by=by, reason=_("von Hand aufgenommen"), now=now, action="added")
    return invite_advisor(advisor=advisor, by=by, now=now)


# --- Self-service profile --------------------------------------------------------------------------


@transaction.atomic
def update_profile(*, advisor, fields: dict, languages: list[tuple[str, str]], photo=None, remove_photo=False, by):
    """Save what the advisor changed in the portal; returns the names of the changed fields.

    Consent flags are plain fields of the row, so withdrawing one hides the field from the directory with
    this commit – the directory reads the flags on every request and caches nothing.
    """
    locked = _locked(advisor)
    if locked.has_left:
        raise Refused(_("%(advisor)s ist aus dem Pool ausgeschieden.") % {"advisor": locked})
    changed = []
    topics = fields.pop("topics", None)
    for name, value in fields.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    old_photo = locked.photo.name if locked.photo else ""
    if photo is not None:
        locked.photo.save(photo.name, photo, save=False)
        changed.append("photo")
    elif remove_photo and old_photo:
        locked.photo = ""
        changed.append("photo")
    if old_photo and "photo" in changed:
        storage = locked.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    if changed:
        locked.save(update_fields=changed)
    if topics is not None and set(locked.topics.all()) != set(topics):
        locked.topics.set(topics)
        changed.append("topics")
    current = [(lang.name, lang.level) for lang in locked.languages.all()]
    if current != list(languages):
        locked.languages.all().delete()
        AdvisorLanguage.objects.bulk_create(
            AdvisorLanguage(advisor=locked, name=name, level=level) for name, level in languages
        )
        changed.append("languages")
    if "email" in changed and locked.user_id:
        # The reset email goes to the account's address: it follows the profile.
        type(locked.user).objects.filter(pk=locked.user_id).update(email=locked.email)
    if changed:
        # Field names only: the values are personal data, and the trail outlives an erasure.
        record(actor=by, action="pool.advisor.profile_changed", obj=locked, data={"fields": sorted(changed)})
    return locked, changed


@transaction.atomic
def add_absence(*, advisor, starts_on, ends_on, by) -> Absence:
    if ends_on < starts_on:
        raise Refused(_("Das Ende muss am oder nach dem Beginn liegen."))
    absence = Absence.objects.create(advisor=advisor, starts_on=starts_on, ends_on=ends_on)
    record(actor=by, action="pool.advisor.absence_added", obj=advisor, data={"absence": absence.pk})
    return absence


@transaction.atomic
def remove_absence(*, absence, by) -> None:
    record(actor=by, action="pool.advisor.absence_removed", obj=absence.advisor, data={"absence": absence.pk})
    absence.delete()
