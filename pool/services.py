"""Every change to calls, applications, reviews and the pool happens here: atomic, validated, recorded."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from miglobe.core.antispam import allow_email
from miglobe.core.outbox import erase_emails_about, queue_email, render_email, written_by_worker

from . import audit, duplicates
from .links import application_url
from .models import (
    Advisor,
    Application,
    ApplicationLanguage,
    Call,
    DuplicateFlag,
    ErasureLog,
    PendingUpload,
    ReferenceSequence,
    Review,
    Score,
    StatusChange,
)

Status = Application.Status


# In its own module so that pool.roster_services can raise it without importing this module.
from .exceptions import Refused  # noqa: E402

logger = logging.getLogger(__name__)

# --- Duplicate keys ------------------------------------------------------------------------------


# The keys and the matching live in `pool.duplicates`; the names stay importable from here.
email_key, phone_key, name_key = duplicates.email_key, duplicates.phone_key, duplicates.name_key


def flag_duplicates(application) -> list[DuplicateFlag]:
    """Flag submitted applications, to this or an earlier call, that look like the same person."""
    return duplicates.flag_duplicates(application)


@transaction.atomic
def check_duplicates(*, application_id: int, now=None) -> list[DuplicateFlag] | None:
    """The look for duplicates of a submitted application, once (the worker's sweep runs it for every new
    submission). Returns the flags on either side of it, or None when there was nothing to check.

    Under the application's row lock: a second run – two sweeps at once – finds it checked and does nothing.
    """
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None or application.submitted_at is None or application.duplicates_checked_at is not None:
        return None  # erased meanwhile, never submitted, or checked already
    flags = duplicates.flag_matches(application)
    application.duplicates_checked_at = now or timezone.now()
    application.save(update_fields=["duplicates_checked_at"])
    return flags


def check_pending_duplicates(*, now=None) -> int:
    """The worker's sweep (every minute): check every submission not yet checked. Returns how many.

    One submission whose check fails is logged and tried again next minute; it must not hold up the others.
    """
    pending = Application.objects.filter(submitted_at__isnull=False, duplicates_checked_at__isnull=True)
    checked = 0
    for pk in pending.order_by("submitted_at", "pk").values_list("pk", flat=True):
        try:
            checked += check_duplicates(application_id=pk, now=now) is not None
        except Exception:
            logger.exception("Duplicate check of application %s failed; it is tried again in the next sweep", pk)
    return checked


@transaction.atomic
def resolve_duplicate_flags(*, flags, by, now=None) -> int:
    """Staff have looked at the pairs and mark them resolved; nothing is merged. Returns how many were open.

    One UPDATE that re-checks "still open" on each row it locks, so two staff members resolving the same
    flag at once record only the first of them.
    """
    now = now or timezone.now()
    pending = DuplicateFlag.objects.filter(pk__in=[flag.pk for flag in flags]).unresolved()
    return pending.update(resolved_at=now, resolved_by=by)


# --- Applicant side ------------------------------------------------------------------------------


@dataclass
class ApplicationInput:
    """What the public form hands over: the model fields, and the parts that live in other rows."""

    fields: dict
    topics: list = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)
    cv: object = None  # an uploaded file, a PendingUpload, or None to keep the stored CV
    privacy_consent: bool = False
    special_category_consent: bool = False
    reserve_consent: bool = False


def _apply_input(application, data: ApplicationInput, now):
    for name, value in data.fields.items():
        setattr(application, name, value)
    if not data.special_category_consent:
        # Without the separate consent the self-description is not kept, even if it was typed.
        application.migration_background = ""
        application.special_category_consent_at = None
    elif application.special_category_consent_at is None:
        application.special_category_consent_at = now
    if data.privacy_consent and application.privacy_consent_at is None:
        application.privacy_consent_at = now
    if data.reserve_consent and application.reserve_consent_at is None:
        application.reserve_consent_at = now
    elif not data.reserve_consent:
        application.reserve_consent_at = None
    if data.cv is not None and application.cv:
        # A replaced CV leaves the disk once the new one is committed, so no orphan outlives retention.
        old_name, storage = application.cv.name, application.cv.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    if isinstance(data.cv, PendingUpload):
        application.cv.name, application.cv_original_name = data.cv.file.name, data.cv.original_name
    elif data.cv is not None:
        application.cv = data.cv
        application.cv_original_name = data.cv.name[:200]
    duplicates.refresh_keys(application)


def _store_related(application, data: ApplicationInput, *, new: bool = False):
    """`new`: the application was inserted just now, so it has no topics or languages to replace."""
    if new:
        application.topics.add(*data.topics)
    else:
        application.topics.set(data.topics)
        application.languages.all().delete()
    ApplicationLanguage.objects.bulk_create(
        ApplicationLanguage(application=application, name=name, level=level) for name, level in data.languages
    )
    if isinstance(data.cv, PendingUpload):
        data.cv.delete()  # the file now belongs to the application


def _check_call_open(call, now):
    if not call.is_open(now):
        raise Refused(_("Diese Ausschreibung nimmt zurzeit keine Bewerbungen an."))


def _editable_draft(call, application):
    """A new application, or the given one locked; refused once it is submitted (it is frozen then)."""
    if application is None:
        return Application(call=call)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise Refused(_("Diese Bewerbung ist bereits abgeschickt und kann nicht mehr geändert werden."))
    return locked


@written_by_worker("pool/draft_saved")
@written_by_worker("pool/application_submitted")
def applicant_email_context(application) -> dict:
    """What the form's emails show (the link to continue a draft is the same private link). The worker builds
    it when it writes them, seconds after the request (decision 0180)."""
    return {"application": application, "call": application.call, "link": application_url(application)}


def _mail_applicant(application, *, template):
    # Written by the worker from the application: the form's request pays only for the row (decision 0180).
    queue_email(
        to=application.email,
        template=template,
        context=None,
        language=application.language,
        related_object=application,
        confidential=True,  # the private link opens the applicant's data
    )


@transaction.atomic
def save_draft(*, call: Call, data: ApplicationInput, application: Application | None = None, now=None) -> Application:
    """Save what the applicant has entered so far. The first save mails the private link to continue, unless
    that address had enough such emails today (`draft_link_mailed` on the result says which)."""
    now = now or timezone.now()
    _check_call_open(call, now)
    if not data.privacy_consent:
        raise Refused(_("Ohne Einwilligung in die Datenverarbeitung können wir Ihren Entwurf nicht speichern."))
    is_new = application is None
    application = _editable_draft(call, application)
    _apply_input(application, data, now)
    application.save()
    _store_related(application, data)
    # Each new draft mails its link; the same address gets at most a few of those a day, so the form cannot
    # be used to mail a stranger again and again. The view tells the applicant when no email went out.
    application.draft_link_mailed = is_new and allow_email(application.email, kind="pool.draft")
    if application.draft_link_mailed:
        _mail_applicant(application, template="pool/draft_saved")
    audit.applicant_changed(application, "draft_saved")
    return application


def next_reference(call) -> str:
    """The next number for the call's prefix and closing year, counted under a row lock.

    One statement: the UPDATE takes the row lock until the transaction ends and returns the new number (a
    SELECT … FOR UPDATE, the UPDATE and a look-up before were three). The first number of a prefix and year
    creates the row first."""
    key = f"{call.reference_prefix}-{timezone.localtime(call.closes_at).year}"
    number = _count_up(key)
    if number is None:
        ReferenceSequence.objects.get_or_create(key=key)  # a concurrent first one may have made it: fine
        number = _count_up(key)
    return f"{key}-{number:04d}"


def _count_up(key) -> int | None:
    quote = connection.ops.quote_name
    table, number, name = (
        quote(ReferenceSequence._meta.db_table),
        quote(ReferenceSequence._meta.get_field("last_number").column),
        quote(ReferenceSequence._meta.get_field("key").column),
    )
    with connection.cursor() as cursor:
        # PostgreSQL and SQLite (3.35+) both return the updated value.
        cursor.execute(f"UPDATE {table} SET {number} = {number} + 1 WHERE {name} = %s RETURNING {number}", [key])  # noqa: S608 -- quoted names, the value is a parameter
        row = cursor.fetchone()
    return row[0] if row else None


@transaction.atomic
def submit_application(
    *, call: Call, data: ApplicationInput, application: Application | None = None, now=None
) -> Application:
    """Freeze the application, give it its reference number, flag likely duplicates and confirm by email."""
    now = now or timezone.now()
    _check_call_open(call, now)
    if not data.privacy_consent:
        raise Refused(_("Ohne Einwilligung in die Datenverarbeitung können wir Ihre Bewerbung nicht annehmen."))
    is_new = application is None
    application = _editable_draft(call, application)
    _apply_input(application, data, now)
    application.reference = next_reference(call)
    application.status = Status.SUBMITTED
    application.submitted_at = now
    application.save()
    _store_related(application, data, new=is_new)
    StatusChange.objects.create(
        application=application, from_status=Status.DRAFT, to_status=Status.SUBMITTED, changed_at=now
    )
    audit.status_changed(by=None, application=application, from_status=Status.DRAFT, to_status=Status.SUBMITTED)
    # The codes go in with the submission, so every later check sees them; comparing and flagging is left to
    # the worker's sweep, which finds the submission by its empty `duplicates_checked_at` (decision 0115).
    duplicates.store_name_codes(application, replace=not is_new)
    _mail_applicant(application, template="pool/application_submitted")
    return application


# The form's signed reference to a pending upload expires after two days (pool.forms); the file goes then.
PENDING_UPLOAD_DAYS = 2


def store_pending_upload(*, file) -> PendingUpload:
    return PendingUpload.objects.create(file=file, original_name=file.name[:200])


def discard_pending_upload(*, pending):
    """The row goes now, the file once that is committed: a rollback must not leave a row without its file."""
    name, storage = pending.file.name, pending.file.storage
    pending.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _erase_stale_pending_uploads(now):
    for pending in PendingUpload.objects.filter(created_at__lt=now - timedelta(days=PENDING_UPLOAD_DAYS)):
        discard_pending_upload(pending=pending)


# --- Status changes ------------------------------------------------------------------------------


def _move(application, to, *, by, reason, now, **extra_fields):
    """Move under a row lock along the transition table, and record who, when, from, to and why."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.can_move_to(to):
        raise Refused(
            _("%(reference)s: „%(from)s“ kann nicht zu „%(to)s“ werden.")
            % {"reference": locked, "from": locked.get_status_display(), "to": Status(to).label}
        )
    from_status = locked.status
    locked.status = to
    if to in Application.DECIDED or to == Status.WITHDRAWN:
        locked.decided_at = now
        # A new decision (e.g. moving up from the reserve list) must be told again.
        locked.decision_sent_at = None
    for name, value in extra_fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "decided_at", "decision_sent_at", *extra_fields])
    StatusChange.objects.create(
        application=locked,
        from_status=from_status,
        to_status=to,
        changed_by=by,
        reason=reason,
        changed_at=now,
    )
    audit.status_changed(by=by, application=locked, from_status=from_status, to_status=to)
    return locked


