"""Requests, their stages and the assignments of advisors. Every function is keyword-only and atomic."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from miglobe.core.exceptions import Refused
from miglobe.core.outbox import format_address, queue_email, written_by_worker
from pool.models import Advisor

from .audit import record
from .choices import AssignmentStatus, Stage
from .links import request_url
from .models import Assignment, ConsultationRequest, StageChange

# The steps a municipality hears about by email (besides the confirmation of its request).
STAGES_EMAILED = {
    Stage.DIALOGFORUM_AGREED,
    Stage.BERATUNG_RUNNING,
    Stage.COMPLETED,
    Stage.NOT_PURSUED,
    Stage.WITHDRAWN,
}


REQUEST_FIELDS = (
    "municipality",
    "office",
    "contact_name",
    "contact_role",
    "email",
    "phone",
    "situation",
    "goals",
    "desired_format",
    "preferred_period",
    "communities",
)


def fingerprint(data: dict, topics) -> str:
    values = {name: str(getattr(data[name], "pk", data[name])) for name in REQUEST_FIELDS}
    values["topics"] = sorted(t.pk for t in topics)
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def submit_request(
    *, data: dict, topics, submission_token: str, language: str, now=None
) -> tuple[ConsultationRequest, bool]:
    """File a request and queue the confirmation with the private link. Returns (request, created).

    The same form sent again (a double click, a reload) finds the request the first sending made: the form's
    start token is unique on the request, and a second insert with it loses the race on the constraint.
    The same token with different content is refused: that is not a repetition but a reused form.
    """
    now = now or timezone.now()
    digest = fingerprint(data, topics)
    # No look for the token first: a repetition is rare, and its insert loses on the constraint below.
    try:
        with transaction.atomic():
            consultation = ConsultationRequest.objects.create(
                **{name: data[name] for name in REQUEST_FIELDS},
                language=language,
                privacy_consent_at=now,
                stage=Stage.RECEIVED,
                stage_changed_at=now,
                created_at=now,
                submission_token=submission_token,
                fingerprint=digest,
            )
            consultation.topics.add(*topics)  # a new row: nothing to replace, so nothing to read first
            record(
                actor=None,
                action="consultations.consultationrequest.submitted",
                obj=consultation,
                data={"municipality": consultation.municipality.key},
            )
            # Written by the worker (request_received_context): the request pays only for the row (0180).
            queue_email(
                to=format_address(consultation.contact_name, consultation.email),
                template="consultations/request_received",
                context=None,
                language=language,
                related_object=consultation,
                auto_submitted=False,
                confidential=True,  # it carries the private link
            )
    except IntegrityError:
        # The other click won: show what it made.
        return _repeated(ConsultationRequest.objects.get(submission_token=submission_token), digest)
    return consultation, True


@written_by_worker("consultations/request_received")
def request_received_context(consultation) -> dict:
    """What the confirmation shows; the worker builds it when it writes the email (decision 0180)."""
    return {"consultation": consultation, "link": request_url(consultation)}


def _repeated(existing, digest):
    if existing.fingerprint != digest:
        raise Refused(
            _("Dieses Formular wurde schon abgeschickt. Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal.")
        )
    return existing, False


def move_request(*, consultation, to_stage, by, reason: str = "", now=None) -> ConsultationRequest:
    """Move a request to another stage along TRANSITIONS; records who, when and why; emails where it matters."""
    now = now or timezone.now()
    to_stage = Stage(to_stage)
    with transaction.atomic():
        locked = ConsultationRequest.objects.select_for_update().select_related("municipality").get(pk=consultation.pk)
        if not locked.can_move_to(to_stage):
            raise Refused(
                _("Eine Anfrage im Stand „%(current)s“ kann nicht in den Stand „%(target)s“ wechseln.")
                % {"current": locked.get_stage_display(), "target": to_stage.label}
            )
        _check_stage_preconditions(locked, to_stage)
        from_stage = locked.stage
        locked.stage = to_stage
        locked.stage_changed_at = now
        locked.save(update_fields=["stage", "stage_changed_at"])
        StageChange.objects.create(
            request=locked, from_stage=from_stage, to_stage=to_stage, changed_by=by, reason=reason, changed_at=now
        )
        record(
            actor=by,
            action=f"consultations.consultationrequest.{STAGE_VERBS[to_stage]}",
            obj=locked,
            data={"from": from_stage, "to": to_stage, "reason": reason},
        )
        if to_stage in CLOSING_ASSIGNMENTS:
            # A closed case leaves nobody waiting for an answer or holding a place.
            locked.assignments.filter(status=AssignmentStatus.PROPOSED).update(
                status=AssignmentStatus.WITHDRAWN, answered_at=now
            )
        if to_stage in STAGES_EMAILED:
            queue_email(
                to=format_address(locked.contact_name, locked.email),
                template="consultations/stage_changed",
                context={
                    "consultation": locked,
                    "stage": to_stage,
                    "link": request_url(locked),
                    "advisors": [a.advisor for a in locked.assignments.filter(status=AssignmentStatus.ACCEPTED)],
                },
                language=locked.language,
                related_object=locked,
                confidential=True,
            )
    consultation.stage, consultation.stage_changed_at = locked.stage, locked.stage_changed_at
    return locked


CLOSING_ASSIGNMENTS = {Stage.NOT_PURSUED, Stage.WITHDRAWN, Stage.COMPLETED}

STAGE_VERBS = {
    Stage.IN_REVIEW: "reviewed",
    Stage.ADVISORS_PROPOSED: "proposed",
    Stage.DIALOGFORUM_AGREED: "agreed",
    Stage.DIALOGFORUM_HELD: "held",
    Stage.BERATUNG_RUNNING: "started",
    Stage.COMPLETED: "completed",
    Stage.NOT_PURSUED: "dropped",
    Stage.WITHDRAWN: "withdrawn",
}


def _check_stage_preconditions(consultation, to_stage):
    assignments = consultation.assignments.all()
    if to_stage == Stage.ADVISORS_PROPOSED and not assignments.open().exists():
        raise Refused(_("Schlagen Sie zuerst mindestens eine Berater*in vor."))
    if to_stage == Stage.DIALOGFORUM_AGREED and not assignments.filter(status=AssignmentStatus.ACCEPTED).exists():
        raise Refused(_("Ein Dialogforum kann erst vereinbart werden, wenn mindestens eine Berater*in zugesagt hat."))


def withdraw_request(*, consultation, reason: str = "", now=None) -> ConsultationRequest:
    """The municipality withdraws its own request on its private page (no staff user behind it)."""
    return move_request(consultation=consultation, to_stage=Stage.WITHDRAWN, by=None, reason=reason, now=now)


def propose_assignment(*, consultation, advisor, by, now=None) -> Assignment:
    """Ask an advisor to take on the request. Only assignable advisors; one open place per advisor."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ConsultationRequest.objects.select_for_update().get(pk=consultation.pk)
        if locked.is_closed:
            raise Refused(_("Diese Anfrage ist abgeschlossen."))
        if not Advisor.objects.assignable().filter(pk=advisor.pk).exists():
            raise Refused(
                _("%(name)s kann zurzeit keiner Kommune zugeordnet werden (nicht qualifiziert oder pausiert).")
                % {"name": advisor.full_name}
            )
        if locked.assignments.open().filter(advisor=advisor).exists():
            raise Refused(_("%(name)s ist für diese Anfrage schon angefragt.") % {"name": advisor.full_name})
        assignment = Assignment.objects.create(request=locked, advisor=advisor, proposed_by=by, proposed_at=now)
        record(
            actor=by,
            action="consultations.assignment.proposed",
            obj=assignment,
            data={"request": locked.pk, "advisor": advisor.pk},
        )
        queue_email(
            to=format_address(advisor.full_name, advisor.email),
            template="consultations/assignment_offered",
            context={"assignment": assignment, "consultation": locked, "advisor": advisor},
            language=advisor.language,
            related_object=assignment,
        )
        if locked.stage in (Stage.RECEIVED, Stage.IN_REVIEW):
            if locked.stage == Stage.RECEIVED:
                move_request(consultation=locked, to_stage=Stage.IN_REVIEW, by=by, now=now)
            move_request(consultation=locked, to_stage=Stage.ADVISORS_PROPOSED, by=by, now=now)
    return assignment


