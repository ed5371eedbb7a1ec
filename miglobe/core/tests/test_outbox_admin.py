"""Staff see what was sent to whom, can send a message again and can send themselves a test email."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from miglobe.core.models import AuditEntry, OutboxMessage, Reminder
from miglobe.core.outbox import erase_emails_about, format_address, queue_email
from miglobe.core.reminders import send_due_reminders
from miglobe.core.testing import assert_constant_queries, deliver_outbox
from miglobe.core.tests.testapp.models import Appointment
from miglobe.core.tests.testapp.reminders import morning_rule

from .factories import PanelMemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
CHANGELIST = "admin:core_outboxmessage_changelist"


@pytest.fixture
def staff(client):
    user = StaffFactory(username="team", first_name="Jürgen", last_name="Weiß", email="team@miglobe.example")
    client.force_login(user)
    return user


def queue(address="ayse@example.org", name="Ayşe Öztürk", **kwargs):
    user = UserFactory(email=address)
    return queue_email(
        to=format_address(name, address),
        template="core/test_message",
        context={"user": user, "requested_at": user.date_joined},
        language="de",
        **kwargs,
    )


def test_the_outbox_list_filters_by_status_and_template_and_searches_by_recipient(client, staff):
    sent, failed = queue("ayse@example.org"), queue("jan@example.org", name="Jan Nowak")
    OutboxMessage.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=sent.created_at)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED, last_error="550 unknown")
    url = reverse(CHANGELIST)

    everything = client.get(url).content.decode()
    only_failed = client.get(url, {"status__exact": "failed"}).content.decode()
    by_template = client.get(url, {"template": "core/test_message"}).content.decode()
    found = client.get(url, {"q": "jan@"}).content.decode()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = client.get(url, {"created_at__gte": str(midnight)}).content.decode()

    assert "Ayşe Öztürk &lt;ayse@example.org&gt;" in everything
    assert "Jan Nowak" in only_failed and "ayse@" not in only_failed
    assert "Jan Nowak" in by_template and "ayse@" in by_template
    assert "Jan Nowak" in found and "ayse@" not in found
    assert "Jan Nowak" in today and "ayse@" in today
    assert "Testnachricht an mich senden" in everything


def test_the_outbox_list_runs_the_same_queries_at_ten_times_the_data(client, staff):
    url = reverse(CHANGELIST)

    def grow(n):
        for i in range(n):
            queue(f"person{OutboxMessage.objects.count()}-{i}@example.org")

    queries = assert_constant_queries(lambda: client.get(url), grow)
    assert queries == 7  # one bounded count (show_full_result_count = False)


def test_the_rendered_message_is_visible_read_only_and_its_html_is_served_in_a_locked_frame(client, staff):
    message = queue()
    page = client.get(reverse("admin:core_outboxmessage_change", args=[message.pk])).content.decode()

    assert "Guten Tag" in page
    assert "diese Testnachricht wurde in der Verwaltung angefordert" in page
    html_url = reverse("admin:core_outboxmessage_html", args=[message.pk])
    assert f'<iframe class="outbox-html" sandbox src="{html_url}"' in page
    assert 'name="_save"' not in page, "nobody edits what went out"

    frame = client.get(html_url)
    assert frame.status_code == 200
    assert frame.content.decode() == message.body_html
    policy = frame["Content-Security-Policy"]
    assert "script-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


def test_a_confidential_message_shows_no_content_to_staff(client, staff):
    message = queue(confidential=True)
    page = client.get(reverse("admin:core_outboxmessage_change", args=[message.pk])).content.decode()

    assert "Vertraulicher Inhalt" in page
    assert "diese Testnachricht" not in page
    assert client.get(reverse("admin:core_outboxmessage_html", args=[message.pk])).status_code == 404


def test_send_again_queues_a_copy_with_a_new_message_id_and_skips_what_is_still_on_its_way(client, staff):
    failed, waiting = queue(), queue("jan@example.org")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=1, last_error="550")

    response = client.post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": [failed.pk, waiting.pk]}, follow=True
    )

    html = response.content.decode()
    assert "1 E-Mail wird erneut gesendet." in html
    assert "1 E-Mail wurde nicht erneut gesendet" in html
    copy = OutboxMessage.objects.get(resent_from=failed)
    assert (copy.status, copy.attempts, copy.recipient, copy.body_text) == (
        Status.QUEUED,
        0,
        failed.recipient,
        failed.body_text,
    )
    assert copy.message_id != failed.message_id
    failed.refresh_from_db()
    assert failed.status == Status.FAILED, "the original keeps its history"
    assert [m.to for m in deliver_outbox()] == [[waiting.recipient], [failed.recipient]]
    entry = AuditEntry.objects.for_object(copy).get()
    assert (entry.action, entry.actor_id, entry.data) == (
        "core.outboxmessage.resent",
        staff.pk,
        {"resent_from": failed.pk},
    )


def test_send_again_of_a_confidential_message_queues_a_copy_that_stays_confidential(client, staff):
    original = queue(confidential=True)
    OutboxMessage.objects.filter(pk=original.pk).update(status=Status.SENT, sent_at=original.created_at)

    response = client.post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": [original.pk]}, follow=True
    )

    assert "1 E-Mail wird erneut gesendet." in response.content.decode()
    copy = OutboxMessage.objects.get(resent_from=original)
    assert copy.confidential
    assert copy.recipient == original.recipient, "the content only ever goes where it went before"
    page = client.get(reverse("admin:core_outboxmessage_change", args=[copy.pk])).content.decode()
    assert "Vertraulicher Inhalt" in page
    assert "diese Testnachricht" not in page
    assert client.get(reverse("admin:core_outboxmessage_html", args=[copy.pk])).status_code == 404
    assert [(m.to, m.body) for m in deliver_outbox()] == [([original.recipient], original.body_text)]


def test_the_admin_log_of_send_again_and_of_the_test_email_holds_ids_not_addresses_or_subjects(client, staff):
    failed = queue()
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED, last_error="550")

    client.post(reverse(CHANGELIST), {"action": "send_again", "_selected_action": [failed.pk]})
    client.post(reverse("admin:core_outboxmessage_send_test"))

    copy = OutboxMessage.objects.get(resent_from=failed)
    test_message = OutboxMessage.objects.get(recipient__contains="team@")
    entries = {e.object_id: e for e in LogEntry.objects.all()}
    assert set(entries) == {str(copy.pk), str(test_message.pk)}
    assert entries[str(copy.pk)].object_repr == f"#{copy.pk} {copy.message_id}"
    assert entries[str(copy.pk)].change_message == f"core.outboxmessage.resent from #{failed.pk}"
    assert entries[str(test_message.pk)].object_repr == f"#{test_message.pk} {test_message.message_id}"
    for entry in entries.values():
        logged = entry.object_repr + entry.change_message
        for personal in ("ayse", "Öztürk", "team@", "Weiß", copy.subject):
            assert personal not in logged


def test_erasure_also_removes_the_admin_log_about_the_erased_emails(client, staff):
    about, other = UserFactory(email="ayse@example.org"), UserFactory(email="jan@example.org")
    mine = queue_email(to=about.email, template="core/test_message", context={}, language="de", related_object=about)
    theirs = queue_email(to=other.email, template="core/test_message", context={}, language="de", related_object=other)
    OutboxMessage.objects.update(status=Status.FAILED)
    client.post(reverse(CHANGELIST), {"action": "send_again", "_selected_action": [mine.pk, theirs.pk]})
    their_copy = OutboxMessage.objects.get(resent_from=theirs)
    assert LogEntry.objects.count() == 2

    assert erase_emails_about(obj=about) == 2  # the original and its copy

    assert list(LogEntry.objects.values_list("object_id", flat=True)) == [str(their_copy.pk)]


def test_staff_send_themselves_a_test_email_through_the_outbox(client, staff):
    url = reverse("admin:core_outboxmessage_send_test")
    assert "team@miglobe.example" in client.get(url).content.decode()

    response = client.post(url, follow=True)

    assert "Die Testnachricht an Jürgen Weiß &lt;team@miglobe.example&gt; steht im Postausgang." in (
        response.content.decode()
    )
    message = OutboxMessage.objects.get()
    assert (message.template, message.related_object, message.auto_submitted) == ("core/test_message", staff, False)
    sent = deliver_outbox()
    assert [m.to for m in sent] == [["Jürgen Weiß <team@miglobe.example>"]]
    assert "Auto-Submitted" not in sent[0].extra_headers


def test_without_an_email_address_staff_are_told_so_and_nothing_is_queued(client, staff):
    staff.email = ""
    staff.save(update_fields=["email"])
    response = client.post(reverse("admin:core_outboxmessage_send_test"), follow=True)
    assert "Ihr Konto hat keine E-Mail-Adresse" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_the_selection_panel_sees_no_outbox_and_cannot_send(client):
    client.force_login(PanelMemberFactory())
    message = queue()
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:core_outboxmessage_html", args=[message.pk])).status_code == 403
    assert client.post(reverse("admin:core_outboxmessage_send_test")).status_code == 403
    assert OutboxMessage.objects.count() == 1


def test_the_reminder_ledger_shows_rule_recipient_occasion_and_status_with_constant_queries(client, staff):
    rule = morning_rule()
    url = reverse("admin:core_reminder_changelist")

    def grow(n):
        for _ in range(n):
            Appointment.objects.create(
                title="Seminar",
                day=date(2027, 1, 15),
                starts_at=datetime(2027, 1, 15, 17, 0, tzinfo=UTC),
                attendee_email=f"p{Appointment.objects.count()}@example.org",
            )
        send_due_reminders(datetime(2027, 1, 15, 8, 0, tzinfo=UTC), rules=[rule])

    queries = assert_constant_queries(lambda: client.get(url), grow)
    assert queries == 7  # one bounded count (show_full_result_count = False)
    html = client.get(url, {"q": "p0@"}).content.decode()
    assert "core_testapp.appointment_morning" in html
    assert "15.01.2027 18:00" in html  # the occasion in Berlin time (it showed the ISO key in UTC)
    assert "2027-01-15T17:00:00+00:00" not in html
    assert "wartet auf Versand" in html
    assert Reminder.objects.count() == 10


@pytest.mark.parametrize(
    "occasion, shown",
    [("2027-01-15", "15.01.2027"), ("2027-01-15T23:30:00+00:00", "16.01.2027 00:30"), ("2026-11", "2026-11")],
)
def test_the_reminder_occasion_is_shown_as_a_berlin_date_or_as_it_is(occasion, shown):
    from django.contrib import admin as django_admin

    from miglobe.core.admin import ReminderAdmin

    assert ReminderAdmin(Reminder, django_admin.site).occasion_shown(Reminder(occasion=occasion)) == shown


def test_the_outbox_shows_the_kind_of_each_email_and_no_next_attempt_once_it_is_finished(client, staff):
    """Found in the new-user trial: the list showed template codes ("core/test_message"), and a sent message's
    page a "next attempt" that never comes."""
    sent, waiting = queue(), queue("jan@example.org", name="Jan Nowak")
    OutboxMessage.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=sent.created_at)

    listed = client.get(reverse(CHANGELIST)).content.decode()
    sent_page = client.get(reverse("admin:core_outboxmessage_change", args=[sent.pk])).content.decode()
    waiting_page = client.get(reverse("admin:core_outboxmessage_change", args=[waiting.pk])).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse(CHANGELIST)).content.decode()

    assert "core/test_message" not in listed.replace('?template=core%2Ftest_message"', "")
    assert listed.count("Testnachricht<") >= 3  # two rows and the filter's choice
    assert ">Test message<" in english
    assert "Testnachricht" in sent_page and "core/test_message" not in sent_page
    assert "ächster Versuch" not in sent_page
    assert "ächster Versuch" in waiting_page
