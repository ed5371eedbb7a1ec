"""`miglobe.core.html` writes what Django's `format_html`, `format_html_join`, `conditional_escape` and
`flatatt` write (it leaves out only their per-value check for lazy texts, issue #13)."""

from datetime import date
from decimal import Decimal

import pytest
from django.forms.utils import flatatt as django_flatatt
from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from miglobe.core import html


class Markup:
    def __html__(self):
        return "<b>schon sicher</b>"


VALUES = [
    "Ayşe & <Öztürk>",
    "say \"hi\" 'now'",
    mark_safe("<em>sicher</em>"),
    gettext_lazy("Ja"),
    Markup(),
    None,
    0,
    17,
    Decimal("12.50"),
    date(2027, 3, 1),
    "",
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escaping_and_formatting_as_django(value, language):
    with translation.override(language):
        assert html.conditional_escape(value) == django_html.conditional_escape(value)
        ours, theirs = (
            html.format_html("<p title='{}'>{}</p>", value, value),
            django_html.format_html("<p title='{}'>{}</p>", value, value),
        )
        assert ours == theirs and isinstance(ours, SafeString)
        assert html.format_html("{x}", x=value) == django_html.format_html("{x}", x=value)


def test_joining_and_attributes_as_django():
    rows = [(v, v) for v in VALUES] + [{"a": "<", "b": gettext_lazy("Nein")}]
    fmt = "<li>{}{}</li>"
    rows_as_args = [row for row in rows if not isinstance(row, dict)]
    assert html.format_html_join("\n", fmt, rows_as_args) == django_html.format_html_join("\n", fmt, rows_as_args)
    assert html.format_html_join("&", "{a}{b}", [rows[-1]]) == django_html.format_html_join("&", "{a}{b}", [rows[-1]])
    attrs = {"id": "id_x", "class": 'a "b"', "required": True, "disabled": False, "maxlength": 20, "x": None}
    assert html.flatatt(attrs) == django_flatatt(attrs) and isinstance(html.flatatt(attrs), SafeString)
    assert html.flatatt({}) == django_flatatt({}) == ""


@pytest.mark.parametrize("value", ["<script>x</script>", "say \"hi\" 'now'", "Ayşe & Co"])
def test_an_escaped_value_is_not_escaped_again(value):
    # Django's conditional_escape marks its result safe, so markup built from it is escaped once.
    escaped = html.conditional_escape(value)
    assert isinstance(escaped, SafeString)
    assert html.format_html("<p>{}</p>", escaped) == django_html.format_html(
        "<p>{}</p>", django_html.conditional_escape(value)
    )


def test_a_form_error_that_repeats_the_input_is_escaped_once():
    from django import forms

    from miglobe.core.templatetags.form_fields import labelled_fields

    class Form(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")])

    written = labelled_fields(Form({"kind": "<b>x</b>"}))
    assert "&lt;b&gt;x&lt;/b&gt;" in written
    assert "&amp;lt;" not in written
