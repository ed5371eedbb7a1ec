import pytest

from consultations import services
from consultations.choices import AssignmentStatus, Stage
from consultations.models import ConsultationRequest, StageChange
from miglobe.core.models import AuditEntry
from miglobe.core.testing import deliver_outbox

from .factories import AssignmentFactory, RequestFactory

pytestmark = pytest.mark.django_db

ALLOWED = [(src, dst) for src, targets in ConsultationRequest.TRANSITIONS.items() for dst in sorted(targets)]
REFUSED = [(src, dst) for src in Stage for dst in Stage if (src, dst) not in ALLOWED]


@pytest.mark.parametrize("source, target", ALLOWED)
def test_each_allowed_move_is_recorded(source, target, staff):
    consultation = RequestFactory(stage=source)
    AssignmentFactory(request=consultation, status=AssignmentStatus.ACCEPTED)
    services.move_request(consultation=consultation, to_stage=target, by=staff, reason="Telefonat mit der Kommune")
    consultation.refresh_from_db()
    assert consultation.stage == target
    change = StageChange.objects.get(request=consultation)
    assert (change.from_stage, change.to_stage, change.changed_by, change.reason) == (
        source,
        target,
        staff,
        "Telefonat mit der Kommune",
    )
    entry = AuditEntry.objects.for_object(consultation).get()
    assert entry.action == f"consultations.consultationrequest.{services.STAGE_VERBS[target]}"
    assert entry.actor_id == staff.pk
    assert entry.data == {"from": source, "to": target, "reason": "Telefonat mit der Kommune"}
    mails = deliver_outbox()
    assert len(mails) == (1 if target in services.STAGES_EMAILED else 0)
    if mails:
        assert mails[0].to == [f"{consultation.contact_name} <{consultation.email}>"]


@pytest.mark.parametrize("source, target", REFUSED)
def test_each_other_move_is_refused(source, target, staff):
    consultation = RequestFactory(stage=source)
    AssignmentFactory(request=consultation, status=AssignmentStatus.ACCEPTED)
    with pytest.raises(services.Refused):
        services.move_request(consultation=consultation, to_stage=target, by=staff)
    consultation.refresh_from_db()
    assert consultation.stage == source
    assert not StageChange.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="consultations.").exists()


def test_advisors_proposed_needs_a_proposal_and_dialogforum_an_acceptance(staff):
    consultation = RequestFactory(stage=Stage.IN_REVIEW)
    with pytest.raises(services.Refused, match="mindestens eine Berater"):
        services.move_request(consultation=consultation, to_stage=Stage.ADVISORS_PROPOSED, by=staff)
    AssignmentFactory(request=consultation, status=AssignmentStatus.PROPOSED)
    services.move_request(consultation=consultation, to_stage=Stage.ADVISORS_PROPOSED, by=staff)
    with pytest.raises(services.Refused, match="zugesagt"):
        services.move_request(consultation=consultation, to_stage=Stage.DIALOGFORUM_AGREED, by=staff)


def test_the_agreed_email_names_the_accepted_advisors(staff):
    consultation = RequestFactory(stage=Stage.ADVISORS_PROPOSED, language="en")
    accepted = AssignmentFactory(request=consultation, status=AssignmentStatus.ACCEPTED)
    AssignmentFactory(request=consultation, status=AssignmentStatus.DECLINED, advisor__first_name="Abgesagt")
    services.move_request(consultation=consultation, to_stage=Stage.DIALOGFORUM_AGREED, by=staff)
    (mail,) = deliver_outbox()
    assert accepted.advisor.full_name in mail.body and "Abgesagt" not in mail.body
    assert "Your advisors" in mail.body  # in the municipality's language


def test_closing_a_request_withdraws_open_proposals(staff):
    consultation = RequestFactory(stage=Stage.ADVISORS_PROPOSED)
    open_one = AssignmentFactory(request=consultation, status=AssignmentStatus.PROPOSED)
    services.move_request(consultation=consultation, to_stage=Stage.NOT_PURSUED, by=staff, reason="kein Bedarf")
    open_one.refresh_from_db()
    assert open_one.status == AssignmentStatus.WITHDRAWN