@transaction.atomic
def start_review(*, application, by, reason="", now=None):
    return _move(application, Status.IN_REVIEW, by=by, reason=reason, now=now or timezone.now())


@transaction.atomic
def shortlist(*, application, by, reason="", now=None):
    return _move(application, Status.SHORTLISTED, by=by, reason=reason, now=now or timezone.now())


@transaction.atomic
def invite_to_interview(*, application, by, reason="", now=None):
    return _move(application, Status.INTERVIEW, by=by, reason=reason, now=now or timezone.now())


def _check_call_closed(application, now):
    """Selections and the reserve list compare the whole field, which exists only after the deadline."""
    if application.call.is_open(now):
        raise Refused(
            _("%(reference)s: Die Bewerbungsfrist läuft noch bis %(closes)s. Erst danach kann ausgewählt werden.")
            % {
                "reference": application,
                "closes": date_format(timezone.localtime(application.call.closes_at), "SHORT_DATETIME_FORMAT"),
            }
        )


def _lock(application):
    """The application row, locked and read again: every check below must see the current state, not the
    one a page loaded before another staff member changed it."""
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


@transaction.atomic
def reject(*, application, by, reason, now=None):
    """A rejection always carries a reason in the history. Before the deadline it is the exception (for
    example: not eligible), so the reason must say why it could not wait for the comparison of all."""
    now = now or timezone.now()
    if not reason.strip():
        if application.call.is_open(now):
            raise Refused(
                _(
                    "%(reference)s: Vor Ende der Frist ist eine Ablehnung nur mit Begründung möglich "
                    "(z. B. nicht antragsberechtigt)."
                )
                % {"reference": application}
            )
        raise Refused(_("Bitte geben Sie einen Grund für die Ablehnung an."))
    return _move(application, Status.REJECTED, by=by, reason=reason, now=now)


