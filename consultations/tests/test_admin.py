import pytest
from django.urls import reverse

from consultations.choices import AssignmentStatus, TieKind
from consultations.models import AdvisorTie, Appointment, Municipality
from miglobe.core.testing import assert_constant_queries

from .factories import ActiveAdvisorFactory, AssignmentFactory, MunicipalityFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def constant(client, url, grow):
    def load():
        assert client.get(url).status_code == 200

    return assert_constant_queries(load, grow)


def test_request_changelist(staff_client):
    def grow(n):
        for _ in range(n):
            consultation = AssignmentFactory(status=AssignmentStatus.ACCEPTED).request
            Appointment.objects.create(request=consultation, starts_at="2027-03-05T16:00:00+00:00")

    assert constant(staff_client, reverse("admin:consultations_consultationrequest_changelist"), grow) == 7


def test_tie_changelist(staff_client):
    def grow(n):
        for _ in range(n):
            AdvisorTie.objects.create(
                advisor=ActiveAdvisorFactory(), municipality=MunicipalityFactory(), kind=TieKind.LIVES_IN
            )

    assert constant(staff_client, reverse("admin:consultations_advisortie_changelist"), grow) == 7


def test_directory_changelist_is_read_only(staff_client, directory):
    assert (
        constant(
            staff_client,
            reverse("admin:consultations_municipality_changelist"),
            lambda n: [MunicipalityFactory() for _ in range(n)],
        )
        == 8
    )
    heidelberg = Municipality.objects.get(key="08221000")
    page = staff_client.get(reverse("admin:consultations_municipality_change", args=[heidelberg.pk]))
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    assert staff_client.get(reverse("admin:consultations_municipality_add")).status_code == 403


def test_request_change_page_shows_stage_read_only(staff_client):
    consultation = RequestFactory()
    page = staff_client.get(reverse("admin:consultations_consultationrequest_change", args=[consultation.pk]))
    assert page.status_code == 200
    assert 'name="stage"' not in page.content.decode()


def test_advisors_and_the_selection_panel_cannot_open_it(client):
    from miglobe.core.tests.factories import PanelMemberFactory

    client.force_login(PanelMemberFactory())
    assert client.get(reverse("admin:consultations_consultationrequest_changelist")).status_code == 403
