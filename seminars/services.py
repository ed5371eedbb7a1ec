"""Every change to seminars, invitations, attendance and qualification happens here: atomic, checked, audited."""

from datetime import date

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.audit import record
from miglobe.core.outbox import format_address, queue_email
from pool.models import Advisor
from pool.services import Refused, mark_qualified, revoke_qualification

from .models import Attendance, CalendarFeed, CatchUp, Curriculum, Invitation, Module, Qualification, Seminar
from .progress import progress_for
from .states import AttendanceState, InvitationStatus

__all__ = ["Refused"]

FEED_SALT = "seminars.calendar_feed"


def _audit(*, actor, action, obj, data):
    record(actor=actor, action=action, obj=obj, data=data)


# --- Helpers ----------------------------------------------------------------------------------------


def advisor_language(advisor):
    """Emails go out in the advisor's language (their choice in the roster)."""
    return advisor.language or "de"


def _in_cohort(advisor, curriculum):
    return advisor.call_id == curriculum.call_id


# --- Curriculum ----------------------------------------------------------------------------------


@transaction.atomic
def change_rule(*, curriculum, required_modules, partly_counts, by, now=None) -> Curriculum:
    """Change the qualification rule and evaluate every advisor of the cohort again."""
    now = now or timezone.now()
    module_count = curriculum.modules.count()
    if required_modules is not None and not 1 <= required_modules <= module_count:
        raise Refused(_("Es können nur zwischen 1 und %(count)s Module verlangt werden.") % {"count": module_count})
    locked = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
    locked.required_modules = required_modules
    locked.partly_counts = partly_counts
    locked.save(update_fields=["required_modules", "partly_counts"])
    _audit(
        actor=by,
        action="seminars.curriculum.rule_changed",
        obj=locked,
        data={"required_modules": required_modules, "partly_counts": partly_counts},
    )
    for advisor in Advisor.objects.in_pool().filter(call_id=locked.call_id):
        evaluate_qualification(advisor=advisor, by=by, now=now)
    return locked


@transaction.atomic
def create_seminar(*, seminar, by) -> Seminar:
    seminar.full_clean()
    seminar.save()
    _audit(actor=by, action="seminars.seminar.created", obj=seminar, data={"module_id": seminar.module_id})
    return seminar


# --- Invitations and answers ----------------------------------------------------------------------


@transaction.atomic
def invite_advisors(*, seminar, by, advisors=None, now=None) -> list[Invitation]:
    """Invite the whole cohort (advisors=None) or the chosen advisors; those already invited are skipped.

    The invitation email (with the .ics file) goes out with the next reminder sweep (rule
    "seminars.invitation"), so a changed date sends a fresh one and the old one is never sent.
    """
    now = now or timezone.now()
    if seminar.starts_at <= now:
        raise Refused(_("Zu einem Seminar, das schon begonnen hat, kann niemand mehr eingeladen werden."))
    cohort = Advisor.objects.in_pool().filter(call_id=seminar.curriculum.call_id)
    if advisors is None:
        chosen = list(cohort)
    else:
        chosen = list(advisors)
        outside = [a for a in chosen if not _in_cohort(a, seminar.curriculum) or a.status == Advisor.Status.LEFT]
        if outside:
            raise Refused(_("Eingeladen werden können nur Berater*innen dieses Jahrgangs, die im Pool sind."))
    already = set(seminar.invitations.values_list("advisor_id", flat=True))
    created = Invitation.objects.bulk_create(
        Invitation(seminar=seminar, advisor=advisor, invited_at=now) for advisor in chosen if advisor.pk not in already
    )
    _audit(
        actor=by,
        action="seminars.seminar.invited",
        obj=seminar,
        data={"advisor_ids": [i.advisor_id for i in created]},
    )
    return created


def _move_up(seminar, now):
    """Fill free places from the waiting list, oldest first, and tell each person who moved up."""
    free = seminar.capacity - seminar.invitations.accepted().count()
    moved = []
    for invitation in seminar.invitations.waiting_list().select_related("advisor")[: max(free, 0)]:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.waitlisted_at = None
        invitation.save(update_fields=["status", "waitlisted_at"])
        _audit(actor=None, action="seminars.invitation.moved_up", obj=invitation, data={"seminar_id": seminar.pk})
        advisor = invitation.advisor
        queue_email(
            to=format_address(advisor.full_name, advisor.email),
            template="seminars/moved_up",
            context={
                "invitation": invitation,
                "seminar": seminar,
                "advisor": advisor,
                "portal_path": reverse("seminars:my_seminars"),
            },
            language=advisor_language(advisor),
            related_object=invitation,
        )
        moved.append(invitation)
    return moved