@transaction.atomic
def place_on_reserve(*, application, by, reason="", now=None):
    """Only after the deadline, and only with the applicant's consent to the reserve list, which then holds
    for the call's period."""
    now = now or timezone.now()
    locked = _lock(application)
    _check_call_closed(locked, now)
    if locked.reserve_consent_at is None:
        raise Refused(
            _("%(reference)s: Ohne Einwilligung der Person kann sie nicht auf die Nachrückliste.")
            % {"reference": locked}
        )
    until = locked.call.reserve_consent_end(now)
    return _move(locked, Status.RESERVE, by=by, reason=reason, now=now, reserve_until=until)


@transaction.atomic
def select_application(*, application, by, reason="", now=None) -> Advisor:
    """Take the applicant into the pool, after the deadline and unless the call's pool is full.

    The pool is the call's advisors who have not left, so someone leaving frees a place for the reserve
    list. The call row is locked first, so two staff members selecting at the same moment are served one
    after the other, and the second sees the first one's selection when it counts.
    """
    now = now or timezone.now()
    call = Call.objects.select_for_update().get(pk=application.call_id)
    locked = _lock(application)
    _check_call_closed(locked, now)
    in_pool = Advisor.objects.filter(call=call).in_pool().count()
    if in_pool >= call.pool_size:
        raise Refused(
            _("Der Pool ist voll: %(count)s von %(size)s Plätzen sind vergeben.")
            % {"count": in_pool, "size": call.pool_size}
        )
    if locked.status == Status.RESERVE and not Application.objects.reserve_active(now).filter(pk=locked.pk):
        raise Refused(_("%(reference)s: Die Einwilligung zur Nachrückliste ist abgelaufen.") % {"reference": locked})
    locked = _move(locked, Status.SELECTED, by=by, reason=reason, now=now, reserve_until=None)
    return Advisor.objects.create(
        application=locked,
        call=call,
        first_name=locked.first_name,
        last_name=locked.last_name,
        email=locked.email,
        language=locked.language,
        joined_at=now,
    )


