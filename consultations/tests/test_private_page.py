import pytest
from django.urls import reverse

from consultations.choices import AssignmentStatus, Stage
from consultations.links import request_path, request_token
from consultations.models import Appointment

from .factories import AssignmentFactory, RequestFactory

pytestmark = pytest.mark.django_db


def test_link_of_a_never_opens_b(client):
    a = RequestFactory(municipality__name="Eberbach, Stadt")
    b = RequestFactory(municipality__name="Weinheim, Große Kreisstadt")
    page = client.get(request_path(a)).content.decode()
    assert "Eberbach, Stadt" in page and "Weinheim" not in page
    # B's public id with A's signature, and A's token altered, are both refused.
    forged = f"{b.public_id}:{request_token(a).split(':', 1)[1]}"
    assert client.get(reverse("consultations:request_detail", args=[forged])).status_code == 404
    assert client.get(reverse("consultations:request_detail", args=[request_token(a) + "x"])).status_code == 404
    assert client.get(reverse("consultations:request_detail", args=[str(a.public_id)])).status_code == 404


def test_the_page_shows_stage_accepted_advisors_with_consented_fields_and_dates(client):
    consultation = RequestFactory(stage=Stage.DIALOGFORUM_AGREED)
    shown = AssignmentFactory(
        request=consultation,
        status=AssignmentStatus.ACCEPTED,
        advisor__public_listing=True,
        advisor__public_bio=True,
        advisor__bio="Berät seit 2018 Kommunen.",
        advisor__email="sichtbar@example.org",
        advisor__public_email=False,
        advisor__phone="0711 1",
    )
    hidden = AssignmentFactory(request=consultation, status=AssignmentStatus.PROPOSED)
    declined = AssignmentFactory(request=consultation, status=AssignmentStatus.DECLINED)
    Appointment.objects.create(
        request=consultation, starts_at="2027-03-05T16:00:00+00:00", place="Rathaus, Großer Saal"
    )
    page = client.get(request_path(consultation)).content.decode()
    assert "Dialogforum vereinbart" in page
    assert shown.advisor.full_name in page and "Berät seit 2018 Kommunen." in page
    assert "sichtbar@example.org" not in page and "0711 1" not in page  # no consent for these
    assert hidden.advisor.full_name not in page and declined.advisor.full_name not in page
    assert "5. März 2027 um 17:00 Uhr" in page and "Rathaus, Großer Saal" in page  # Europe/Berlin


def test_the_municipality_withdraws_its_request(client):
    consultation = RequestFactory(stage=Stage.IN_REVIEW)
    client.post(reverse("consultations:request_withdraw", args=[request_token(consultation)]))
    consultation.refresh_from_db()
    assert consultation.stage == Stage.WITHDRAWN
    assert consultation.stage_changes.get().changed_by is None


def test_a_municipality_link_cannot_reach_the_portal(client):
    consultation = RequestFactory()
    assignment = AssignmentFactory(request=consultation)
    assert client.get(request_path(consultation)).status_code == 200
    for url in (reverse("portal:home"), reverse("consultations:assignment_detail", args=[assignment.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("consultations:staff_request", args=[consultation.pk])).status_code == 302
