"""`{% cached_fragment key %}…{% endcached_fragment %}`: markup that is the same for every visitor, rendered once.

A public form that nobody has filled in yet looks the same for everyone who opens it in one language: its
24 fields with their labels, help texts and choices cost most of the page's time. The view passes a key that
names everything the block shows (`fragment_key`); the block is then rendered once per process and language
and taken from the cache afterwards. Without a key (a bound form with errors, a stored draft, anything
personal) the block is rendered as usual and never stored.

The key is built from the *content* the block depends on – the values themselves, not a date of the last
change – so an edit is seen at once in every process without any invalidation, and a value that went back to
what it was finds its old markup again. The cache is the process's own memory (`FRAGMENT_CACHE`): a deploy
starts new processes, so markup written by the old code is never served by the new one. Tokens (CSRF, the
form's start token) must stay outside the block: they differ on every request.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.template.loader_tags import BlockNode
from django.utils.translation import get_language

register = template.Library()

FRAGMENT_CACHE = "fragments"
TIMEOUT = 24 * 3600


def fragment_key(name: str, *parts) -> str:
    """A key for `{% cached_fragment %}` from the block's name and every value its markup depends on."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{name}:{digest}"


def rows_of(queryset) -> list[tuple]:
    """Every column of every row (every translation too), for a key that changes with any edit, addition or
    deletion – also one made by a bulk update, which sends no signal."""
    return list(queryset.values_list(*(field.attname for field in queryset.model._meta.concrete_fields)))


class CachedFragmentNode(template.Node):
    # `{% extends %}` looks for the parent's blocks on every render (`get_nodes_by_type(BlockNode)` walks the whole
    # of base.html for every page). A fragment holds no block – checked when it is parsed, since a page's own
    # block content would otherwise be stored for every page – so the search need not look inside.
    child_nodelists = ()

    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        # Without the cache (settings that replace CACHES, as some tests do) the block is rendered as usual.
        if not key or FRAGMENT_CACHE not in settings.CACHES:
            return self.nodelist.render(context)
        # The language is part of every key: every fragment has translated text.
        cache_key = f"fragment:{get_language() or ''}:{key}"
        cache = caches[FRAGMENT_CACHE]
        html = cache.get(cache_key)
        if html is None:
            html = self.nodelist.render(context)  # safe (escaped) markup, and it stays marked so when cached
            cache.set(cache_key, html, TIMEOUT)
        return html


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the fragment's key (or nothing)")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' cannot hold a {{% block %}}: a page's own block content would be cached for every page"
        )
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
