"""`{% cached_fragment %}`: rendered once per key and language; without a key never stored."""

import re

import pytest
from django.core.cache import caches
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from miglobe.core.templatetags.fragments import FRAGMENT_CACHE, fragment_key

TEMPLATE = Template("{% load fragments %}{% cached_fragment key %}{{ name }}{% endcached_fragment %}")


@pytest.fixture(autouse=True)
def empty_fragments():
    caches[FRAGMENT_CACHE].clear()
    yield
    caches[FRAGMENT_CACHE].clear()


def render(key, name):
    return TEMPLATE.render(Context({"key": key, "name": name}))


def test_a_fragment_is_rendered_once_per_key():
    key = fragment_key("test", 1)
    assert render(key, "Ayşe") == "Ayşe"
    assert render(key, "Zeynep") == "Ayşe"  # the same key means the same content
    assert render(fragment_key("test", 2), "Zeynep") == "Zeynep"


def test_without_a_key_the_fragment_is_rendered_every_time_and_never_stored():
    assert render(None, "Ayşe") == "Ayşe"
    assert render("", "Zeynep") == "Zeynep"
    assert not caches[FRAGMENT_CACHE]._cache


def test_each_language_has_its_own_fragment():
    key = fragment_key("test", 1)
    with translation.override("de"):
        assert render(key, "Deutsch") == "Deutsch"
    with translation.override("en"):
        assert render(key, "English") == "English"
    with translation.override("de"):
        assert render(key, "anders") == "Deutsch"


def test_the_key_depends_on_every_part_and_escaping_stays():
    assert fragment_key("a", 1, [("x", None)]) != fragment_key("a", 1, [("y", None)])
    assert render(fragment_key("test", 3), "<b>") == "&lt;b&gt;"
    assert render(fragment_key("test", 3), "<i>") == "&lt;b&gt;"


def test_the_tag_takes_one_key():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% cached_fragment %}x{% endcached_fragment %}")


@pytest.mark.django_db
def test_a_fragment_holds_no_block_and_blocks_around_it_are_overridden():
    """{% extends %} does not look inside fragments for blocks (miglobe.core.templatetags.fragments)."""
    with pytest.raises(TemplateSyntaxError, match="block"):
        Template("{% load fragments %}{% cached_fragment k %}{% block a %}{% endblock %}{% endcached_fragment %}")
    from django.template import engines

    engine = engines["django"].engine
    parent = "{% load fragments %}{% cached_fragment '' %}[{% endcached_fragment %}{% block a %}-{% endblock %}]"
    child = Template("{% extends parent %}{% block a %}child{% endblock %}", engine=engine)
    assert child.render(Context({"parent": Template(parent, engine=engine)})) == "[child]"


def test_the_frame_of_every_page_is_in_the_language_of_the_page(client):
    german = client.get("/impressum/").content.decode()
    english = client.get("/impressum/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    german_again = client.get("/datenschutz/").content.decode()
    assert "Zum Inhalt springen" in german and "Zum Inhalt springen" not in english
    assert "Datenschutzerklärung</a>" in german and "Datenschutzerklärung</a>" not in english
    # The language switch offers the other language, and its CSRF token is fresh on every page.
    assert 'value="en" lang="en"' in german and 'value="de" lang="de"' in english
    assert 'value="en" lang="en"' in german_again and 'value="de"' not in german_again
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', german + german_again)
    assert len(tokens) == 2 and tokens[0] != tokens[1]


def test_settings_without_the_fragment_cache_render_every_time(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    key = fragment_key("test", 4)
    assert render(key, "Ayşe") == "Ayşe"
    assert render(key, "Zeynep") == "Zeynep"
