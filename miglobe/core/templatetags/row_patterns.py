"""`{% rows entries %}<tr><td>{date}</td>…</tr>{% endrows %}`: a table's row markup, written in the template,
filled in per row by Python's string joining instead of Django's per-variable rendering.

Why: Django resolves, localises and escapes each `{{ variable }}` through some 40 function calls. A staff table
of 50–60 rows with 10–15 cells each spent most of its page's time there (issue #13; decision 0160: 50 rows of
7 cells took 1.4 ms as template variables, 0.13 ms joined). The rows are ready values (dicts of `str`, `int` or
markup marked safe), made in the view; the markup stays here in the template.

Inside the block:
- `{name}` in the template's text is the row's value `name`, HTML-escaped (a `SafeString` is taken as it is).
  Only `str` and `int` are accepted: a date, decimal or float must be written as text in the view, in the
  format the page wants (Django would localise it here; this tag does not guess).
- `{% if_row name %}…{% else_row %}…{% endif_row %}` writes one branch per row, by the value's truth.
- `{% for_row name %}…{% endfor_row %}` repeats its body for each item of the row's list `name` (dicts);
  `{% for_row name as item %}` for a list of plain values, each written as `{item}`. `{% between %}` separates
  the items; an empty list writes nothing (wrap it in `{% if_row name %}` for an "empty" text).
- `{% translate %}`, `{% blocktranslate %}` without variables, `{% url %}`, `{% static %}`, `{% csrf_token %}`
  and comments are the same for every row: rendered once per page with the page's context.
  Anything else – a `{{ variable }}`, `{% if %}`, `{% for %}` – is refused when the template is loaded, since it
  would be evaluated once, not per row.
"""

import html
import re

from django import template
from django.conf import settings
from django.template.base import TextNode
from django.template.defaulttags import CommentNode, CsrfTokenNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.utils.formats import localize
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
CONSTANT_NODES = (TranslateNode, BlockTranslateNode, URLNode, StaticNode, CsrfTokenNode, CommentNode)
LITERAL, VALUE, CHOICE, LIST = range(4)


def cell(value) -> str:
    """The row's value as escaped HTML."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, str):
        return html.escape(value)
    if type(value) is int:  # not bool: Django would write "True"
        return localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)
    raise TypeError(f"{{% rows %}} writes str and int values, not {type(value).__name__}: {value!r}")


class Pattern:
    """A body's parts: text split into literals and `{fields}` when the template is loaded, constant tags
    rendered when the page is."""

    def __init__(self, nodelist, tag):
        self.parts = []
        for node in nodelist:
            if isinstance(node, TextNode):
                for index, piece in enumerate(FIELD.split(node.s)):
                    if piece:
                        self.parts.append((VALUE if index % 2 else LITERAL, piece))
            elif isinstance(node, ChoiceNode | ListNode):
                self.parts.append((CHOICE if isinstance(node, ChoiceNode) else LIST, node))
            elif isinstance(node, BlockTranslateNode) and (node.extra_context or node.countervar):
                raise template.TemplateSyntaxError(
                    f"{{% {tag} %}}: a blocktranslate with values runs once, not per row"
                )
            elif isinstance(node, CONSTANT_NODES):
                self.parts.append((LITERAL, node))
            else:
                raise template.TemplateSyntaxError(
                    f"{{% {tag} %}} takes the row's values as {{name}}; {node.__class__.__name__} "
                    "would be evaluated once for all rows"
                )

    def compile(self, context) -> list:
        """The parts with the constant tags rendered for this page, neighbouring literals joined."""
        compiled = []
        for kind, value in self.parts:
            if kind == LITERAL and not isinstance(value, str):
                value = value.render(context)
            elif kind in (CHOICE, LIST):
                value = value.compile(context)
            if kind == LITERAL and compiled and compiled[-1][0] == LITERAL:
                compiled[-1] = (LITERAL, compiled[-1][1] + value)
            else:
                compiled.append((kind, value))
        return compiled


def write(parts, row, out):
    for kind, value in parts:
        if kind == LITERAL:
            out.append(value)
        elif kind == VALUE:
            out.append(cell(row[value]))
        elif kind == CHOICE:
            name, yes, no = value
            write(yes if row[name] else no, row, out)
        else:
            name, alias, body, between = value
            for index, item in enumerate(row[name]):
                if index and between:
                    write(between, row, out)
                write(body, {alias: item} if alias else item, out)


def _parse_list(parser, token, end):
    """`{% TAG name [as item] %}body[{% between %}separator]{% END %}` → (name, alias, body, separator)."""
    bits = token.split_contents()
    if len(bits) not in (2, 4) or (len(bits) == 4 and bits[2] != "as"):
        raise template.TemplateSyntaxError(f"{{% {bits[0]} name [as item] %}}")
    body = parser.parse(("between", end))
    between = None
    if parser.next_token().contents == "between":
        between = parser.parse((end,))
        parser.delete_first_token()
    return bits[1], bits[3] if len(bits) == 4 else None, body, between


class PartNode(template.Node):
    def render(self, context):
        raise template.TemplateSyntaxError("{% if_row %} and {% for_row %} belong inside {% rows %}")


class ListNode(PartNode):
    """`{% for_row name %}`: the items of the row's list (and the page's rows themselves)."""

    def __init__(self, name, alias, body, between):
        self.name, self.alias = name, alias
        self.body = Pattern(body, "for_row")
        self.between = Pattern(between, "between") if between is not None else None

    def compile(self, context):
        between = self.between.compile(context) if self.between else None
        return self.name, self.alias, self.body.compile(context), between


class ChoiceNode(PartNode):
    def __init__(self, name, yes, no):
        self.name, self.yes, self.no = name, Pattern(yes, "if_row"), Pattern(no, "else_row")

    def compile(self, context):
        return self.name, self.yes.compile(context), self.no.compile(context)


class RowsNode(template.Node):
    def __init__(self, rows, body, between):
        self.rows = rows
        self.pattern = ListNode("rows", None, body, between)

    def render(self, context):
        compiled = self.pattern.compile(context)
        out = []
        write([(LIST, compiled)], {"rows": self.rows.resolve(context) or ()}, out)
        return mark_safe("".join(out))  # noqa: S308 -- literals from the template, every value escaped by cell()


@register.tag
def rows(parser, token):
    name, alias, body, between = _parse_list(parser, token, "endrows")
    if alias:
        raise template.TemplateSyntaxError("{% rows %} takes dicts; 'as' is for a row's own list ({% for_row %})")
    return RowsNode(parser.compile_filter(name), body, between)


@register.tag
def for_row(parser, token):
    return ListNode(*_parse_list(parser, token, "endfor_row"))


@register.tag
def if_row(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% if_row name %}")
    yes = parser.parse(("else_row", "endif_row"))
    no = template.NodeList()
    if parser.next_token().contents == "else_row":
        no = parser.parse(("endif_row",))
        parser.delete_first_token()
    return ChoiceNode(bits[1], yes, no)
