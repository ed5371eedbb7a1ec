import pytest
from django.urls import reverse

from consultations.choices import AssignmentStatus, Stage
from consultations.links import REQUEST_LINK
from consultations.models import Appointment

from .factories import AssignmentFactory, RequestFactory

pytestmark = pytest.mark.django_db


def open_link(client, consultation):
    """Follow the emailed link: the key is exchanged for the session, the page has no key in its URL."""
    url = REQUEST_LINK.url(consultation)
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 302 and "k=" not in response["Location"]
    return client.get(response["Location"])


def landing(consultation):
    return reverse("consultations:request_detail", args=[consultation.public_id])


def test_link_of_a_never_opens_b(client):
    a = RequestFactory(municipality__name="Eberbach, Stadt")
    b = RequestFactory(municipality__name="Weinheim, Große Kreisstadt")
    page = open_link(client, a).content.decode()
    assert "Eberbach, Stadt" in page and "Weinheim" not in page
    # A's session does not open B, neither does a key of A altered to name B.
    assert client.get(landing(b)).status_code == 404
    token = REQUEST_LINK.url(a).split("k=")[1]
    forged = token.replace(str(a.public_id), str(b.public_id))
    response = client.get(reverse("core:private_link", args=["consultations.request"]), {"k": forged})
    assert response["Location"] == reverse("core:private_link_expired", args=["consultations.request"])
    assert client.get(landing(b)).status_code == 404
    # Without the link, nothing.
    client.logout()
    assert client.get(landing(a)).status_code == 404


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
    page = open_link(client, consultation).content.decode()
    assert "Dialogforum vereinbart" in page
    assert shown.advisor.full_name in page and "Berät seit 2018 Kommunen." in page
    assert "sichtbar@example.org" not in page and "0711 1" not in page  # no consent for these
    assert hidden.advisor.full_name not in page and declined.advisor.full_name not in page
    assert "5. März 2027 um 17:00 Uhr" in page and "Rathaus, Großer Saal" in page  # Europe/Berlin


def test_the_municipality_withdraws_its_request(client):
    consultation = RequestFactory(stage=Stage.IN_REVIEW)
    open_link(client, consultation)
    client.post(reverse("consultations:request_withdraw", args=[consultation.public_id]))
    consultation.refresh_from_db()
    assert consultation.stage == Stage.WITHDRAWN
    assert consultation.stage_changes.get().changed_by is None


def test_a_municipality_link_cannot_reach_the_portal(client):
    consultation = RequestFactory()
    assignment = AssignmentFactory(request=consultation)
    assert open_link(client, consultation).status_code == 200
    for url in (reverse("portal:home"), reverse("consultations:assignment_detail", args=[assignment.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("consultations:staff_request", args=[consultation.pk])).status_code == 302


def test_send_me_a_new_link_mails_the_requests_of_that_address(client):
    from miglobe.core.testing import deliver_outbox

    consultation = RequestFactory(email="buergermeisteramt@example.org")
    RequestFactory(email="andere@example.org")
    client.post(
        reverse("core:private_link_new", args=["consultations.request"]), {"email": "Buergermeisteramt@example.org"}
    )
    (mail,) = deliver_outbox()
    assert mail.to == [f"{consultation.contact_name} <buergermeisteramt@example.org>"]
    link = next(line for line in mail.body.splitlines() if "k=" in line)
    response = client.get(link.strip().removeprefix("http://testserver"))
    assert response["Location"] == landing(consultation)


def test_labels_of_the_request_start_with_a_capital_in_both_languages(client):
    """Found in the trial walk: "gewünschtes Format" / "desired format" stood lower-case among capitalised labels."""
    consultation = RequestFactory()
    page = open_link(client, consultation).content.decode()
    assert ">Gewünschtes Format</dt>" in page and ">Gewünschter Zeitraum</dt>" in page
    assert "gewünschtes Format" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(landing(consultation)).content.decode()
    assert ">Desired format</dt>" in page and ">Preferred period</dt>" in page
