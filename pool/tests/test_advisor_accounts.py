"""Invitations, logins, leaving, and the profile an advisor keeps in the portal."""

import io
import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from miglobe.core.testing import deliver_outbox
from miglobe.core.tests.factories import PASSWORD, StaffFactory, UserFactory
from pool import roster_services, services
from pool.links import ADVISOR_INVITATION
from pool.models import Advisor, Application

from .factories import AdvisorFactory, ApplicationFactory, PortalAdvisorFactory, topic

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kwame-sein-neues-Passwort-2027"


def invitation_link(advisor):
    """The link of the email (core's entry URL with the signed key), as a path for the test client."""
    from urllib.parse import urlsplit

    advisor.refresh_from_db()
    url = urlsplit(ADVISOR_INVITATION.url(advisor))
    return f"{url.path}?{url.query}"


def open_invitation(client, advisor):
    """Follow the email's link; returns the set-password page's key-less address it lands on."""
    response = client.get(invitation_link(advisor))
    assert response.status_code == 302
    return response.url


def test_selecting_and_sending_the_decision_invites_the_advisor(staff, closed_call):
    application = ApplicationFactory(call=closed_call, status=Application.Status.SHORTLISTED, language="en")
    advisor = services.select_application(application=application, by=staff)
    assert advisor.invitation_sent_at is None  # nothing before the decision is sent
    services.send_decision_emails(applications=[application])
    advisor.refresh_from_db()
    assert advisor.invitation_key and advisor.user and not advisor.user.is_staff
    assert not advisor.user.has_usable_password()
    sent = deliver_outbox()
    invitation = next(m for m in sent if "portal" in m.subject)
    assert invitation.subject == "Your access to the MiGlobe advisors' portal"  # in the person's language
    assert invitation.to == [f"{advisor.full_name} <{advisor.email}>"]
    assert "/zugang/pool.advisor_invitation/?k=" in invitation.body


def test_the_invitation_link_works_once_then_not_again(client):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Kwame", last_name="Mensah", email="kwame@example.org", by=None
    )
    link = invitation_link(advisor)
    page = open_invitation(client, advisor)
    assert page == reverse("portal:invitation", kwargs={"key": advisor.invitation_key}) and "?k=" not in page
    assert client.get(page).status_code == 200
    response = client.post(page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200  # logged in
    client.logout()
    response = client.get(link)  # the same link again
    assert response.status_code == 302 and "abgelaufen" in response.url
    assert client.get(page).status_code == 404
    assert client.login(username="kwame@example.org", password=NEW_PASSWORD)


def test_the_invitation_link_expires(client, settings):
    settings.ADVISOR_INVITATION_DAYS = 14
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Olena", last_name="S", email="olena@example.org", by=None
    )
    link = invitation_link(advisor)
    page = open_invitation(client, advisor)  # opened in time, but the form sent too late
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        assert "abgelaufen" in client.get(link).url
        response = client.post(page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response.status_code == 404
    assert not Advisor.objects.get(pk=advisor.pk).user.has_usable_password()


def test_a_page_address_without_the_link_is_refused(client):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Amina", last_name="D", email="amina@example.org", by=None
    )
    advisor.refresh_from_db()
    assert client.get(reverse("portal:invitation", kwargs={"key": advisor.invitation_key})).status_code == 404


def test_resending_replaces_the_link_and_staff_see_who_has_not_accepted(client, staff):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Reza", last_name="K", email="reza@example.org", by=staff
    )
    first = invitation_link(advisor)
    roster_services.invite_advisor(advisor=advisor, by=staff)
    assert "abgelaufen" in client.get(first).url
    assert Advisor.objects.invitation_pending().filter(pk=advisor.pk).exists()
    page = open_invitation(client, advisor)
    client.post(page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not Advisor.objects.invitation_pending().filter(pk=advisor.pk).exists()
    with pytest.raises(services.Refused):
        roster_services.invite_advisor(advisor=advisor, by=staff)


def test_the_advisor_can_ask_for_a_new_link_themselves(client, empty_cache):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Ana", last_name="F", email="ana@example.org", by=None
    )
    old_key = Advisor.objects.get(pk=advisor.pk).invitation_key
    deliver_outbox()
    client.post(reverse("core:private_link_new", args=["pool.advisor_invitation"]), {"email": "ANA@example.org"})
    assert Advisor.objects.get(pk=advisor.pk).invitation_key != old_key
    assert len(deliver_outbox()) == 1


