"""The directory's content comes from the fragment cache (`{% cached_fragment %}`), keyed on everything it
shows (docs/decisions/0111-directory-fragment.md): the same markup as without the cache, in each language,
and a withdrawn consent, an edit by a bulk update (no signal) or a pause disappears on the very next request."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from miglobe.core.templatetags.fragments import FRAGMENT_CACHE
from pool.models import Advisor, AdvisorLanguage, Topic

from .factories import topic
from .test_directory import URL, listed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[FRAGMENT_CACHE].clear()
    yield
    caches[FRAGMENT_CACHE].clear()


def everything_shown(**fields):
    consent = {f"public_{name}": True for name in Advisor.DIRECTORY_FIELDS}
    return listed(**(consent | fields))


def page(client, query="") -> str:
    """The page's main part: the frame around it holds the CSRF token of the language switch."""
    html = client.get(URL + query).content.decode()
    return html[html.index("<main") : html.index("</main>")]


def english(client, query="") -> str:
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    try:
        return page(client, query)
    finally:
        client.post(reverse("set_language"), {"language": "de", "next": URL})
        translation.activate(django_settings.LANGUAGE_CODE)  # the test client leaves the request's language active


def test_the_cached_page_is_the_page_rendered_without_the_cache(client, settings):
    everything_shown(first_name="Ama", bio_en="English bio")
    listed(first_name="Kofi", public_topics=True)
    queries = ("", f"?thema={topic().pk}", "?sprache=TWI", "?region=08111", "?region=08421")
    cached = [page(client, query) for query in queries] + [english(client, query) for query in queries]
    assert cached == [page(client, query) for query in queries] + [english(client, query) for query in queries]
    settings.CACHES = {**settings.CACHES, FRAGMENT_CACHE: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert cached == [page(client, query) for query in queries] + [english(client, query) for query in queries]


def test_each_language_has_its_own_text(client):
    everything_shown(first_name="Ama", bio="Deutscher Text", bio_en="English text")
    Topic.objects.filter(pk=topic().pk).update(name_en="Flight and migration")
    german, in_english = page(client), english(client)
    assert "Deutscher Text" in german and "Flucht und Migration" in german and "Themen</dt>" in german
    assert "English text" in in_english and "Flight and migration" in in_english and "Topics</dt>" in in_english
    assert page(client) == german and english(client) == in_english


def test_a_topic_without_an_english_name_shows_the_german_one_on_the_english_page(client):
    everything_shown(first_name="Ama")
    Topic.objects.filter(pk=topic().pk).update(name_en=None)
    in_english = english(client)
    assert "<dd>Flucht und Migration</dd>" in in_english and ">Flucht und Migration</option>" in in_english


def test_withdrawn_consent_by_a_bulk_update_disappears_at_once(client):
    advisor = everything_shown(first_name="Kwame", bio="Biografie-Text")
    assert "Biografie-Text" in page(client) and "0711 999" in page(client)
    Advisor.objects.filter(pk=advisor.pk).update(public_bio=False)  # no signal, no save()
    html = page(client)
    assert "Biografie-Text" not in html and "0711 999" in html
    Advisor.objects.filter(pk=advisor.pk).update(public_listing=False)
    assert "Kwame" not in page(client) and "Twi" not in page(client)


def test_pause_edits_and_new_entries_are_seen_at_once(client):
    advisor = everything_shown(first_name="Kwame")
    page(client)
    everything_shown(first_name="Akosua")
    assert "Akosua" in page(client)
    Topic.objects.filter(pk=topic().pk).update(name_de="Flucht, Migration und Diaspora")
    AdvisorLanguage.objects.filter(advisor__first_name__in=["Kwame", "Akosua"]).update(name="Ewe")
    html = page(client)
    assert "Flucht, Migration und Diaspora" in html and "Ewe (Muttersprache)" in html and "Twi" not in html
    Advisor.objects.filter(pk=advisor.pk).update(status=Advisor.Status.PAUSED)
    html = page(client)
    assert "Kwame" not in html and "Akosua" in html


@pytest.mark.parametrize("query", ["", "?sprache=twi&region=08111"])
def test_the_query_count_does_not_grow_with_the_advisors(client, query):
    counts = []
    for advisors in (1, 10):
        for _ in range(advisors):
            everything_shown()
        with CaptureQueriesContext(connection) as queries:
            page(client, query)
        counts.append(len(queries))
    # everyone listed with their topic ids, all topics, the languages shown (and the filter's finds)
    expected = 4 if query else 3
    assert counts == [expected, expected]


def test_typed_topic_numbers_do_not_fill_the_cache(client):
    """The key holds a topic only in its one spelling and only if it exists: made-up numbers cannot crowd the
    cache of the form and the page frame out."""
    everything_shown(first_name="Ama")
    chosen = topic()
    page(client)  # the page frame and the unfiltered list
    before = len(caches[FRAGMENT_CACHE]._cache)
    assert page(client, f"?thema={chosen.pk}") == page(client, f"?thema=0{chosen.pk}")
    assert len(caches[FRAGMENT_CACHE]._cache) == before + 1
    for made_up in ("99999", "88888", "000777"):
        page(client, f"?thema={made_up}")
    assert len(caches[FRAGMENT_CACHE]._cache) == before + 2  # one page for every topic that does not exist
