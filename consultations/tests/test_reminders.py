from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.choices import AssignmentStatus, Stage
from consultations.reminders import RULES
from miglobe.core.outbox import OutboxMessage
from miglobe.core.reminders import send_due_reminders

from .factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def sent(template):
    return OutboxMessage.objects.filter(template=template)


def sweep_twice(now):
    send_due_reminders(now, rules=RULES)
    send_due_reminders(now + timedelta(minutes=5), rules=RULES)


def test_an_unanswered_assignment_reminds_the_advisor_after_three_days_once(staff):
    now = timezone.now()
    waiting = AssignmentFactory(proposed_at=now - timedelta(days=3, minutes=1), advisor__language="en")
    AssignmentFactory(proposed_at=now - timedelta(days=2))  # not yet
    AssignmentFactory(proposed_at=now - timedelta(days=4), status=AssignmentStatus.ACCEPTED)  # answered
    sweep_twice(now)
    message = sent("consultations/assignment_reminder").get()
    assert message.recipient.endswith(f"<{waiting.advisor.email}>")
    assert message.language == "en"
    assert not sent("consultations/assignment_unanswered").exists()


def test_after_seven_days_staff_are_alerted_once(staff):
    now = timezone.now()
    waiting = AssignmentFactory(proposed_at=now - timedelta(days=7, minutes=1))
    sweep_twice(now)
    assert sent("consultations/assignment_reminder").count() == 1  # the advisor's, caught up once
    alert = sent("consultations/assignment_unanswered").get()
    assert alert.recipient.endswith(f"<{staff.email}>")
    assert waiting.request.number in alert.subject


def test_an_answer_or_a_closed_request_stops_the_reminders(staff):
    now = timezone.now()
    answered = AssignmentFactory(proposed_at=now - timedelta(days=8))
    services.answer_assignment(assignment=answered, advisor=answered.advisor, accept=True)
    closed = AssignmentFactory(proposed_at=now - timedelta(days=8), request__stage=Stage.WITHDRAWN)
    sweep_twice(now)
    assert (
        not OutboxMessage.objects.filter(template__startswith="consultations/")
        .exclude(template="consultations/assignment_offered")
        .exists()
    )
    assert closed.status == AssignmentStatus.PROPOSED


def test_a_request_untouched_for_three_working_days_alerts_staff_once(staff):
    import datetime
    from zoneinfo import ZoneInfo

    from consultations.reminders import working_days_before

    from .factories import RequestFactory

    berlin = ZoneInfo("Europe/Berlin")
    monday = datetime.datetime(2027, 3, 8, 9, 0, tzinfo=berlin)
    # Three working days before a Monday morning is the Wednesday before, same time.
    assert working_days_before(monday, 3) == datetime.datetime(2027, 3, 3, 9, 0, tzinfo=berlin)
    waiting = RequestFactory(created_at=datetime.datetime(2027, 3, 3, 8, 0, tzinfo=berlin))
    RequestFactory(created_at=datetime.datetime(2027, 3, 4, 8, 0, tzinfo=berlin))  # Thursday: not yet
    RequestFactory(created_at=datetime.datetime(2027, 3, 1, 8, 0, tzinfo=berlin), stage=Stage.IN_REVIEW)  # handled
    sweep_twice(monday)
    alert = sent("consultations/request_unhandled").get()
    assert waiting.number in alert.subject and alert.recipient.endswith(f"<{staff.email}>")