@transaction.atomic
def withdraw_application(*, application, now=None):
    """The applicant withdraws; possible until a decision is made."""
    now = now or timezone.now()
    return _move(application, Status.WITHDRAWN, by=None, reason=_("von der Person zurückgezogen"), now=now)


@transaction.atomic
def renew_reserve_consent(*, application, now=None):
    now = now or timezone.now()
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.RESERVE:
        raise Refused(_("Diese Bewerbung steht nicht auf der Nachrückliste."))
    locked.reserve_consent_at = now
    locked.reserve_until = locked.call.reserve_consent_end(now)
    locked.save(update_fields=["reserve_consent_at", "reserve_until"])
    audit.applicant_changed(locked, "reserve_consent_renewed")
    return locked


@transaction.atomic
def withdraw_special_category_consent(*, application):
    """Art. 7(3) DSGVO: the consent to the migration-background field can be withdrawn at any time; the
    self-description is deleted with it. The rest of the application stays as it is."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.special_category_consent_at is None:
        raise Refused(_("Es liegt keine Einwilligung zur Migrationsgeschichte vor."))
    locked.migration_background = ""
    locked.special_category_consent_at = None
    locked.save(update_fields=["migration_background", "special_category_consent_at"])
    audit.applicant_changed(locked, "special_category_consent_withdrawn")
    return locked


# --- Decision emails -----------------------------------------------------------------------------

DECISION_TEMPLATES = {
    Status.SELECTED: "pool/decision_selected",
    Status.RESERVE: "pool/decision_reserve",
    Status.REJECTED: "pool/decision_rejected",
}


def decision_email(application) -> dict:
    """The arguments of the decision email for one application (used for the preview and for sending)."""
    return {
        "to": application.email,
        "template": DECISION_TEMPLATES[application.status],
        "context": {
            "application": application,
            "call": application.call,
            "link": application_url(application),
        },
        "language": application.language,
        "related_object": application,
        "confidential": True,
    }


def decision_preview(application) -> tuple[str, str]:
    """Subject and text of the decision email as staff preview it, without the applicant's private link."""
    email = decision_email(application)
    context = email["context"] | {"link": _("[persönlicher Link der Person]")}
    subject, text, _html = render_email(template=email["template"], context=context, language=email["language"])
    return subject, text


@transaction.atomic
def send_decision_emails(*, applications, now=None) -> int:
    """Queue the decision emails for decided applications not yet told; returns how many were queued."""
    now = now or timezone.now()
    ids = [a.pk for a in applications]
    pending = (
        Application.objects.select_for_update()
        .filter(pk__in=ids, status__in=DECISION_TEMPLATES, decision_sent_at__isnull=True)
        .select_related("call")
    )
    count = 0
    for application in pending:
        queue_email(**decision_email(application))
        advisor = getattr(application, "advisor", None) if application.status == Status.SELECTED else None
        if advisor is not None and advisor.invitation_sent_at is None:
            invite_advisor(advisor=advisor, by=None, now=now)  # the login comes with the decision (ADR 0050)
        application.decision_sent_at = now
        application.save(update_fields=["decision_sent_at"])
        audit.decision_sent(application)
        count += 1
    return count


