"""English emails start a new sentence after "Dear …,": German goes on in lower case after "Liebe …,", English
does not (found in the new-user trial: "Dear Kim Test,\n\nthank you for the request …")."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

from miglobe.core.outbox import format_address, queue_email
from miglobe.core.tests.factories import UserFactory


def email_messages():
    with open(Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po", "rb") as po:
        catalog = read_po(po)
    for message in catalog:
        if isinstance(message.id, str) and any(path.startswith("templates/emails/") for path, _ in message.locations):
            yield message


def test_every_email_sentence_that_follows_the_salutation_starts_with_a_capital_in_english():
    lower = [m.string[:40] for m in email_messages() if m.id[:1].islower() and m.string and m.string[:1].islower()]
    assert lower == []


def test_the_english_test_message_starts_its_first_sentence_with_a_capital(db):
    user = UserFactory(first_name="Amina", last_name="Diallo")
    message = queue_email(
        to=format_address(user.get_full_name(), user.email),
        template="core/test_message",
        context={"user": user, "requested_at": user.date_joined},
        language="en",
    )
    assert message.body_text.startswith("Dear Amina Diallo,\n\nThis test message")
