from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from miglobe.core.testing import assert_accessible, deliver_outbox
from pool.links import APPLICATION_LINK

from .factories import ApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_expired_link_offers_a_new_one_that_opens_the_application(phone_page, settings, empty_cache):
    settings.PRIVATE_LINK_MAX_AGE_DAYS = 30
    application = ApplicationFactory(email="amina@example.org")
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        old_link = APPLICATION_LINK.url(application).removeprefix("http://testserver")
    page = phone_page

    # The application's own page, without the link: it explains and offers a new one.
    page.goto(f"/pool/bewerbung/{application.public_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bitte öffnen Sie den Link aus Ihrer E-Mail"
    assert_accessible(page)

    page.goto(old_link)
    page.wait_for_url("**/zugang/pool.application/abgelaufen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Link abgelaufen oder ungültig"
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("amina@")
    page.get_by_role("button", name="Neuen Link schicken").click()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "amina@"  # nothing typed is lost
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("amina@example.org")
    page.get_by_role("button", name="Neuen Link schicken").click()
    page.get_by_role("heading", name="E-Mail ist unterwegs").wait_for()
    assert_accessible(page)

    sent = deliver_outbox()
    new_link = sent[0].body.split("http://testserver", 2)[1].split()[0]
    page.goto(new_link)
    page.wait_for_url(f"**/pool/bewerbung/{application.public_id}/")
    assert "k=" not in page.url
    assert page.locator("#reference").inner_text() == application.reference
