"""What the pool app writes to the audit trail (miglobe.core.audit), in one place, so that services, views
and the admin each need one line. Data holds ids, status codes and counts – never names or addresses."""

from django.utils import timezone

from miglobe.core.audit import record, request_actor
from miglobe.core.models import AuditEntry

from .models import Application

Status = Application.Status

# `pool.application.<past verb>` for each status an application can move to.
STATUS_ACTIONS = {
    Status.SUBMITTED: "pool.application.submitted",
    Status.IN_REVIEW: "pool.application.review_started",
    Status.SHORTLISTED: "pool.application.shortlisted",
    Status.INTERVIEW: "pool.application.invited_to_interview",
    Status.SELECTED: "pool.application.selected",
    Status.RESERVE: "pool.application.placed_on_reserve",
    Status.REJECTED: "pool.application.rejected",
    Status.WITHDRAWN: "pool.application.withdrawn",
}


def status_changed(*, by, application, from_status, to_status):
    # The reason stays in StatusChange, the domain's history, which goes with an erasure (decision 0040).
    record(actor=by, action=STATUS_ACTIONS[to_status], obj=application, data={"from": from_status, "to": to_status})


def applicant_changed(application, verb: str):
    """Changes the applicant makes through the private page (no account: the actor is nobody)."""
    record(actor=None, action=f"pool.application.{verb}", obj=application)


def decision_sent(application):
    record(
        actor=request_actor(),
        action="pool.application.decision_sent",
        obj=application,
        data={"status": application.status},
    )


def review_submitted(review):
    record(
        actor=review.reviewer,
        action="pool.review.submitted",
        obj=review,
        data={"application": review.application_id, "conflict_of_interest": review.conflict_of_interest},
    )


def erased(application, *, kind):
    """Before the row goes: earlier entries keep their reference and lose any details, and the erasure itself
    is recorded with its kind."""
    AuditEntry.objects.for_object(application).redact(now=timezone.now())
    record(actor=request_actor(), action="pool.application.erased", obj=application, data={"kind": kind})


def exported(*, by, applications, file_format: str):
    ids = sorted(applications.values_list("pk", flat=True))
    record(
        actor=by, action="pool.application.exported", data={"format": file_format, "count": len(ids), "ids": ids[:200]}
    )


def cv_downloaded(*, by, application):
    record(actor=by, action="pool.application.cv_downloaded", obj=application)


def special_category_viewed(*, by, application):
    """Art. 9 DSGVO: who saw a person's migration background, and when."""
    if application.migration_background:
        record(actor=by, action="pool.application.special_category_viewed", obj=application)