# --- Reviews -------------------------------------------------------------------------------------


@transaction.atomic
def submit_review(
    *,
    application,
    reviewer,
    scores: dict,
    recommendation: str,
    comment: str,
    conflict_of_interest=False,
    now=None,
) -> Review:
    """Record a reviewer's scores (criterion id → 1..5). A declared conflict records only the conflict."""
    now = now or timezone.now()
    # Only the call's panel reviews – programme staff too must be on it, so nobody scores after reading
    # everyone else's review.
    on_panel = application.call.reviewers.filter(pk=reviewer.pk).exists()
    if not on_panel or not Application.objects.visible_to(reviewer).filter(pk=application.pk).exists():
        raise Refused(_("Sie gehören nicht zum Auswahlgremium dieser Ausschreibung."))
    # The status as it is now, under the lock: staff may have decided or the person withdrawn meanwhile.
    application = _lock(application)
    if application.status not in Application.OPEN_FOR_REVIEW:
        raise Refused(_("Diese Bewerbung kann nicht mehr bewertet werden."))
    review, _created = Review.objects.select_for_update().get_or_create(application=application, reviewer=reviewer)
    if review.submitted_at is not None:
        raise Refused(_("Sie haben diese Bewerbung bereits bewertet."))
    review.conflict_of_interest = conflict_of_interest
    review.submitted_at = now
    audit.review_submitted(review)  # rolled back with the rest if the scores are refused below
    if conflict_of_interest:
        review.recommendation, review.comment = "", ""
        review.save()
        return review
    criteria = list(application.call.criteria.all())
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise Refused(_("Bitte vergeben Sie Punkte für: %(names)s") % {"names": ", ".join(missing)})
    if any(not 1 <= int(scores[c.pk]) <= 5 for c in criteria):
        raise Refused(_("Punkte müssen zwischen 1 und 5 liegen."))
    review.recommendation, review.comment = recommendation, comment
    review.save()
    Score.objects.bulk_create(Score(review=review, criterion=c, value=int(scores[c.pk])) for c in criteria)
    return review


# --- Data protection -----------------------------------------------------------------------------


def _erase(applications, *, kind) -> ErasureLog | None:
    applications = list(applications)
    if not applications:
        return None
    references = sorted(a.reference for a in applications if a.reference)
    application_type = ContentType.objects.get_for_model(Application)
    for application in applications:
        if application.cv:
            # Only once the rows are gone for good: a rollback must not leave rows pointing at no file.
            name, storage = application.cv.name, application.cv.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        erase_emails_about(obj=application)
        audit.erased(application, kind=kind)
        LogEntry.objects.filter(content_type=application_type, object_id=str(application.pk)).delete()
        application.delete()
    return ErasureLog.objects.create(kind=kind, count=len(applications), references=references)


@transaction.atomic
def erase_application_on_request(*, application) -> ErasureLog:
    """The applicant erases their own data. A selected person is an advisor now: staff handle that case."""
    # Locked and read again: staff may have selected the person since the page was loaded, and a reminder
    # sweep holding the same lock must finish (its email is then erased too) or find nothing.
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        raise Refused(_("Diese Bewerbung gibt es nicht mehr."))
    if locked.status == Status.SELECTED:
        raise Refused(_("Sie gehören zum Pool. Bitte wenden Sie sich an das Programmteam, um Ihre Daten zu löschen."))
    return _erase([locked], kind=ErasureLog.Kind.REQUEST)


def applications_due_for_erasure(*, now=None):
    return Application.objects.due_for_erasure(now or timezone.now()).select_related("call")


@transaction.atomic
def erase_expired_applications(*, now=None) -> list[ErasureLog]:
    """The retention job: erase what is past its period, and log counts and references only."""
    now = now or timezone.now()
    _erase_stale_pending_uploads(now)
    due = list(applications_due_for_erasure(now=now).select_for_update(of=("self",)))
    drafts = [a for a in due if a.status == Status.DRAFT]
    decided = [a for a in due if a.status != Status.DRAFT]
    logs = [
        _erase(decided, kind=ErasureLog.Kind.RETENTION),
        _erase(drafts, kind=ErasureLog.Kind.DRAFT_RETENTION),
    ]
    return [log for log in logs if log]


from .roster_services import invite_advisor, mark_qualified, revoke_qualification  # noqa: E402,F401  (CONTRACTS §4)
