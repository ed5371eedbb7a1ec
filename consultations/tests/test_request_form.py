import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.choices import Stage
from consultations.models import ConsultationRequest
from miglobe.core.antispam import start_token as started_token
from miglobe.core.testing import deliver_outbox
from pool.models import Topic

URL = reverse("consultations:request_start")


def form_data(**overrides):
    data = {
        "started": started_token(time.time() - 60),
        "municipality_text": "08226013",
        "municipality_key": "",
        "office": "Stabsstelle Integration",
        "contact_name": "Petra Beispiel",
        "contact_role": "Integrationsbeauftragte",
        "email": "integration@eberbach.example",
        "phone": "06271 87-0",
        "topics": [Topic.objects.get(name="Flucht und Migration").pk],
        "situation": "Wir wollen den Integrationsbeirat stärken.",
        "goals": "Mehr Beteiligung von Migrant*innenorganisationen.",
        "desired_format": "dialogforum",
        "preferred_period": "Frühjahr 2027",
        "communities": "Arabisch, Türkisch",
        "privacy_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _directory(directory):
    pass


def test_a_municipality_is_requestable_by_the_same_rule_in_python_and_in_sql():
    """The form checks a chosen key on the row (`is_requestable`), the search filters by `requestable()`."""
    from consultations.choices import AreaType
    from consultations.forms import requestable_by_key
    from consultations.models import Municipality

    Municipality.objects.filter(key="08226085").update(in_directory=False)  # no longer in the directory
    Municipality.objects.filter(key="08226999").update(area_type=AreaType.GEMEINDEFREI_BEWOHNT)
    requestable = set(Municipality.objects.requestable().values_list("key", flat=True))
    everything = list(Municipality.objects.all())
    assert {m.key for m in everything if m.is_requestable} == requestable
    assert {"08111000", "08226", "08226013"} <= requestable and not {"08111", "08226085", "08226999"} & requestable
    assert [m.key for m in everything if requestable_by_key(m.key)] == sorted(requestable)
    assert requestable_by_key("99999999") is None


def test_the_form_says_the_service_is_free(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "kostenfrei" in response.content.decode()
    assert 'name="municipality_text"' in response.content.decode()


def test_submitting_files_a_request_and_mails_the_private_link(client):
    response = client.post(URL, form_data())
    consultation = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert consultation.municipality.name == "Eberbach, Stadt"
    assert consultation.stage == Stage.RECEIVED
    assert list(consultation.topics.values_list("name", flat=True)) == ["Flucht und Migration"]
    sent = deliver_outbox()
    assert [m.to for m in sent] == [["Petra Beispiel <integration@eberbach.example>"]]
    link = next(line for line in sent[0].body.splitlines() if "k=" in line).strip()
    # The browser that filed it sees the page at once; another one after following the emailed link.
    assert response["Location"] == reverse("consultations:request_detail", args=[consultation.public_id])
    page = client.get(response["Location"])
    assert "Eberbach, Stadt" in page.content.decode() and "eingegangen" in page.content.decode()
    other = Client()
    assert other.get(response["Location"]).status_code == 404
    assert other.get(link.removeprefix("http://testserver"))["Location"] == response["Location"]
    assert other.get(response["Location"]).status_code == 200


def test_a_double_submit_creates_one_request(client):
    data = form_data()
    first = client.post(URL, data)
    second = client.post(URL, data)  # the reload or the second click sends the same form again
    assert ConsultationRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(deliver_outbox()) == 1


def test_filing_a_request_writes_without_reading_first():
    """A new request is four inserts (the request, its topics, the audit entry, the email) in one
    transaction: the token's uniqueness catches a repetition (test above), no look-up precedes the insert."""
    from consultations.models import Municipality
    from consultations.services import submit_request

    data = {
        "municipality": Municipality.objects.requestable().get(key="08226013"),
        "office": "Stabsstelle Integration",
        "contact_name": "Petra Beispiel",
        "contact_role": "Integrationsbeauftragte",
        "email": "integration@eberbach.example",
        "phone": "",
        "situation": "Wir wollen den Integrationsbeirat stärken.",
        "goals": "Mehr Beteiligung.",
        "desired_format": "dialogforum",
        "preferred_period": "",
        "communities": "",
    }
    topics = list(Topic.objects.all()[:2])
    ContentType.objects.get_for_model(ConsultationRequest)  # cached in every running process
    with CaptureQueriesContext(connection) as queries:
        consultation, created = submit_request(data=data, topics=topics, submission_token="t-1", language="de")
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert created and statements == ["SAVEPOINT", "INSERT", "INSERT", "INSERT", "INSERT", "RELEASE"]
    assert set(consultation.topics.all()) == set(topics)
    assert submit_request(data=data, topics=topics, submission_token="t-1", language="de") == (consultation, False)


def test_the_same_form_with_other_content_is_refused_and_keeps_the_input(client, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    data = form_data()
    client.post(URL, data)
    response = client.post(URL, {**data, "goals": "Etwas ganz anderes."})
    assert response.status_code == 200
    assert ConsultationRequest.objects.count() == 1
    content = response.content.decode()
    assert "schon abgeschickt" in content and "Etwas ganz anderes." in content
    # The page hands out a new start, so sending it again now files the second request.
    new_start = response.context["form"].data["started"]
    assert new_start != data["started"]
    client.post(URL, {**data, "goals": "Etwas ganz anderes.", "started": new_start})
    assert ConsultationRequest.objects.count() == 2


@pytest.mark.parametrize(
    "typed, name",
    [
        ("Heidelberg", "Heidelberg, Stadt"),
        ("Rhein-Neckar-Kreis", "Rhein-Neckar-Kreis"),
        ("08226", "Rhein-Neckar-Kreis"),
        ("Weinheim – Große Kreisstadt (08226085)", "Weinheim, Große Kreisstadt"),
    ],
)
def test_the_municipality_by_name_key_or_label(client, typed, name):
    client.post(URL, form_data(municipality_text=typed))
    assert ConsultationRequest.objects.get().municipality.name == name


def test_an_ambiguous_name_offers_the_candidates_without_javascript(client, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    response = client.post(URL, form_data(municipality_text="Eber"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mehrere Kommunen passen dazu" in content
    assert 'value="08226013"' in content and 'value="08226999"' in content
    assert not ConsultationRequest.objects.exists()
    data = form_data(municipality_text="Eber", municipality_choice="08226999")
    data["started"] = response.context["form"].data["started"]
    client.post(URL, data)
    assert ConsultationRequest.objects.get().municipality.key == "08226999"


def test_an_unknown_municipality_is_explained_and_nothing_typed_is_lost(client):
    response = client.post(URL, form_data(municipality_text="Atlantis"))
    content = response.content.decode()
    assert "nicht im Gemeindeverzeichnis" in content
    assert "Atlantis" in content and "Mehr Beteiligung von Migrant*innenorganisationen." in content


def test_a_gemeindefreies_gebiet_or_another_level_cannot_ask(client):
    response = client.post(URL, form_data(municipality_text="0822"))  # a Region
    assert not ConsultationRequest.objects.exists()
    assert response.status_code == 200


def test_a_number_nobody_can_call_is_explained_as_on_the_application_form(client):
    response = client.post(URL, form_data(phone="12"))
    content = response.content.decode()
    assert "Bitte geben Sie eine Telefonnummer an" in content and "Petra Beispiel" in content
    assert not ConsultationRequest.objects.exists()


def test_consent_is_required(client):
    data = form_data()
    del data["privacy_consent"]
    response = client.post(URL, data)
    assert "Ohne Ihre Einwilligung" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_honeypot_and_fill_time_refuse(client):
    client.post(URL, form_data(website="http://spam.example"))
    response = client.post(URL, form_data(started=started_token(time.time())))
    assert not ConsultationRequest.objects.exists()
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert mail.outbox == []


def test_rate_limit(client, settings):
    settings.POOL_SUBMISSION_RATE = "2/h"
    for n in range(2):
        client.post(URL, form_data(email=f"a{n}@example.org"))
    response = client.post(URL, form_data(email="c@example.org"))
    assert response.status_code == 429
    assert ConsultationRequest.objects.count() == 2
    assert "c@example.org" in response.content.decode()


def test_english_form_and_messages(client):
    client.cookies["django_language"] = "en"
    response = client.post(URL, form_data(municipality_text="Atlantis"), HTTP_ACCEPT_LANGUAGE="en")
    assert "We cannot find this municipality" in response.content.decode()


def test_municipality_search_for_the_autocomplete(client):
    response = client.get(reverse("consultations:municipality_search"), {"q": "eber"})
    labels = [r["label"] for r in response.json()["results"]]
    assert labels == ["Eberbach – Stadt (08226013)", "Eberbach-Süd – Kreisangehörige Gemeinde (08226999)"]
    assert client.get(reverse("consultations:municipality_search"), {"q": "e"}).json() == {"results": []}


def test_the_format_question_starts_with_a_capital_like_every_other_label(client):
    html = client.get(URL).content.decode()
    assert "Gewünschtes Format" in html and "gewünschtes Format" not in html
