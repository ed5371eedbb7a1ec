"""Erasing a former advisor: after the retention period, or earlier on request when nothing must be kept.

The advisor row itself stays as a pseudonym ("Berater*in #12 (gelöscht)"): other apps' records that
accounting must keep (fee claims of the consultations app) point at it and stay valid, but no name, email
or profile remains. Apps holding such records register a hook that pseudonymises their own copies:

    from pool.advisor_erasure import register_erasure_hook
    register_erasure_hook(lambda advisor, pseudonym: FeeClaim.objects.filter(advisor=advisor)
                          .update(advisor_name=pseudonym))

Hooks run inside the erasure's transaction; one that raises Refused stops the erasure (e.g. an open claim).
"""

from collections.abc import Callable

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.audit import record
from miglobe.core.models import AuditEntry
from miglobe.core.outbox import erase_emails_about

from . import audit
from .exceptions import Refused
from .models import Advisor, ErasureLog

_hooks: list[Callable] = []

PROFILE_BLANKS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "expertise_regions": "",
    "home_region": "",
    "availability_days": None,
    "bio": "",
    "bio_en": "",
    "leave_reason": "",
    "invitation_key": None,
    **{f"public_{name}": False for name in ("listing", *Advisor.DIRECTORY_FIELDS)},
}


def register_erasure_hook(hook: Callable) -> None:
    """`hook(advisor, pseudonym)` pseudonymises the app's records of the advisor that must be kept."""
    if hook not in _hooks:
        _hooks.append(hook)


def pseudonym(advisor) -> str:
    return f"B-{advisor.pk:04d}"


def erasable(advisor, *, now=None) -> bool:
    """Past the retention period after leaving (ADVISOR_RETENTION_YEARS)."""
    now = now or timezone.now()
    return (
        Advisor.objects.due_for_erasure(now, retention_years=settings.ADVISOR_RETENTION_YEARS)
        .filter(pk=advisor.pk)
        .exists()
    )


def _delete_file(field):
    if field:
        name, storage = field.name, field.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def erase_advisor(*, advisor, by, on_request=False, now=None) -> ErasureLog:
    """Erase a former advisor's personal data; log counts and references only.

    `on_request`: the person asked and staff confirmed no obligation to keep the record applies; without it
    the retention period after leaving must have passed.
    """
    now = now or timezone.now()
    locked = Advisor.objects.select_for_update().filter(pk=advisor.pk).first()
    if locked is None or locked.erased_at is not None:
        raise Refused(_("Diese Daten sind bereits gelöscht."))
    if locked.status != Advisor.Status.LEFT:
        raise Refused(
            _("%(advisor)s gehört noch zum Pool; erst nach dem Ausscheiden kann gelöscht werden.") % {"advisor": locked}
        )
    if not on_request and not erasable(locked, now=now):
        raise Refused(
            _("%(advisor)s: Die Aufbewahrungsfrist (%(years)s Jahre nach dem Ausscheiden) ist noch nicht abgelaufen.")
            % {"advisor": locked, "years": settings.ADVISOR_RETENTION_YEARS}
        )
    kind = ErasureLog.Kind.ADVISOR_REQUEST if on_request else ErasureLog.Kind.ADVISOR_RETENTION
    name = pseudonym(locked)
    for hook in _hooks:
        hook(locked, name)
    references = [name]
    application = locked.application
    if application is not None:
        references.append(application.reference)
        _delete_file(application.cv)
        erase_emails_about(obj=application)
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(application), object_id=str(application.pk)
        ).delete()
        audit.erased(application, kind=kind)  # redacts its earlier entries, records the erasure
        locked.application = None
        locked.save(update_fields=["application"])
        application.delete()
    _delete_file(locked.photo)
    erase_emails_about(obj=locked)
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Advisor), object_id=str(locked.pk)).delete()
    locked.languages.all().delete()
    locked.absences.all().delete()
    locked.topics.clear()
    locked.status_changes.update(reason="")
    locked.pauses.update(reason="")
    user = locked.user
    for field, value in PROFILE_BLANKS.items():
        setattr(locked, field, value)
    locked.photo = ""
    locked.user = None
    locked.erased_at = now
    locked.save(update_fields=[*PROFILE_BLANKS, "photo", "user", "erased_at"])
    if user is not None:
        # Failed logins are counted under the username, which is the email address.
        AccessAttempt.objects.filter(username__iexact=user.username).delete()
        AccessAttempt.objects.filter(username__iexact=user.email).delete()
        user.delete()  # advisors have no admin access, so no admin history hangs on the account
    # The trail keeps what happened and when, but no longer the details, nor the advisor's username
    # (their email address) where they acted themselves.
    if user is not None:
        AuditEntry.objects.filter(actor_id=user.pk).redact(now=now, actor_too=True)
    AuditEntry.objects.for_object(locked).redact(now=now)
    record(actor=by, action="pool.advisor.erased", obj=locked, data={"kind": kind})
    return ErasureLog.objects.create(kind=kind, count=1, references=sorted(r for r in references if r))
