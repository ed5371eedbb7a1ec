"""Erasing a former advisor also erases what the seminars hold about them."""

import pytest
from django.utils import timezone

from miglobe.core.models import OutboxMessage
from miglobe.core.reminders import send_due_reminders
from pool import advisor_erasure, roster_services
from seminars import services
from seminars.erasure import register_erasure_hooks
from seminars.models import Attendance, CalendarFeed, CatchUp, Invitation, Qualification
from seminars.reminders import RULES

from .factories import SeminarFactory, past_seminar

pytestmark = pytest.mark.django_db


def test_erasure_drops_notes_emails_feed_and_certificate_and_keeps_anonymous_counts(curriculum, staff, advisor):
    register_erasure_hooks()  # idempotent; another app's test may have cleared the registry
    for module in curriculum.modules.exclude(number=2):
        services.record_attendance(
            seminar=past_seminar(curriculum, module.number), advisor=advisor, state="attended", by=staff
        )
    services.record_catch_up(
        advisor=advisor,
        module=curriculum.modules.get(number=2),
        done_on=timezone.localdate(),
        note="Gespräch mit Frau Qorlumbe",
        by=staff,
    )
    seminar = SeminarFactory(curriculum=curriculum)
    services.invite_advisors(seminar=seminar, by=staff, advisors=[advisor])
    send_due_reminders(rules=RULES)  # the invitation email, with name and address
    invitation = Invitation.objects.get(seminar=seminar)
    services.answer_invitation(invitation=invitation, accept=False, note="Zyxwana krank")
    services.calendar_feed_token(advisor)
    email = advisor.email
    assert Qualification.objects.filter(advisor=advisor).exists()
    assert OutboxMessage.objects.filter(recipient__contains=email).count() == 1

    roster_services.leave_pool(advisor=advisor, by=staff, reason="Umzug")
    advisor_erasure.erase_advisor(advisor=advisor, by=staff, on_request=True)

    assert not Qualification.objects.filter(advisor=advisor).exists()
    assert not CalendarFeed.objects.filter(advisor=advisor).exists()
    assert set(Invitation.objects.filter(advisor=advisor).values_list("note", flat=True)) == {""}
    assert CatchUp.objects.get(advisor=advisor).note == ""
    assert not OutboxMessage.objects.filter(recipient__contains=email).exists()
    assert Attendance.objects.filter(advisor=advisor).count() == 5  # kept, without a person behind them
