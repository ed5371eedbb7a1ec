"""`{% cached_fragment %}`: rendered once per key and language; without a key never stored."""

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