def answer_assignment(*, assignment, advisor, accept: bool, note: str = "", now=None) -> Assignment:
    """The advisor's answer in the portal. Only the advisor asked may answer, and only once."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().select_related("request").get(pk=assignment.pk)
        if locked.advisor_id != advisor.pk:
            raise Refused(_("Diese Anfrage ist nicht an Sie gerichtet."))
        if locked.status != AssignmentStatus.PROPOSED:
            raise Refused(_("Diese Anfrage ist schon beantwortet oder zurückgenommen."))
        if locked.request.is_closed:
            raise Refused(_("Diese Anfrage ist abgeschlossen."))
        locked.status = AssignmentStatus.ACCEPTED if accept else AssignmentStatus.DECLINED
        locked.answered_at = now
        locked.note = note
        locked.save(update_fields=["status", "answered_at", "note"])
        record(
            actor=advisor.user,
            action=f"consultations.assignment.{'accepted' if accept else 'declined'}",
            obj=locked,
            data={"request": locked.request_id},
        )
    return locked


def withdraw_assignment(*, assignment, by, now=None) -> Assignment:
    """Staff take back an open assignment (the advisor fell ill, the tandem changes)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status not in (AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED):
            raise Refused(_("Dieser Einsatz ist nicht mehr offen."))
        locked.status = AssignmentStatus.WITHDRAWN
        locked.answered_at = locked.answered_at or now
        locked.save(update_fields=["status", "answered_at"])
        record(actor=by, action="consultations.assignment.withdrawn", obj=locked, data={"request": locked.request_id})
    return locked
