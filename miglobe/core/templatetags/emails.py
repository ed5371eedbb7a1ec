"""`{% absurl 'pool:application_detail' token %}`: like `{% url %}`, but absolute (from SITE_URL).

The library is a template builtin (settings.TEMPLATES), so email templates need no `{% load %}` for it.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag

from miglobe.core.links import absolute_url

register = template.Library()


class AbsoluteURLNode(URLNode):
    def render(self, context):
        rendered = super().render(context)
        if self.asvar:
            context[self.asvar] = absolute_url(context[self.asvar])
            return ""
        return absolute_url(rendered)


@register.tag
def absurl(parser, token):
    """Same arguments as `{% url %}`, including `... as name`."""
    node = url_tag(parser, token)
    return AbsoluteURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.filter
def absolute(path):
    """`{{ link_path|absolute }}` for a path computed in Python (e.g. a signed link)."""
    return absolute_url(str(path))
