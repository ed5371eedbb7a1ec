import pytest
from django.urls import reverse

from consultations import services
from consultations.choices import AssignmentStatus, Stage
from miglobe.core.models import AuditEntry
from miglobe.core.testing import deliver_outbox
from miglobe.core.tests.factories import PASSWORD, UserFactory
from pool.models import Advisor

from .factories import ActiveAdvisorFactory, ActivePortalAdvisorFactory, AssignmentFactory, RequestFactory

pytestmark = pytest.mark.django_db


def test_staff_propose_an_assignable_advisor_and_the_request_moves_on(staff):
    consultation = RequestFactory()
    advisor = ActiveAdvisorFactory()
    assignment = services.propose_assignment(consultation=consultation, advisor=advisor, by=staff)
    consultation.refresh_from_db()
    assert assignment.status == AssignmentStatus.PROPOSED
    assert consultation.stage == Stage.ADVISORS_PROPOSED
    assert [c.to_stage for c in consultation.stage_changes.all()] == [Stage.IN_REVIEW, Stage.ADVISORS_PROPOSED]
    proposed = AuditEntry.objects.for_object(assignment).get()
    assert (proposed.action, proposed.actor_id) == ("consultations.assignment.proposed", staff.pk)
    (mail,) = deliver_outbox()
    assert mail.to == [f"{advisor.full_name} <{advisor.email}>"]
    assert reverse("consultations:assignment_detail", args=[assignment.pk]) in mail.body


@pytest.mark.parametrize("status", [Advisor.Status.IN_QUALIFICATION, Advisor.Status.PAUSED, Advisor.Status.LEFT])
def test_only_assignable_advisors_can_be_proposed(staff, status):
    with pytest.raises(services.Refused, match="nicht qualifiziert oder pausiert"):
        services.propose_assignment(
            consultation=RequestFactory(), advisor=ActiveAdvisorFactory(status=status), by=staff
        )


def test_one_open_place_per_advisor_but_asking_again_after_a_decline(staff):
    assignment = AssignmentFactory()
    with pytest.raises(services.Refused, match="schon angefragt"):
        services.propose_assignment(consultation=assignment.request, advisor=assignment.advisor, by=staff)
    services.answer_assignment(assignment=assignment, advisor=assignment.advisor, accept=False, note="Urlaub")
    again = services.propose_assignment(consultation=assignment.request, advisor=assignment.advisor, by=staff)
    assert again.status == AssignmentStatus.PROPOSED


def test_only_the_advisor_asked_answers_and_only_once():
    assignment = AssignmentFactory()
    with pytest.raises(services.Refused):
        services.answer_assignment(assignment=assignment, advisor=ActiveAdvisorFactory(), accept=True)
    services.answer_assignment(assignment=assignment, advisor=assignment.advisor, accept=True, note="Gern!")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.note) == (AssignmentStatus.ACCEPTED, "Gern!")
    assert assignment.answered_at is not None
    (entry,) = AuditEntry.objects.for_object(assignment).filter(action="consultations.assignment.accepted")
    assert entry.data == {"request": assignment.request_id}
    assert assignment.advisor.last_name not in entry.object_label  # entries outlive an erasure
    with pytest.raises(services.Refused, match="schon beantwortet"):
        services.answer_assignment(assignment=assignment, advisor=assignment.advisor, accept=False)


def login(client, advisor):
    assert client.login(username=advisor.user.username, password=PASSWORD)


def test_the_advisor_asked_sees_the_full_request_and_answers_in_the_portal(client):
    advisor = ActivePortalAdvisorFactory()
    assignment = AssignmentFactory(advisor=advisor, request__goals="Diaspora-Vereine einbeziehen.")
    login(client, advisor)
    home = client.get(reverse("portal:home")).content.decode()
    assert assignment.request.municipality.name in home
    page = client.get(reverse("consultations:assignment_detail", args=[assignment.pk])).content.decode()
    assert "Diaspora-Vereine einbeziehen." in page
    client.post(
        reverse("consultations:assignment_answer", args=[assignment.pk]), {"answer": "accept", "note": "Im März"}
    )
    assignment.refresh_from_db()
    assert (assignment.status, assignment.note) == (AssignmentStatus.ACCEPTED, "Im März")


def test_advisor_b_cannot_see_a_s_assignment(client):
    assignment = AssignmentFactory(advisor=ActivePortalAdvisorFactory())
    other = ActivePortalAdvisorFactory()
    login(client, other)
    assert client.get(reverse("consultations:assignment_detail", args=[assignment.pk])).status_code == 404
    response = client.post(reverse("consultations:assignment_answer", args=[assignment.pk]), {"answer": "decline"})
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PROPOSED
    assert assignment.request.municipality.name not in client.get(reverse("portal:home")).content.decode()


def test_after_declining_the_advisor_sees_nothing_more(client):
    advisor = ActivePortalAdvisorFactory()
    assignment = AssignmentFactory(advisor=advisor)
    login(client, advisor)
    client.post(reverse("consultations:assignment_answer", args=[assignment.pk]), {"answer": "decline", "note": "x"})
    assert client.get(reverse("consultations:assignment_detail", args=[assignment.pk])).status_code == 404


def test_a_user_without_advisor_gets_403_in_the_portal(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    assignment = AssignmentFactory()
    assert client.get(reverse("consultations:assignment_detail", args=[assignment.pk])).status_code == 403
