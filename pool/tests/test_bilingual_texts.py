"""Texts that staff write, in German and English: English pages and emails show the English text where one
was written and the German text otherwise (django-modeltranslation, pool/translation.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from miglobe.core.outbox import render_email
from miglobe.core.testing import deliver_outbox
from miglobe.core.tests.factories import PASSWORD, StaffFactory
from pool.models import Application, Call, Topic

from .applicant import form_data
from .factories import ApplicationFactory, CallFactory, CriterionFactory, topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "empty_cache")]

GERMAN = {
    "title_de": "MiGlobe – Berater*innen 2027",
    "description_de": "Wir suchen Menschen mit eigener Migrationsgeschichte.",
    "eligibility_de": "Wer in Baden-Württemberg lebt und sich engagiert.",
    "work_description_de": "Sechs Wochenendseminare, danach Beratungen.",
}
ENGLISH = {
    "title_en": "MiGlobe – advisors 2027",
    "description_en": "We are looking for people with their own history of migration.",
    "eligibility_en": "Anyone who lives in Baden-Württemberg and is engaged.",
    "work_description_en": "Six weekend seminars, then consultations.",
}


@pytest.fixture
def english_call():
    return CallFactory(**GERMAN, **ENGLISH)


@pytest.fixture
def german_only_call():
    return CallFactory(**GERMAN)


def html(response) -> str:
    return response.content.decode()


def test_the_english_call_list_shows_the_english_title(client, english_call):
    english = html(client.get(reverse("pool:call_list"), HTTP_ACCEPT_LANGUAGE="en"))
    german = html(client.get(reverse("pool:call_list"), HTTP_ACCEPT_LANGUAGE="de"))
    assert ENGLISH["title_en"] in english and GERMAN["title_de"] not in english
    assert GERMAN["title_de"] in german and ENGLISH["title_en"] not in german


def test_the_english_call_page_shows_every_english_text(client, english_call):
    page = html(client.get(english_call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    for text in ENGLISH.values():
        assert text in page
    for text in GERMAN.values():
        assert text not in page


def test_an_english_page_falls_back_to_german_where_no_english_text_was_written(client, german_only_call):
    page = html(client.get(german_only_call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en">' in page
    for text in GERMAN.values():
        assert text in page


def test_the_fallback_is_per_field(client):
    call = CallFactory(**GERMAN, title_en="MiGlobe – advisors 2027", eligibility_en="")
    page = html(client.get(call.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "MiGlobe – advisors 2027" in page and GERMAN["title_de"] not in page
    assert GERMAN["eligibility_de"] in page


def test_the_english_application_form_shows_the_english_title(client, english_call):
    url = reverse("pool:application_create", args=[english_call.slug])
    assert ENGLISH["title_en"] in html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert GERMAN["title_de"] in html(client.get(url, HTTP_ACCEPT_LANGUAGE="de"))


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", ENGLISH["title_en"], GERMAN["title_de"]), ("de", GERMAN["title_de"], ENGLISH["title_en"])],
)
def test_the_confirmation_email_uses_the_text_of_the_applicants_language(
    client, english_call, language, shown, not_shown
):
    url = reverse("pool:application_create", args=[english_call.slug])
    client.post(url, form_data(), HTTP_ACCEPT_LANGUAGE=language)
    assert Application.objects.get().language == language
    [message] = deliver_outbox()
    body = message.body + message.alternatives[0][0]
    assert shown in body and not_shown not in body


def test_an_english_email_falls_back_to_the_german_title(client, german_only_call):
    url = reverse("pool:application_create", args=[german_only_call.slug])
    client.post(url, form_data(), HTTP_ACCEPT_LANGUAGE="en")
    [message] = deliver_outbox()
    assert "Thank you" in message.body  # the English template …
    assert GERMAN["title_de"] in message.body  # … with the German title, as no English one was written


def test_each_test_starts_in_german_after_english_requests_in_the_ones_before():
    # The tests above leave English active in this thread (the test client does); conftest resets it, or
    # `title=` and `name=` below would mean the English columns.
    assert translation.get_language() == "de"
    assert topic("Flucht und Migration").name_de == "Flucht und Migration"


@pytest.mark.parametrize(
    "template",
    ["draft_saved", "draft_deadline", "decision_selected", "decision_reserve", "decision_rejected"],
)
def test_every_applicant_email_in_english_names_the_call_in_english(english_call, template):
    application = ApplicationFactory(call=english_call, language="en", reserve_until=english_call.closes_at)
    context = {"application": application, "call": english_call, "link": "http://testserver/x/"}
    subject, text, html = render_email(template=f"pool/{template}", context=context, language="en")
    assert ENGLISH["title_en"] in subject + text and ENGLISH["title_en"] in html
    assert GERMAN["title_de"] not in subject + text + html
    subject, text, _html = render_email(template=f"pool/{template}", context=context, language="de")
    assert GERMAN["title_de"] in subject + text


def test_criteria_names_and_descriptions_follow_the_language_with_fallback(english_call):
    both = CriterionFactory(
        call=english_call,
        name_de="Bezug zu Kommunen",
        name_en="Links with municipalities",
        description_de="Erfahrung mit Verwaltungen",
        description_en="Experience with local government",
    )
    german_only = CriterionFactory(call=english_call, name_de="Motivation", description_de="Warum Sie mitmachen")
    with translation.override("en"):
        assert (both.name, both.description) == ("Links with municipalities", "Experience with local government")
        assert (german_only.name, german_only.description) == ("Motivation", "Warum Sie mitmachen")
        assert str(both) == "Links with municipalities (×1)"
    with translation.override("de"):
        assert (both.name, both.description) == ("Bezug zu Kommunen", "Erfahrung mit Verwaltungen")


def test_topics_use_the_same_mechanism_and_kept_their_english_names(client, call):
    """The English topic names written before (in the old `name_en` column) survived the migration."""
    flucht = topic("Flucht und Migration")
    assert (flucht.name_de, flucht.name_en) == ("Flucht und Migration", "Forced displacement and migration")
    assert Topic.objects.filter(name_de__isnull=True).count() == 0
    form = html(client.get(reverse("pool:application_create", args=[call.slug]), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Forced displacement and migration" in form and "Flucht und Migration" not in form
    new = Topic.objects.create(name_de="Neues Themenfeld", position=99)
    another = Topic.objects.create(name_de="Noch ein Themenfeld", position=100)  # two without English name
    with translation.override("en"):
        assert (str(new), str(another)) == ("Neues Themenfeld", "Noch ein Themenfeld")


# --- the admin -----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(username="programmteam", is_superuser=True)
    client.login(username=staff.username, password=PASSWORD)
    return client


def call_form(**overrides) -> dict:
    data = {
        **GERMAN,
        **dict.fromkeys(ENGLISH, ""),
        "slug": "miglobe-2028",
        "opens_at_0": "01.02.2028",
        "opens_at_1": "09:00:00",
        "closes_at_0": "01.03.2028",
        "closes_at_1": "18:00:00",
        "pool_size": "18",
        "reference_prefix": "MG",
        "reserve_consent_months": "12",
        "retention_months": "6",
        "draft_retention_days": "30",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-name_de": "Bezug zu Kommunen",
        "criteria-0-name_en": "Links with municipalities",
        "criteria-0-description_de": "",
        "criteria-0-description_en": "",
        "criteria-0-weight": "2",
        "criteria-0-position": "1",
    }
    return data | overrides


def test_the_call_admin_offers_both_languages_with_english_in_its_own_section(staff_client):
    page = html(staff_client.get(reverse("admin:pool_call_add")))
    for name in [*GERMAN, *ENGLISH, "criteria-0-name_de", "criteria-0-name_en"]:
        assert f'name="{name}"' in page
    assert 'name="title"' not in page and 'name="criteria-0-name"' not in page
    assert "Englische Fassung" in page
    assert "Leere Felder zeigen auf englischen Seiten" in page


def test_staff_enter_a_call_in_both_languages(staff_client):
    response = staff_client.post(reverse("admin:pool_call_add"), call_form(**ENGLISH))
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>.*?</ul>', html(response), re.S)
    call = Call.objects.get(slug="miglobe-2028")
    assert (call.title_de, call.title_en) == (GERMAN["title_de"], ENGLISH["title_en"])
    assert call.work_description_en == ENGLISH["work_description_en"]
    criterion = call.criteria.get()
    assert (criterion.name_de, criterion.name_en, criterion.weight) == (
        "Bezug zu Kommunen",
        "Links with municipalities",
        2,
    )


def test_the_german_text_is_required_and_the_english_one_is_not(staff_client):
    response = staff_client.post(reverse("admin:pool_call_add"), call_form(title_de="", description_de=""))
    assert response.status_code == 200
    assert not Call.objects.filter(slug="miglobe-2028").exists()
    assert html(response).count("Dieses Feld ist zwingend erforderlich.") == 2
    assert staff_client.post(reverse("admin:pool_call_add"), call_form()).status_code == 302
    call = Call.objects.get(slug="miglobe-2028")
    with translation.override("en"):
        assert call.title == GERMAN["title_de"]


def test_staff_add_topics_without_english_names(staff_client):
    for name in ("Neues Themenfeld", "Noch ein Themenfeld"):
        response = staff_client.post(
            reverse("admin:pool_topic_add"), {"name_de": name, "name_en": "", "position": "50"}
        )
        assert response.status_code == 302, html(response)
    assert list(Topic.objects.filter(position=50).values_list("name_en", flat=True)) == [None, None]
    duplicate = staff_client.post(reverse("admin:pool_topic_add"), {"name_de": "Neues Themenfeld", "position": "1"})
    assert duplicate.status_code == 200 and Topic.objects.filter(name_de="Neues Themenfeld").count() == 1


def test_the_kind_of_district_in_the_home_region_list_is_translated(client, english_call):
    """Found in the trial walk: "Biberach (Landkreis)" and "Heidelberg (Stadtkreis)" on English pages."""
    url = reverse("pool:application_create", args=[english_call.slug])
    english = html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert ">Biberach (district)<" in english and ">Heidelberg (urban district)<" in english
    assert "(Landkreis)" not in english and "(Stadtkreis)" not in english
    assert "(district or urban district)" in english and "city district" not in english  # one word for Stadtkreis
    german = html(client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    assert ">Biberach (Landkreis)<" in german and ">Heidelberg (Stadtkreis)<" in german
    directory = html(client.get(reverse("directory:list"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "(urban district)" in directory and "(Stadtkreis)" not in directory