def test_someone_else_logged_in_cannot_use_an_invitation(client):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Leila", last_name="H", email="leila@example.org", by=None
    )
    other = PortalAdvisorFactory()
    client.login(username=other.user.username, password=PASSWORD)
    assert client.get(open_invitation(client, advisor)).status_code == 403
    client.logout()
    client.force_login(StaffFactory())
    assert client.get(open_invitation(client, advisor)).status_code == 403
    assert client.get(reverse("portal:invitation", kwargs={"key": uuid.uuid4()})).status_code == 404


def test_adding_by_hand_is_refused_when_the_pool_is_full(staff):
    advisor = AdvisorFactory()
    advisor.call.pool_size = 1
    advisor.call.save()
    with pytest.raises(services.Refused):
        roster_services.add_advisor(call=advisor.call, first_name="A", last_name="B", email="ab@example.org", by=staff)


def test_advisors_have_no_admin_access(client):
    advisor = PortalAdvisorFactory()
    client.login(username=advisor.user.username, password=PASSWORD)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


def test_password_reset_reaches_the_advisor(client, empty_cache):
    advisor = PortalAdvisorFactory()
    client.post(reverse("password_reset"), {"email": advisor.email})
    deliver_outbox()
    assert [m.to[0].endswith(f"<{advisor.email}>") for m in mail.outbox if "asswort" in m.subject] == [True]


def test_leaving_the_pool_ends_the_login_at_once(client, staff):
    advisor = PortalAdvisorFactory()
    client.login(username=advisor.user.username, password=PASSWORD)
    assert client.get(reverse("portal:home")).status_code == 200
    roster_services.leave_pool(advisor=advisor, by=staff, reason="Umzug")
    response = client.get(reverse("portal:home"))  # the same session, next request
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not client.login(username=advisor.user.username, password=PASSWORD)
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.LEFT and advisor.left_at and advisor.leave_reason == "Umzug"


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "ich.png"
    return buffer


