"""Every app refuses with core's one `Refused`, so an app that runs another's hooks catches the refusal."""

import pytest
from django.urls import reverse

from consultations import services
from pool import advisor_erasure, roster_services
from pool.tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refusing_hook():
    # A consultations record that must be kept (an open fee claim, say) refuses the erasure.
    def hook(advisor, pseudonym):
        raise services.Refused("Es gibt noch eine offene Honorarforderung.")

    saved = list(advisor_erasure._hooks)
    advisor_erasure.register_erasure_hook(hook)
    yield
    advisor_erasure._hooks[:] = saved


def test_a_refusing_consultations_hook_stops_the_erasure_with_its_message(client, staff, refusing_hook):
    gone = AdvisorFactory(last_name="Weggezogen")
    roster_services.leave_pool(advisor=gone, by=staff, reason="Umzug")
    client.force_login(staff)

    page = client.post(
        reverse("admin:pool_advisor_changelist"),
        {"action": "erase_former", "_selected_action": [gone.pk], "index": 0, "apply": "yes", "on_request": "on"},
        follow=True,
    )

    assert page.status_code == 200 and "offene Honorarforderung" in page.content.decode()
    gone.refresh_from_db()
    assert gone.erased_at is None and gone.last_name == "Weggezogen"
