"""The list filters that find their values by a loose index scan (raw SQL) work on the quick start's SQLite
as well as on PostgreSQL: found in the last new-user trial, where both admin lists answered 500 on SQLite."""

import pytest
from django.urls import reverse

from miglobe.core.admin_lists import distinct_values
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import queue_email
from miglobe.core.tests.factories import StaffFactory
from pool.admin.filters import language_names_visible_to
from pool.tests.factories import ApplicationFactory, LanguageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_distinct_values_lists_each_value_once_in_order():
    for template in ("core/test_message", "core/password_reset", "core/test_message"):
        OutboxMessage.objects.create(
            message_id=f"<{template}-{OutboxMessage.objects.count()}@test>",
            recipient="a@example.org",
            from_email="b@example.org",
            template=template,
            language="de",
            subject="s",
            body_text="t",
            body_html="h",
        )
    assert distinct_values(OutboxMessage, "template") == ["core/password_reset", "core/test_message"]


def test_the_language_filter_lists_the_visible_names_once():
    staff = StaffFactory()
    for name in ("Türkisch", "Arabisch", "Türkisch"):
        LanguageFactory(application=ApplicationFactory(), name=name)
    LanguageFactory(application=ApplicationFactory(draft=True), name="Tigrinya")  # drafts are not seen
    assert language_names_visible_to(staff) == ["Arabisch", "Türkisch"]


def test_the_application_and_outbox_lists_open_with_their_filters(client):
    staff = StaffFactory()
    LanguageFactory(application=ApplicationFactory(), name="Arabisch")
    queue_email(to="a@example.org", template="core/test_message", context={"user": staff}, language="de")
    client.force_login(staff)
    applications = client.get(reverse("admin:pool_application_changelist"))
    assert applications.status_code == 200
    assert "Arabisch" in applications.content.decode()
    outbox = client.get(reverse("admin:core_outboxmessage_changelist"))
    assert outbox.status_code == 200
    html = outbox.content.decode()
    assert '?template=core%2Ftest_message">Testnachricht</a>' in html  # the filter's choice, shown as its kind