def _profile_post(advisor, **changes):
    data = {
        "first_name": advisor.first_name,
        "last_name": advisor.last_name,
        "email": advisor.email,
        "phone": "",
        "language": "de",
        "expertise_regions": "",
        "home_region": "",
        "availability_days": "",
        "bio": "",
        "bio_en": "",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-0-name": "",
        "languages-0-level": "",
        "languages-1-name": "",
        "languages-1-level": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_the_advisor_edits_the_profile_with_languages_topics_and_a_photo(client, private_storage):
    advisor = PortalAdvisorFactory()
    client.login(username=advisor.user.username, password=PASSWORD)
    response = client.post(
        reverse("portal:profile"),
        _profile_post(
            advisor,
            phone="0711 123456",
            topics=[topic().pk],
            home_region="08111",
            availability_days="4",
            bio="Ich berate zu Fairem Handel.",
            bio_en="I advise on fair trade.",
            photo=_png(),
            public_listing="on",
            public_bio="on",
            **{"languages-0-name": "Twi", "languages-0-level": "native"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    advisor.refresh_from_db()
    assert advisor.bio == "Ich berate zu Fairem Handel." and advisor.availability_days == 4
    assert [(lang.name, lang.level) for lang in advisor.languages.all()] == [("Twi", "native")]
    assert list(advisor.topics.all()) == [topic()]
    assert advisor.public_fields() == {"bio"}
    stored = private_storage / advisor.photo.name
    assert stored.exists() and stored.read_bytes().startswith(b"\xff\xd8")  # re-encoded as JPEG
    assert client.get(reverse("portal:own_photo")).status_code == 200


def test_a_photo_that_is_no_image_is_refused_and_the_typed_text_stays(client):
    advisor = PortalAdvisorFactory()
    client.login(username=advisor.user.username, password=PASSWORD)
    fake = io.BytesIO(b"%PDF-1.4 not a picture" * 10)
    fake.name = "foto.jpg"
    response = client.post(reverse("portal:profile"), _profile_post(advisor, bio="Neuer Text", photo=fake))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte laden Sie ein Foto als JPEG- oder PNG-Datei hoch." in html
    assert "Neuer Text" in html
    advisor.refresh_from_db()
    assert not advisor.photo and advisor.bio == ""


def test_the_own_photo_is_served_only_to_its_advisor(client):
    advisor = PortalAdvisorFactory()
    roster_services.update_profile(advisor=advisor, fields={}, languages=[], photo=_checked(), by=advisor.user)
    assert client.get(reverse("portal:own_photo")).status_code == 302  # anonymous → login
    client.force_login(UserFactory())
    assert client.get(reverse("portal:own_photo")).status_code == 403


def _checked():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pool.photos import checked_photo

    return checked_photo(SimpleUploadedFile("p.png", _png().getvalue(), content_type="image/png"))


def test_every_change_goes_to_the_audit_trail_without_personal_details(client, staff):
    from miglobe.core.models import AuditEntry

    advisor = PortalAdvisorFactory(first_name="Ayşe")
    client.login(username=advisor.user.username, password=PASSWORD)
    client.post(reverse("portal:profile"), _profile_post(advisor, bio="Neu", public_listing="on", public_bio="on"))
    roster_services.mark_qualified(advisor=advisor, by=staff, at=timezone.now())
    entries = list(AuditEntry.objects.for_object(advisor))
    assert [e.action for e in entries] == ["pool.advisor.profile_changed", "pool.advisor.qualified"]
    assert entries[0].data == {"fields": ["bio", "public_bio", "public_listing"]}
    assert entries[0].actor_id == advisor.user.pk and entries[1].actor_id == staff.pk
    assert all("Ayşe" not in e.object_label and "Neu" not in str(e.data) for e in entries)


def test_the_username_is_a_pseudonym_and_the_email_address_works_too(client):
    advisor = roster_services.add_advisor(
        call=AdvisorFactory().call, first_name="Mariam", last_name="Khalil", email="Mariam.K@example.org", by=None
    )
    advisor.refresh_from_db()
    assert advisor.user.username == f"b-{advisor.pk:04d}"  # no name, no address: it stays in the audit trail
    advisor.user.set_password(NEW_PASSWORD)
    advisor.user.save()
    assert client.login(username="mariam.k@example.org", password=NEW_PASSWORD)
    client.logout()
    assert not client.login(username="mariam.k@example.org", password="falsch")
    staff = StaffFactory(email="staff-login@example.org")
    assert not client.login(username="staff-login@example.org", password=PASSWORD)  # staff: username only
    assert client.login(username=staff.username, password=PASSWORD)


def test_removing_the_photo_deletes_the_file_after_commit(private_storage, django_capture_on_commit_callbacks):
    advisor = PortalAdvisorFactory()
    roster_services.update_profile(advisor=advisor, fields={}, languages=[], photo=_checked(), by=advisor.user)
    advisor.refresh_from_db()
    stored = private_storage / advisor.photo.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _advisor, changed = roster_services.update_profile(
            advisor=advisor, fields={}, languages=[], remove_photo=True, by=advisor.user
        )
    assert changed == ["photo"] and not stored.exists()
    advisor.refresh_from_db()
    assert not advisor.photo


def test_the_profiles_home_district_list_starts_with_the_words_of_the_application_form(client):
    """Found in the trial walk: the profile's list began with Django's "---------"."""
    advisor = PortalAdvisorFactory()
    client.login(username=advisor.user.username, password=PASSWORD)
    html = client.get(reverse("portal:profile")).content.decode()
    assert re.search(r'<option value=""( selected)?>– bitte wählen –</option>', html)
    assert "---------" not in html
