"""The applicant's emails and the staff digest: every template renders in German and English, with the
facts the reader needs (reference, deadline in Europe/Berlin, the private link)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from miglobe.core.outbox import render_email
from pool.models import Application

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

LINK = "http://testserver/zugang/pool.application/?k=abc:def:ghi"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def application():
    call = CallFactory(title="MiGlobe 2027", closes_at=datetime(2027, 3, 15, 18, 0, tzinfo=BERLIN))
    call.opens_at = call.closes_at - timedelta(days=30)
    call.save()
    return ApplicationFactory(
        call=call,
        first_name="Ayşe",
        last_name="Öztürk & Co",
        reference="MG-2027-0042",
        submitted_at=datetime(2027, 3, 1, 9, 30, tzinfo=BERLIN),
        reserve_until=datetime(2028, 3, 1, 9, 30, tzinfo=BERLIN),
    )


APPLICANT_TEMPLATES = [
    "draft_saved",
    "application_submitted",
    "draft_deadline",
    "decision_selected",
    "decision_reserve",
    "decision_rejected",
    "new_link",
]


@pytest.mark.parametrize("name", APPLICANT_TEMPLATES)
@pytest.mark.parametrize("language", ["de", "en"])
def test_each_applicant_email_renders_with_greeting_and_private_link(application, name, language):
    context = {"application": application, "call": application.call, "link": LINK}
    subject, text, html = render_email(template=f"pool/{name}", context=context, language=language)
    assert subject and "\n" not in subject and "{" not in subject
    assert "Ayşe Öztürk & Co" in text  # plain text is not HTML-escaped
    assert "Ayşe Öztürk &amp; Co" in html
    assert LINK in text and f'href="{LINK}"' in html
    assert "{{" not in text + html and "{%" not in text + html
    assert f'<html lang="{language}">' in html


def test_the_confirmation_names_the_reference_and_the_moment_in_german(application):
    context = {"application": application, "call": application.call, "link": LINK}
    subject, text, _html = render_email(template="pool/application_submitted", context=context, language="de")
    assert subject == "Ihre Bewerbung ist eingegangen: MG-2027-0042"
    assert "am 1. März 2027 um 09:30 Uhr bei uns eingegangen" in text


def test_the_draft_emails_name_the_deadline_in_berlin_time(application):
    application.status = Application.Status.DRAFT
    context = {"application": application, "call": application.call, "link": LINK}
    _s, saved, _h = render_email(template="pool/draft_saved", context=context, language="de")
    _s, reminder, _h = render_email(template="pool/draft_deadline", context=context, language="de")
    assert "bis zum 15. März 2027 um 18:00 Uhr ab" in saved
    assert "endet am 15. März 2027 um 18:00 Uhr" in reminder


def test_the_reserve_email_names_how_long_the_consent_holds(application):
    context = {"application": application, "call": application.call, "link": LINK}
    _s, text, _h = render_email(template="pool/decision_reserve", context=context, language="de")
    assert "bis zum 1. März 2028" in text


@pytest.mark.parametrize(("references", "count"), [(["MG-2027-0001"], "1 neue Bewerbung"), (["A", "B"], "2 neue")])
def test_the_staff_digest_lists_references_and_links_to_the_admin(application, references, count):
    context = {"call": application.call, "references": references, "admin_path": "/admin/pool/application/?x=1"}
    subject, text, html = render_email(template="pool/staff_digest", context=context, language="de")
    assert subject.startswith(f"MiGlobe 2027: {count}")
    for reference in references:
        assert f"- {reference}" in text and f"<li>{reference}</li>" in html
    assert "http://testserver/admin/pool/application/?x=1" in text


def test_an_english_applicant_gets_the_confirmation_in_english(application):
    context = {"application": application, "call": application.call, "link": LINK}
    subject, text, _html = render_email(template="pool/application_submitted", context=context, language="en")
    assert subject == "Your application has been received: MG-2027-0042"
    assert "Dear Ayşe Öztürk & Co," in text
    assert "We received it on 1 March 2027 at 09:30." in text
