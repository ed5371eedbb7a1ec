"""Every change to an advisor's membership of the pool: atomic, along the transition table, recorded.

`mark_qualified` and `revoke_qualification` are called by the seminars app (re-exported by pool.services).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import Refused
from .models import Advisor, AdvisorPause, AdvisorStatusChange

AdvisorStatus = Advisor.Status


def _locked(advisor) -> Advisor:
    return Advisor.objects.select_for_update().get(pk=advisor.pk)


def _refuse_move(advisor, to):
    raise Refused(
        _("%(advisor)s: „%(from)s“ kann nicht zu „%(to)s“ werden.")
        % {"advisor": advisor, "from": advisor.get_status_display(), "to": AdvisorStatus(to).label}
    )


def _record(advisor, from_status, to_status, *, by, reason, now):
    AdvisorStatusChange.objects.create(
        advisor=advisor, from_status=from_status, to_status=to_status, changed_by=by, reason=reason, changed_at=now
    )


def _move(advisor, to, *, by, reason, now, **fields) -> Advisor:
    """Move a locked advisor along the transition table; record who, when, from, to and why."""
    if not advisor.can_move_to(to):
        _refuse_move(advisor, to)
    from_status = advisor.status
    advisor.status = to
    for name, value in fields.items():
        setattr(advisor, name, value)
    advisor.save(update_fields=["status", *fields])
    _record(advisor, from_status, to, by=by, reason=reason, now=now)
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
        _record(locked, locked.status, locked.status, by=by, reason=reason or _("qualifiziert"), now=at)
        return locked
    return _move(locked, AdvisorStatus.QUALIFIED, by=by, reason=reason, now=at, qualified_at=at)


@transaction.atomic
def revoke_qualification(*, advisor, by, reason, now=None) -> Advisor:
    """Back to qualification (e.g. an attendance was corrected): no longer assignable."""
    now = now or timezone.now()
    if not str(reason).strip():
        raise Refused(_("Bitte geben Sie einen Grund an."))
    locked = _locked(advisor)
    if locked.qualified_at is None:
        raise Refused(_("%(advisor)s ist nicht qualifiziert.") % {"advisor": locked})
    if locked.status == AdvisorStatus.PAUSED:
        locked.qualified_at = None
        locked.save(update_fields=["qualified_at"])
        _record(locked, locked.status, locked.status, by=by, reason=reason, now=now)
        return locked
    return _move(locked, AdvisorStatus.IN_QUALIFICATION, by=by, reason=reason, now=now, qualified_at=None)


@transaction.atomic
def activate(*, advisor, by, reason="", now=None) -> Advisor:
    """A qualified advisor starts taking on consultations."""
    now = now or timezone.now()
    locked = _locked(advisor)
    if locked.status != AdvisorStatus.QUALIFIED:
        _refuse_move(locked, AdvisorStatus.ACTIVE)
    return _move(locked, AdvisorStatus.ACTIVE, by=by, reason=reason, now=now)


@transaction.atomic
def pause(*, advisor, by, starts_on, ends_on=None, reason="", now=None) -> Advisor:
    """Pause the membership from `starts_on` (to `ends_on`, or open); not assignable meanwhile."""
    now = now or timezone.now()
    if ends_on is not None and ends_on < starts_on:
        raise Refused(_("Das Ende der Pause muss nach ihrem Beginn liegen."))
    locked = _locked(advisor)
    _move(locked, AdvisorStatus.PAUSED, by=by, reason=reason, now=now)
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
    _move(locked, to, by=by, reason=reason, now=now)
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
        locked, AdvisorStatus.LEFT, by=by, reason=reason, now=now, left_at=now, leave_reason=reason, invitation_key=None
    )
    if locked.user_id:
        # An inactive user is logged out on the next request: Django's backend no longer loads them.
        type(locked.user).objects.filter(pk=locked.user_id).update(is_active=False)
    return locked
