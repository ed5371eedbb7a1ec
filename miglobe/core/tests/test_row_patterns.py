"""`{% rows %}` writes the same HTML as Django's own `{% for %}` over the same rows, escapes every value, and
refuses what it would evaluate once instead of per row."""

from decimal import Decimal

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

ENGINE = Engine(
    libraries={"row_patterns": "miglobe.core.templatetags.row_patterns"},
    builtins=[
        "django.templatetags.i18n",
        "django.templatetags.static",
    ],
)

ROWS = [
    {
        "pk": 7,
        "name": 'Ayşe "Öztürk" <b>&</b>',
        "url": "/a/?x=1&y=2",
        "marked": mark_safe("<em>safe</em>"),
        "flag": True,
        "reasons": ["one <i>", "two & three"],
        "cells": [{"code": "done", "label": "✓ <ok>"}, {"code": "open", "label": "–"}],
    },
    {"pk": 0, "name": "", "url": "", "marked": mark_safe(""), "flag": False, "reasons": [], "cells": []},
]

PATTERN = (
    "{% load row_patterns %}<table>{% rows rows %}\n"
    '<tr{% if_row flag %} class="warn"{% endif_row %} id="r-{pk}">'
    '<td><a href="{url}" title="{% translate "Zurück zum Portal" %}">{name}</a></td>\n'
    "<td>{marked}</td><td>{% if_row reasons %}<ul>{% for_row reasons as reason %}<li>{reason}</li>{% endfor_row %}"
    "</ul>{% else_row %}–{% endif_row %}</td>\n"
    "<td>{% for_row reasons as reason %}<b>{reason}</b>{% between %}<br>{% endfor_row %}</td>\n"
    '{% for_row cells %}<td class="m-{code}">{label}</td>{% endfor_row %}</tr>{% endrows %}</table>'
)

DJANGO = (
    "<table>{% for row in rows %}\n"
    '<tr{% if row.flag %} class="warn"{% endif %} id="r-{{ row.pk }}">'
    '<td><a href="{{ row.url }}" title="{% translate "Zurück zum Portal" %}">{{ row.name }}</a></td>\n'
    "<td>{{ row.marked }}</td><td>{% if row.reasons %}<ul>{% for reason in row.reasons %}<li>{{ reason }}</li>"
    "{% endfor %}</ul>{% else %}–{% endif %}</td>\n"
    "<td>{% for reason in row.reasons %}<b>{{ reason }}</b>{% if not forloop.last %}<br>{% endif %}{% endfor %}</td>\n"
    '{% for cell in row.cells %}<td class="m-{{ cell.code }}">{{ cell.label }}</td>{% endfor %}'
    "</tr>{% endfor %}</table>"
)


def render(source, **context):
    return ENGINE.from_string(source).render(Context(context))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_same_html_as_django_for_the_same_rows(language):
    with translation.override(language):
        ours, django = render(PATTERN, rows=ROWS), render(DJANGO, rows=ROWS)
    assert ours == django
    assert "Ayşe &quot;Öztürk&quot; &lt;b&gt;&amp;&lt;/b&gt;" in ours and "<em>safe</em>" in ours
    assert ("Back to the portal" if language == "en" else "Zurück zum Portal") in ours


def test_no_rows_write_nothing():
    assert render(PATTERN, rows=[]) == "<table></table>"
    assert render(PATTERN) == "<table></table>"


def test_the_csrf_token_is_the_pages_own():
    request = RequestFactory().get("/")
    source = "{% load row_patterns %}{% rows rows %}<form>{% csrf_token %}{pk}</form>{% endrows %}"
    token = get_token(request)
    html = ENGINE.from_string(source).render(Context({"rows": [{"pk": 1}, {"pk": 2}], "csrf_token": token}))
    assert html.count(f'name="csrfmiddlewaretoken" value="{token}"') == 2 and html.endswith("2</form>")


@pytest.mark.parametrize("value", [Decimal("1.50"), 1.5, True, None])
def test_values_that_django_would_localise_or_spell_are_refused(value):
    with pytest.raises(TypeError):
        render("{% load row_patterns %}{% rows rows %}{value}{% endrows %}", rows=[{"value": value}])


@pytest.mark.parametrize(
    "body",
    [
        "{{ row.name }}",
        "{% if flag %}x{% endif %}",
        "{% for x in y %}{% endfor %}",
        "{% blocktranslate with n=name %}{{ n }}{% endblocktranslate %}",
    ],
)
def test_what_would_run_once_for_all_rows_is_refused_when_loaded(body):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load row_patterns %}{% rows rows %}" + body + "{% endrows %}", engine=ENGINE)


def test_a_missing_value_fails_loudly_and_the_parts_belong_inside_rows():
    with pytest.raises(KeyError):
        render("{% load row_patterns %}{% rows rows %}{nmae}{% endrows %}", rows=[{"name": "x"}])
    with pytest.raises(TemplateSyntaxError):
        render("{% load row_patterns %}{% if_row flag %}x{% endif_row %}", flag=True)