@transaction.atomic
def answer_invitation(*, invitation, accept: bool, note="", now=None) -> Invitation:
    """The advisor says yes or no. Yes beyond the capacity puts them on the waiting list.

    The seminar row is locked first, so answers arriving at the same moment are counted one after the
    other and the capacity holds.
    """
    now = now or timezone.now()
    seminar = Seminar.objects.select_for_update().get(pk=invitation.seminar_id)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if seminar.starts_at <= now:
        raise Refused(_("Das Seminar hat schon begonnen; bitte wenden Sie sich an das Programmteam."))
    before = locked.status
    locked.note = note.strip()
    locked.answered_at = now
    if accept:
        if before not in (InvitationStatus.ACCEPTED, InvitationStatus.WAITLISTED):
            if seminar.invitations.accepted().count() < seminar.capacity:
                locked.status = InvitationStatus.ACCEPTED
            else:
                locked.status = InvitationStatus.WAITLISTED
                locked.waitlisted_at = now
    else:
        locked.status = InvitationStatus.DECLINED
        locked.waitlisted_at = None
    locked.save(update_fields=["status", "note", "answered_at", "waitlisted_at"])
    _audit(
        actor=locked.advisor.user if locked.advisor.user_id else None,
        action="seminars.invitation.answered",
        obj=locked,
        data={"from": before, "to": locked.status},
    )
    if before == InvitationStatus.ACCEPTED and locked.status == InvitationStatus.DECLINED:
        _move_up(seminar, now)
    return locked


@transaction.atomic
def update_seminar(*, seminar, by, fields: list[str], now=None) -> Seminar:
    """Save staff's edit of a seminar; more places move the waiting list up.

    A new date needs nothing more: the reminders' occasion is the start, so the next sweep cancels the
    queued ones for the old date and plans the new ones.
    """
    now = now or timezone.now()
    Seminar.objects.select_for_update().filter(pk=seminar.pk).first()
    seminar.full_clean()
    seminar.save(update_fields=fields)
    _audit(actor=by, action="seminars.seminar.changed", obj=seminar, data={"fields": sorted(fields)})
    _move_up(seminar, now)
    return seminar


# --- Attendance, make-ups and the rule -----------------------------------------------------------


def _check_attendance_allowed(seminar, advisor, now):
    if seminar.starts_at > now:
        raise Refused(_("Die Teilnahme kann erst erfasst werden, wenn das Seminar begonnen hat."))
    if not _in_cohort(advisor, seminar.curriculum):
        raise Refused(_("%(name)s gehört nicht zu diesem Jahrgang.") % {"name": advisor})


@transaction.atomic
def record_attendance(*, seminar, advisor, state, by, now=None) -> Attendance:
    now = now or timezone.now()
    state = AttendanceState(state)
    _check_attendance_allowed(seminar, advisor, now)
    existing = Attendance.objects.select_for_update().filter(seminar=seminar, advisor=advisor).first()
    before = existing.state if existing else None
    if existing and existing.state == state:
        return existing
    attendance, _created = Attendance.objects.update_or_create(
        seminar=seminar, advisor=advisor, defaults={"state": state, "recorded_by": by, "recorded_at": now}
    )
    _audit(
        actor=by,
        action="seminars.attendance.recorded",
        obj=attendance,
        data={"seminar_id": seminar.pk, "advisor_id": advisor.pk, "from": before, "to": state},
    )
    evaluate_qualification(advisor=advisor, by=by, now=now)
    return attendance


@transaction.atomic
def withdraw_attendance(*, attendance, by, now=None) -> None:
    """Take an attendance record back (entered by mistake); the rule is evaluated again."""
    now = now or timezone.now()
    _audit(
        actor=by,
        action="seminars.attendance.withdrawn",
        obj=attendance.seminar,
        data={"advisor_id": attendance.advisor_id, "state": attendance.state},
    )
    advisor = attendance.advisor
    attendance.delete()
    evaluate_qualification(advisor=advisor, by=by, now=now)


@transaction.atomic
def record_attendance_sheet(*, seminar, states: dict, by, now=None) -> int:
    """The attendance screen: {advisor id: state or "" (withdraw)}. All or nothing; returns the changes."""
    now = now or timezone.now()
    recorded = {a.advisor_id: a for a in Attendance.objects.filter(seminar=seminar).select_related("advisor")}
    advisors = Advisor.objects.in_bulk(list(states))
    changed = 0
    for advisor_id, state in states.items():
        record = recorded.get(advisor_id)
        if state and (record is None or record.state != state):
            record_attendance(seminar=seminar, advisor=advisors[advisor_id], state=state, by=by, now=now)
            changed += 1
        elif not state and record is not None:
            withdraw_attendance(attendance=record, by=by, now=now)
            changed += 1
    return changed


