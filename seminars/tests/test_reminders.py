"""Seminar reminders through the engine: each sent once, and a changed date re-plans them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from miglobe.core.models import OutboxMessage
from miglobe.core.reminders import send_due_reminders
from miglobe.core.testing import deliver_outbox
from seminars import services
from seminars.models import Attendance, Invitation, Material
from seminars.reminders import RULES

from .factories import SeminarFactory, cohort_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(curriculum, staff):
    start = timezone.now() + timedelta(days=30)
    seminar = SeminarFactory(curriculum=curriculum, starts_at=start, ends_at=start + timedelta(hours=26))
    yes, silent = cohort_advisor(curriculum), cohort_advisor(curriculum)
    services.invite_advisors(seminar=seminar, by=staff)
    services.answer_invitation(invitation=Invitation.objects.get(advisor=yes), accept=True)
    return seminar, yes, silent


def sweep(now):
    send_due_reminders(now, rules=RULES)
    return deliver_outbox()


def subjects_for(messages, advisor):
    return sorted(m.subject.split(":")[0] for m in messages if advisor.email in m.to[0])


def test_the_invitation_goes_out_once_with_an_ics_file(setup):
    seminar, _yes, _silent = setup
    now = timezone.now()

    first, second = sweep(now), sweep(now)

    assert len(first) == 2 and second == []
    (name, content, mimetype) = first[0].attachments[0]
    assert name == "seminar.ics" and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and f"seminar-{seminar.public_id}" in text and "Europe/Berlin" in text


def test_each_reminder_on_its_day_once_across_repeated_sweeps(setup):
    seminar, yes, silent = setup
    start = seminar.starts_at
    sweep(timezone.now())

    at_14 = sweep(start - timedelta(days=13)) + sweep(start - timedelta(days=13))
    assert subjects_for(at_14, silent) == ["Bitte antworten Sie"] and subjects_for(at_14, yes) == []

    at_7 = sweep(start - timedelta(days=6)) + sweep(start - timedelta(days=6, hours=-1))
    assert subjects_for(at_7, yes) == ["In einer Woche"] and subjects_for(at_7, silent) == []

    at_1 = sweep(start - timedelta(hours=20)) + sweep(start - timedelta(hours=19))
    assert subjects_for(at_1, yes) == ["Morgen"]

    Material.objects.create(
        seminar=seminar, title="Folien Tag 1", file="seminars/materials/x.pdf", original_name="x.pdf"
    )
    after = sweep(seminar.ends_at + timedelta(hours=2)) + sweep(seminar.ends_at + timedelta(days=1))
    assert subjects_for(after, yes) == ["Danke für Ihre Teilnahme"] and subjects_for(after, silent) == []
    assert "Folien Tag 1" in after[0].body


def test_no_thanks_to_someone_recorded_absent(setup, staff):
    seminar, yes, _silent = setup
    Attendance.objects.create(seminar=seminar, advisor=yes, state="absent", recorded_at=timezone.now())

    assert subjects_for(sweep(seminar.ends_at + timedelta(hours=2)), yes) == []


def test_a_changed_date_cancels_the_queued_reminder_and_plans_the_new_one(setup, staff):
    seminar, yes, _silent = setup
    sweep(timezone.now())
    old_start = seminar.starts_at
    send_due_reminders(old_start - timedelta(days=6), rules=RULES)  # queued, not yet sent
    queued = OutboxMessage.objects.filter(status="queued", subject__startswith="In einer Woche")
    assert queued.count() == 1
    week_reminder = queued.get()

    seminar.starts_at = old_start + timedelta(days=14)
    seminar.ends_at = seminar.starts_at + timedelta(hours=26)
    services.update_seminar(seminar=seminar, by=staff, fields=["starts_at", "ends_at"])
    now = old_start - timedelta(days=6)
    send_due_reminders(now, rules=RULES)

    assert OutboxMessage.objects.get(pk=week_reminder.pk).status == "cancelled"
    sent = deliver_outbox()
    # The new date is more than a week away: a fresh invitation with the new date, no week reminder.
    assert subjects_for(sent, yes) == ["Einladung"]
    assert sent[0].attachments

    later = sweep(seminar.starts_at - timedelta(days=6)) + sweep(seminar.starts_at - timedelta(days=5))
    assert subjects_for(later, yes) == ["In einer Woche"]
