from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from miglobe.core.outbox import OutboxMessage
from miglobe.core.reminders import send_due_reminders
from pool.reminders import RULES

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
DRAFT_RULE = [rule for rule in RULES if rule.code == "pool.draft_deadline"]
DIGEST_RULE = [rule for rule in RULES if rule.code == "pool.staff_digest"]


def sent(template):
    return OutboxMessage.objects.filter(template=template)


class TestDraftDeadline:
    def test_a_draft_is_reminded_once_three_days_before_the_deadline(self):
        now = timezone.now()
        closing_soon = CallFactory(closes_at=now + timedelta(days=2, hours=5))
        draft = ApplicationFactory(call=closing_soon, draft=True, email="entwurf@example.org", language="en")
        ApplicationFactory(call=closing_soon)  # already submitted: nothing to remind
        ApplicationFactory(call=CallFactory(closes_at=now + timedelta(days=10)), draft=True)  # not yet

        send_due_reminders(now, rules=DRAFT_RULE)
        send_due_reminders(now + timedelta(minutes=5), rules=DRAFT_RULE)

        message = sent("pool/draft_deadline").get()
        assert message.recipient.endswith("<entwurf@example.org>")
        assert message.confidential  # it carries the link to the draft
        assert message.language == "en"
        assert OutboxMessage.objects.for_object(draft).filter(template="pool/draft_deadline").exists()

    def test_a_moved_deadline_is_a_new_occasion(self):
        now = timezone.now()
        call = CallFactory(closes_at=now + timedelta(days=2))
        ApplicationFactory(call=call, draft=True)
        send_due_reminders(now, rules=DRAFT_RULE)

        call.closes_at = now + timedelta(days=2, hours=12)
        call.save()
        send_due_reminders(now + timedelta(minutes=5), rules=DRAFT_RULE)

        statuses = sorted(sent("pool/draft_deadline").values_list("status", flat=True))
        assert statuses == ["cancelled", "queued"]  # the first was not sent yet, so it is replaced


def test_a_reserve_list_entry_is_asked_to_renew_a_month_before_the_consent_ends(call):
    now = timezone.now()
    rule = [r for r in RULES if r.code == "pool.reserve_consent_expiring"]
    soon = ApplicationFactory(call=call, status="reserve", reserve_until=now + timedelta(days=20))
    ApplicationFactory(call=call, status="reserve", reserve_until=now + timedelta(days=90))  # not yet

    send_due_reminders(now, rules=rule)
    send_due_reminders(now + timedelta(hours=1), rules=rule)

    message = sent("pool/reserve_consent_expiring").get()
    assert OutboxMessage.objects.for_object(soon).get() == message
    assert message.confidential


class TestStaffDigest:
    def test_the_programme_team_gets_one_digest_a_day_with_the_new_applications(self, call, staff):
        yesterday_afternoon = datetime(2027, 3, 9, 15, 0, tzinfo=BERLIN)
        new = ApplicationFactory(call=call, submitted_at=yesterday_afternoon)
        ApplicationFactory(call=call, submitted_at=yesterday_afternoon - timedelta(days=3))  # already reported

        with time_machine.travel(datetime(2027, 3, 10, 7, 30, tzinfo=BERLIN), tick=False):
            send_due_reminders(rules=DIGEST_RULE)
            assert not sent("pool/staff_digest").exists()  # before 08:00
        with time_machine.travel(datetime(2027, 3, 10, 8, 5, tzinfo=BERLIN), tick=False):
            send_due_reminders(rules=DIGEST_RULE)
            send_due_reminders(rules=DIGEST_RULE)

        digest = sent("pool/staff_digest").get()
        assert digest.recipient.endswith(f"<{staff.email}>")
        assert new.reference in digest.body_text
        assert digest.language == "de"

    def test_a_sweep_that_missed_the_morning_still_sends_it_before_the_next(self, call, staff):
        ApplicationFactory(call=call, submitted_at=datetime(2027, 3, 9, 15, 0, tzinfo=BERLIN))
        with time_machine.travel(datetime(2027, 3, 11, 6, 0, tzinfo=BERLIN), tick=False):  # workers were down
            send_due_reminders(rules=DIGEST_RULE)
        assert sent("pool/staff_digest").count() == 1

    def test_no_digest_without_new_applications(self, call, staff):
        with time_machine.travel(datetime(2027, 3, 10, 9, 0, tzinfo=BERLIN), tick=False):
            send_due_reminders(rules=DIGEST_RULE)
        assert not sent("pool/staff_digest").exists()