@transaction.atomic
def record_catch_up(*, advisor, module: Module, done_on: date, note: str, by, now=None) -> CatchUp:
    now = now or timezone.now()
    if not note.strip():
        raise Refused(_("Bitte beschreiben Sie kurz, wie das Modul nachgeholt wurde."))
    if not _in_cohort(advisor, module.curriculum):
        raise Refused(_("%(name)s gehört nicht zu diesem Jahrgang.") % {"name": advisor})
    if done_on > timezone.localdate(now):
        raise Refused(_("Das Datum der Nachholung liegt in der Zukunft."))
    catch_up, _created = CatchUp.objects.update_or_create(
        advisor=advisor,
        module=module,
        defaults={"done_on": done_on, "note": note.strip(), "recorded_by": by, "recorded_at": now},
    )
    _audit(
        actor=by,
        action="seminars.catchup.recorded",
        obj=catch_up,
        data={"advisor_id": advisor.pk, "module": module.number, "done_on": done_on.isoformat()},
    )
    evaluate_qualification(advisor=advisor, by=by, now=now)
    return catch_up


@transaction.atomic
def withdraw_catch_up(*, catch_up, by, now=None) -> None:
    now = now or timezone.now()
    advisor = catch_up.advisor
    _audit(
        actor=by,
        action="seminars.catchup.withdrawn",
        obj=advisor,
        data={"module": catch_up.module.number},
    )
    catch_up.delete()
    evaluate_qualification(advisor=advisor, by=by, now=now)


@transaction.atomic
def evaluate_qualification(*, advisor, by, now=None) -> Qualification | None:
    """Apply the curriculum's rule. Met: the moment is stored and the roster's status moves to qualified.
    No longer met (attendance withdrawn, the rule changed): the qualification is revoked.

    Returns the valid qualification, or None.
    """
    now = now or timezone.now()
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    curriculum = Curriculum.objects.filter(call_id=advisor.call_id).first()
    if curriculum is None:
        return None
    _modules, by_advisor = progress_for(curriculum, [advisor.pk], now)
    met = by_advisor[advisor.pk].qualified
    qualification = Qualification.objects.select_for_update().filter(advisor=advisor).first()
    if met:
        if qualification and qualification.is_valid:
            return qualification
        if qualification:
            qualification.qualified_at, qualification.revoked_at = now, None
            qualification.save(update_fields=["qualified_at", "revoked_at"])
        else:
            qualification = Qualification.objects.create(advisor=advisor, curriculum=curriculum, qualified_at=now)
        if advisor.qualified_at is None:
            # Through the roster: it moves the status along its transition table and records the change.
            mark_qualified(advisor=advisor, by=by, at=now, reason=_("Alle nötigen Module besucht oder nachgeholt"))
        _audit(actor=by, action="seminars.qualification.granted", obj=qualification, data={"advisor_id": advisor.pk})
        return qualification
    if qualification and qualification.is_valid:
        qualification.revoked_at = now
        qualification.save(update_fields=["revoked_at"])
        if advisor.qualified_at is not None:
            revoke_qualification(
                advisor=advisor, by=by, reason=_("Die Regel der Qualifizierung ist nicht mehr erfüllt"), now=now
            )
        _audit(actor=by, action="seminars.qualification.revoked", obj=qualification, data={"advisor_id": advisor.pk})
    return None


# --- Calendar feed --------------------------------------------------------------------------------


def calendar_feed_token(advisor) -> str:
    """The signed part of the advisor's feed URL; valid until the key is renewed."""
    feed, _created = CalendarFeed.objects.get_or_create(advisor=advisor)
    return signing.Signer(salt=FEED_SALT).sign(f"{advisor.pk}.{feed.key}")


def advisor_from_feed_token(token: str):
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature:
        return None
    advisor_id, _sep, key = value.partition(".")
    feed = CalendarFeed.objects.filter(advisor_id=advisor_id, key=key).select_related("advisor").first()
    if feed is None or feed.advisor.status == Advisor.Status.LEFT:
        return None
    return feed.advisor


@transaction.atomic
def renew_calendar_feed(*, advisor, by) -> str:
    """A new key: every feed URL handed out before stops working."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(advisor=advisor)
    feed.key = CalendarFeed._meta.get_field("key").default()
    feed.save(update_fields=["key", "created_at"])
    _audit(actor=by, action="seminars.calendarfeed.renewed", obj=feed, data={"advisor_id": advisor.pk})
    return calendar_feed_token(advisor)
