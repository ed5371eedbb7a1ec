"""The public directory: only active, qualified, consenting advisors, and only their consented fields."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from miglobe.core.testing import assert_constant_queries
from pool import roster_services
from pool.models import Advisor, AdvisorLanguage

from .factories import AdvisorFactory, topic

pytestmark = pytest.mark.django_db
URL = "/beraterinnen/"


def listed(**fields):
    defaults = {
        "status": Advisor.Status.ACTIVE,
        "qualified_at": timezone.now(),
        "public_listing": True,
        "bio": "Biografie-Text",
        "phone": "0711 999",
        "home_region": "08111",
        "expertise_regions": "Westafrika",
    }
    advisor = AdvisorFactory(**(defaults | fields))
    advisor.topics.add(topic())
    AdvisorLanguage.objects.create(advisor=advisor, name="Twi", level="native")
    return advisor


def test_url_and_link_from_the_request_page(client):
    assert reverse("directory:list") == URL
    assert URL in client.get(reverse("consultations:request_start")).content.decode()


def test_only_active_qualified_consenting_advisors_appear(client):
    shown = listed(first_name="Sichtbar")
    listed(first_name="Pausiert", status=Advisor.Status.PAUSED)
    listed(first_name="Qualifiziert", status=Advisor.Status.QUALIFIED)
    listed(first_name="Ohnezustimmung", public_listing=False)
    html = client.get(URL).content.decode()
    assert shown.full_name in html
    for hidden in ("Pausiert", "Qualifiziert", "Ohnezustimmung"):
        assert hidden not in html


def test_no_field_without_consent_and_withdrawal_works_at_once(client):
    advisor = listed(first_name="Kwame", public_bio=True, public_phone=True)
    html = client.get(URL).content.decode()
    assert "Biografie-Text" in html and "0711 999" in html
    for hidden in ("Westafrika", "Twi", advisor.email, "<dt>Wohnort (Kreis)</dt>", "<dt>Themen</dt>"):
        assert hidden not in html
    roster_services.update_profile(
        advisor=advisor, fields={"public_bio": False}, languages=[("Twi", "native")], by=None
    )
    html = client.get(URL).content.decode()
    assert "Biografie-Text" not in html and "0711 999" in html
    assert client.get(URL).headers["Cache-Control"].startswith("max-age=0")


def test_filters_match_only_consented_fields(client):
    open_topics = listed(first_name="Offen", public_topics=True, public_languages=True, public_home_region=True)
    listed(first_name="Verdeckt")  # same topic, language and region, but none of them shown
    for query in (f"?thema={topic().pk}", "?sprache=twi", "?region=08111"):
        html = client.get(URL + query).content.decode()
        assert open_topics.full_name in html and "Verdeckt" not in html, query
    assert "Offen" not in client.get(URL + "?region=08421").content.decode()


def test_photo_only_with_consent(client, private_storage):
    from .test_advisor_accounts import _checked

    advisor = listed(first_name="Foto")
    roster_services.update_profile(advisor=advisor, fields={}, languages=[("Twi", "native")], photo=_checked(), by=None)
    photo_url = reverse("directory:photo", args=[advisor.pk])
    assert client.get(photo_url).status_code == 404
    assert photo_url not in client.get(URL).content.decode()
    roster_services.update_profile(
        advisor=advisor, fields={"public_photo": True}, languages=[("Twi", "native")], by=None
    )
    assert client.get(photo_url).status_code == 200
    assert photo_url in client.get(URL).content.decode()


def test_directory_keeps_its_query_count(client):
    count = assert_constant_queries(
        lambda: client.get(URL),
        lambda n: [listed(public_topics=True, public_languages=True) for _ in range(n)],
    )
    assert count == 3  # everyone listed with their topic ids, all topics, the languages shown


def test_english_page_shows_the_english_bio_or_falls_back_to_german(client):
    listed(first_name="Zweisprachig", public_bio=True, bio="Deutscher Text", bio_en="English text")
    listed(first_name="Nurdeutsch", public_bio=True, bio="Nur auf Deutsch")
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    try:
        html = client.get(URL).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the test client leaves the request's language active
    assert "English text" in html and "Deutscher Text" not in html
    assert "Nur auf Deutsch" in html


def test_an_advisor_with_several_topics_is_listed_once_with_the_shown_topics_in_order(client):
    """Everyone listed is read together with their topics (one row per advisor and topic)."""
    several = listed(first_name="Mehrere", public_topics=True)
    several.topics.add(topic("Fairer Handel und faire Beschaffung"), topic("Agenda 2030 / Global Nachhaltige Kommune"))
    hidden = listed(first_name="Verdeckt")
    hidden.topics.add(topic("Fairer Handel und faire Beschaffung"))
    without = listed(first_name="Ohnethemen", public_topics=True)
    without.topics.clear()
    html = client.get(URL).content.decode()
    assert html.count("Mehrere") == 1 and "Verdeckt" in html and "Ohnethemen" in html
    assert (
        "<dd>Agenda 2030 / Global Nachhaltige Kommune, Fairer Handel und faire Beschaffung, Flucht und Migration</dd>"
        in html
    )
    assert html.count("<dt>Themen</dt>") == 1  # neither the hidden topics nor an empty list
