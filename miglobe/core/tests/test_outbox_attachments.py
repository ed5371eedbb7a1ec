"""An email can carry files (an invitation's .ics); they are kept with the row and sent on every attempt."""

import pytest

from miglobe.core.outbox import queue_email, resend_message
from miglobe.core.testing import deliver_outbox

pytestmark = pytest.mark.django_db


def test_attachments_are_stored_sent_and_copied_on_resend(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        message = queue_email(
            to="ayse@example.org",
            template="core/test_message",
            context={"user": None, "requested_at": None},
            language="de",
            attachments=[("termin.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    (sent,) = deliver_outbox()
    assert sent.attachments == [("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]

    message.refresh_from_db()
    copy = resend_message(message=message)
    assert copy.attachments == message.attachments and copy.attachments[0]["filename"] == "termin.ics"
