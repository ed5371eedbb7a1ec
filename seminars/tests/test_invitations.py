"""Inviting, answering, the waiting list and the capacity."""

from datetime import timedelta

import pytest

from miglobe.core.testing import deliver_outbox
from seminars import services
from seminars.models import Invitation
from seminars.states import InvitationStatus

from .factories import CurriculumFactory, SeminarFactory, cohort_advisor, past_seminar

pytestmark = pytest.mark.django_db


def test_inviting_the_cohort_skips_those_already_invited_and_other_cohorts(curriculum, staff):
    members = [cohort_advisor(curriculum) for _ in range(3)]
    cohort_advisor(CurriculumFactory())
    seminar = SeminarFactory(curriculum=curriculum)

    first = services.invite_advisors(seminar=seminar, advisors=members[:1], by=staff)
    rest = services.invite_advisors(seminar=seminar, by=staff)

    assert len(first) == 1 and len(rest) == 2
    assert set(seminar.invitations.values_list("advisor_id", flat=True)) == {a.pk for a in members}


def test_inviting_someone_of_another_cohort_or_to_a_past_seminar_is_refused(curriculum, staff):
    stranger = cohort_advisor(CurriculumFactory())
    with pytest.raises(services.Refused):
        services.invite_advisors(seminar=SeminarFactory(curriculum=curriculum), advisors=[stranger], by=staff)
    with pytest.raises(services.Refused):
        services.invite_advisors(seminar=past_seminar(curriculum, 1), by=staff)


def test_yes_beyond_capacity_goes_on_the_waiting_list_and_moves_up_when_someone_declines(curriculum, staff):
    seminar = SeminarFactory(curriculum=curriculum, capacity=1)
    first, second, third = (cohort_advisor(curriculum) for _ in range(3))
    services.invite_advisors(seminar=seminar, by=staff)
    invitation = {a.pk: Invitation.objects.get(seminar=seminar, advisor=a) for a in (first, second, third)}

    assert services.answer_invitation(invitation=invitation[first.pk], accept=True).status == "accepted"
    assert services.answer_invitation(invitation=invitation[second.pk], accept=True).status == "waitlisted"
    assert services.answer_invitation(invitation=invitation[third.pk], accept=True).status == "waitlisted"
    deliver_outbox()

    services.answer_invitation(invitation=invitation[first.pk], accept=False, note="Krank")

    statuses = dict(seminar.invitations.values_list("advisor_id", "status"))
    assert statuses == {first.pk: "declined", second.pk: "accepted", third.pk: "waitlisted"}
    told = [m for m in deliver_outbox() if second.email in m.to[0]]
    assert len(told) == 1 and "Sie haben einen Platz" in told[0].subject
    assert Invitation.objects.get(pk=invitation[first.pk].pk).note == "Krank"


def test_a_waitlisted_no_frees_nothing_and_saying_yes_twice_keeps_the_place(curriculum, staff):
    seminar = SeminarFactory(curriculum=curriculum, capacity=1)
    first, second = cohort_advisor(curriculum), cohort_advisor(curriculum)
    services.invite_advisors(seminar=seminar, by=staff)
    one, two = (Invitation.objects.get(seminar=seminar, advisor=a) for a in (first, second))
    services.answer_invitation(invitation=one, accept=True)
    services.answer_invitation(invitation=two, accept=True)

    services.answer_invitation(invitation=one, accept=True, note="Ich bringe Kuchen mit")
    services.answer_invitation(invitation=two, accept=False)

    assert Invitation.objects.get(pk=one.pk).status == InvitationStatus.ACCEPTED
    assert Invitation.objects.get(pk=two.pk).status == InvitationStatus.DECLINED


def test_more_places_move_the_waiting_list_up(curriculum, staff):
    seminar = SeminarFactory(curriculum=curriculum, capacity=1)
    advisors = [cohort_advisor(curriculum) for _ in range(2)]
    services.invite_advisors(seminar=seminar, by=staff)
    for advisor in advisors:
        services.answer_invitation(invitation=Invitation.objects.get(seminar=seminar, advisor=advisor), accept=True)

    seminar.capacity = 2
    services.update_seminar(seminar=seminar, by=staff, fields=["capacity"])

    assert seminar.invitations.accepted().count() == 2


def test_answers_after_the_start_are_refused(curriculum, staff):
    seminar = SeminarFactory(curriculum=curriculum)
    advisor = cohort_advisor(curriculum)
    services.invite_advisors(seminar=seminar, by=staff)
    now = seminar.starts_at + timedelta(hours=1)

    with pytest.raises(services.Refused):
        services.answer_invitation(invitation=Invitation.objects.get(advisor=advisor), accept=True, now=now)
