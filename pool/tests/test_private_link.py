"""The applicant's private link: it ends with the retention period, and a new one goes only to the address
on file, with the same answer for every address."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from miglobe.core.testing import deliver_outbox
from pool.links import APPLICATION_LINK, retention_ends_at
from pool.models import Application

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
EXPIRED = "/zugang/pool.application/abgelaufen/"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pool-link"}}
    cache.clear()


def entry(application):
    parts = urlsplit(APPLICATION_LINK.url(application))
    return f"{parts.path}?{parts.query}"


def test_a_rejected_applications_link_ends_with_its_retention_period(client, call):
    decided = timezone.now() - relativedelta(months=call.retention_months) + timedelta(days=1)
    rejected = ApplicationFactory(call=call, status=Application.Status.REJECTED, decided_at=decided)
    link = entry(rejected)
    assert retention_ends_at(rejected) == decided + relativedelta(months=call.retention_months)

    assert client.get(link).url.startswith("/pool/bewerbung/")
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert Client().get(link).url == EXPIRED
        # The session granted before also stops opening the page.
        assert client.get(f"/pool/bewerbung/{rejected.public_id}/").status_code == 404


def test_a_link_expires_after_the_configured_days(client, application, settings):
    settings.PRIVATE_LINK_MAX_AGE_DAYS = 10
    link = entry(application)
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        response = client.get(link)
        assert response.url == EXPIRED
        page = client.get(EXPIRED).content.decode()
    assert "Link abgelaufen oder ungültig" in page
    assert 'name="email"' in page


def test_a_new_link_goes_to_every_application_under_the_address_and_works(client, call):
    mine = ApplicationFactory(call=call, email="Ayse@Example.org")
    ApplicationFactory(call=call, email="someone@example.org")
    response = client.post("/zugang/pool.application/neu/", {"email": "ayse@example.org"})
    assert "E-Mail ist unterwegs" in response.content.decode()
    sent = deliver_outbox()
    assert [m.to for m in sent] == [["Ayse@Example.org"]]
    link = sent[0].body.split("http://testserver", 2)[1].split()[0]
    fresh = Client()
    assert fresh.get(link).url == f"/pool/bewerbung/{mine.public_id}/"
    assert fresh.get(f"/pool/bewerbung/{mine.public_id}/").status_code == 200


def test_asking_for_a_new_link_for_an_unknown_address_sends_nothing_and_says_the_same(client, call):
    ApplicationFactory(call=call, email="ayse@example.org")
    known = client.post("/zugang/pool.application/neu/", {"email": "ayse@example.org"}).content.decode()
    unknown = client.post("/zugang/pool.application/neu/", {"email": "niemand@example.org"}).content.decode()
    assert len(deliver_outbox()) == 1
    strip = lambda html: html[html.index("<main") : html.index("</main>")]  # noqa: E731
    assert strip(known) == strip(unknown)
