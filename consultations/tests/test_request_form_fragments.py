"""The empty request form's fields come from the fragment cache (`{% cached_fragment %}`): fresh tokens on
every request, one fragment per language, a topic edit seen at once, a form with errors never cached."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from miglobe.core.templatetags.fragments import FRAGMENT_CACHE
from pool.models import Topic

from .test_request_form import form_data

URL = reverse("consultations:request_start")


@pytest.fixture(autouse=True)
def empty_fragments(directory):
    caches[FRAGMENT_CACHE].clear()
    yield
    caches[FRAGMENT_CACHE].clear()


def page(response) -> str:
    return response.content.decode()


def fields(html) -> str:
    return re.search(r'<fieldset class="mb-4">.*name="privacy_consent"[^>]*>', html, re.S).group(0)


def test_the_fields_are_those_of_the_uncached_form_and_topics_are_checkboxes(client, settings):
    first, cached = page(client.get(URL)), page(client.get(URL))
    settings.CACHES = {**settings.CACHES, FRAGMENT_CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert fields(first) == fields(cached) == fields(page(client.get(URL)))
    assert re.search(r'<input type="checkbox" class="form-check-input" name="topics"', cached)
    assert re.search(r'<input type="radio" class="form-check-input" name="desired_format"', cached)
    assert 'class="js-municipality form-control"' in cached  # the autocomplete finds its input


def test_start_and_csrf_tokens_are_fresh_on_every_request():
    pages = [page(Client().get(URL)) for _ in range(3)]
    starts = {re.search(r'name="started" value="([^"]+)"', html).group(1) for html in pages}
    csrf = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1) for html in pages}
    assert len(starts) == len(csrf) == 3
    assert not any(token in fields(html) for token in starts for html in pages)


def test_each_language_has_its_own_fields(client):
    german = page(client.get(URL))
    english = page(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Ansprechperson" in fields(german) and "Ansprechperson" not in fields(english)
    assert fields(german) == fields(page(client.get(URL)))


def test_a_renamed_or_added_topic_is_seen_at_once(client):
    page(client.get(URL))
    Topic.objects.filter(name_de="Flucht und Migration").update(name_de="Flucht, Migration und Ankommen")
    Topic.objects.create(name="Klimagerechtigkeit vor Ort", position=99)
    html = page(client.get(URL))
    assert "Flucht, Migration und Ankommen" in html and "Klimagerechtigkeit vor Ort" in html


def test_a_form_with_errors_keeps_the_input_and_is_never_cached(client):
    page(client.get(URL))
    response = client.post(URL, form_data(office="Stabsstelle Vielfalt", email="kaputt"))
    assert 'value="Stabsstelle Vielfalt"' in page(response) and 'aria-invalid="true"' in page(response)
    html = page(Client().get(URL))
    assert "Stabsstelle Vielfalt" not in html and 'aria-invalid="true"' not in html


def test_the_empty_form_costs_one_query(client):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) == 1


def test_the_tokens_of_a_page_from_the_cache_are_accepted(settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)
    browser.get(URL)
    html = page(browser.get(URL))
    data = form_data(started=re.search(r'name="started" value="([^"]+)"', html).group(1))
    data["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(URL, data)
    assert response.status_code == 302, page(response)
