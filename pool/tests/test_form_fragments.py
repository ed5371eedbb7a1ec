"""The empty application form's fields come from the fragment cache (`{% cached_fragment %}`): the same
markup for everyone in one language, fresh tokens on every request, nothing personal stored, and an edit of
the call or of a topic seen at once."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from miglobe.core.templatetags.fragments import FRAGMENT_CACHE
from pool.models import Application, Topic

from .applicant import form_data, open_link
from .factories import ApplicationFactory, CallFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "empty_cache")]


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[FRAGMENT_CACHE].clear()
    yield
    caches[FRAGMENT_CACHE].clear()


@pytest.fixture
def url(call):
    return reverse("pool:application_create", args=[call.slug])


def page(response) -> str:
    return response.content.decode()


def fields(html) -> str:
    """The part of the page from the first field to the honeypot: what the fragment holds."""
    return re.search(r'<fieldset class="mb-4">.*<div class="form-trap"', html, re.S).group(0)


def start_token(html) -> str:
    return re.search(r'name="started" value="([^"]+)"', html).group(1)


def csrf_token(html) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_cached_form_is_the_form_rendered_without_the_cache(client, url, settings):
    first = page(client.get(url))
    cached = page(client.get(url))
    settings.CACHES = {**settings.CACHES, FRAGMENT_CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    uncached = page(client.get(url))
    assert fields(first) == fields(cached) == fields(uncached)
    assert 'name="first_name"' in fields(cached) and 'name="languages-TOTAL_FORMS"' in fields(cached)


def test_tokens_are_fresh_on_every_request_and_outside_the_cache(client, url):
    pages = [page(Client().get(url)) for _ in range(3)]
    assert len({start_token(html) for html in pages}) == 3
    assert len({csrf_token(html) for html in pages}) == 3
    for html in pages:
        assert start_token(html) not in fields(html)
        assert "csrfmiddlewaretoken" not in fields(html)


def test_each_language_gets_its_own_fields(client, url):
    german = page(client.get(url))
    english = page(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    german_again = page(client.get(url))
    assert "Bitte geben Sie" not in english
    assert "Person und Kontakt" in german and "Person und Kontakt" not in english
    assert "Vorname" in fields(german) and "Vorname" not in fields(english)
    assert fields(german) == fields(german_again)


def test_an_edited_call_is_seen_at_once(client, url, call):
    assert "höchstens 12 Monate" in page(client.get(url))
    call.reserve_consent_months = 18
    call.save()
    html = page(client.get(url))
    assert "höchstens 18 Monate" in html and "höchstens 12 Monate" not in html


def test_each_call_shows_its_own_reserve_period(client, call):
    other = CallFactory(reserve_consent_months=6)
    assert "höchstens 12 Monate" in page(client.get(reverse("pool:application_create", args=[call.slug])))
    assert "höchstens 6 Monate" in page(client.get(reverse("pool:application_create", args=[other.slug])))


def test_a_renamed_added_or_deleted_topic_is_seen_at_once(client, url):
    page(client.get(url))
    # Saved by a bulk update, which sends no signal: the key is the content, not a notification.
    Topic.objects.filter(name_de="Fairer Handel und faire Beschaffung").update(name_de="Fairer Handel (neu)")
    new = Topic.objects.create(name="Klimagerechtigkeit vor Ort", position=99)
    html = page(client.get(url))
    assert "Fairer Handel (neu)" in html and "Fairer Handel und faire Beschaffung" not in html
    assert f'value="{new.pk}"' in html
    new.delete()
    assert "Klimagerechtigkeit vor Ort" not in page(client.get(url))


def test_an_english_topic_name_is_seen_at_once(client, url):
    page(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    Topic.objects.filter(name_de="Fairer Handel und faire Beschaffung").update(name_en="Fair trade, renamed")
    assert "Fair trade, renamed" in page(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_form_with_errors_is_shown_with_the_input_and_never_cached(client, url):
    page(client.get(url))
    response = client.post(url, form_data(first_name="Zeynep", email="kaputt"))
    assert response.status_code == 200
    assert 'value="Zeynep"' in page(response) and 'aria-invalid="true"' in page(response)
    html = page(Client().get(url))
    assert "Zeynep" not in html and "kaputt" not in html and 'aria-invalid="true"' not in html


def test_a_draft_is_never_cached_nor_shown_to_others(client, url, call):
    draft = ApplicationFactory(call=call, draft=True, first_name="Leyla", motivation="Meine eigene Motivation.")
    html = page(client.get(url))  # the empty form first, in the browser that holds the draft's link
    edit = page(client.get(open_link(client, draft)))
    assert 'value="Leyla"' in edit and "Meine eigene Motivation." in edit
    for other in (html, page(Client().get(url)), page(client.get(url))):
        assert "Leyla" not in other and "Meine eigene Motivation." not in other
    assert not any("Leyla" in str(value) for value in caches[FRAGMENT_CACHE]._cache.values())


def test_the_empty_form_costs_the_call_and_the_topics_query(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == 2
    tables = " ".join(query["sql"] for query in queries)
    assert "pool_call" in tables and "pool_topic" in tables


def test_the_tokens_of_a_page_from_the_cache_are_accepted(url, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)
    browser.get(url)  # the fragment is stored
    html = page(browser.get(url))  # and taken from the cache
    data = form_data(started=start_token(html))
    data["csrfmiddlewaretoken"] = csrf_token(html)
    response = browser.post(url, data)
    assert response.status_code == 302, page(response)
    assert Application.objects.filter(email="ayse.oeztuerk@example.org").exists()
