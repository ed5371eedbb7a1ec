"""`{% form_widget %}` and `{% form_field %}` (written in Python for speed, issue #13) write what Django and
crispy wrote: the right input types, the widget's own attributes, errors and help linked to the field; and
`pk_url` gives the URL `reverse()` gives."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from miglobe.core.reversing import pk_url
from miglobe.core.templatetags.form_fields import form_field, form_widget


class ExampleForm(forms.Form):
    name = forms.CharField(max_length=20, help_text="Vor- und Nachname")
    kind = forms.ChoiceField(
        choices=[("a", "A & B"), ("b", "<B>")], widget=forms.Select(attrs={"class": "form-select"})
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    count = forms.IntegerField(min_value=0, required=False)
    upload = forms.FileField(required=False)
    topics = forms.MultipleChoiceField(
        choices=[("1", "Klima"), ("2", "Fairer Handel")], widget=forms.CheckboxSelectMultiple, required=False
    )
    setting = forms.ChoiceField(choices=[("site", "vor Ort"), ("online", "online")], widget=forms.RadioSelect)


def _tags(html):
    """The tags with their attributes as sets (attribute order and whitespace do not matter in HTML)."""

    class Parser(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, frozenset((k, " ".join(sorted((v or "").split()))) for k, v in attrs)))

        def handle_data(self, data):
            if data.strip():
                self.found.append(("text", data.strip()))

    parser = Parser()
    parser.found = []
    parser.feed(str(html))
    return parser.found


@pytest.mark.parametrize("data", [None, {"name": "", "kind": "b", "day": "2027-03-01", "note": "x < y", "count": "-1"}])
@pytest.mark.parametrize("name", ["name", "kind", "day", "note", "count", "upload"])
def test_form_widget_writes_what_django_writes(name, data):
    form = ExampleForm(data, initial={"day": date(2027, 1, 5), "kind": "a"})
    if data:
        form.is_valid()
    assert _tags(form_widget(form[name])) == _tags(str(form[name]))


class StoredFile:
    """What a FileField's initial value offers the widget: a name and a URL."""

    url = "/private/receipts/beleg.pdf"

    def __str__(self):
        return "receipts/beleg.pdf"


def test_a_stored_file_is_shown_with_its_clear_box_and_never_as_the_inputs_value():
    form = ExampleForm(initial={"upload": StoredFile()})
    html = str(form_widget(form["upload"]))
    assert _tags(html) == _tags(str(form["upload"]))
    assert 'name="upload-clear"' in html and 'value="receipts/' not in html


def test_several_choices_are_checkboxes_and_one_choice_radio_buttons():
    form = ExampleForm(initial={"topics": ["2"], "setting": "online"})
    topics, setting = str(form_field(form["topics"])), str(form_field(form["setting"]))
    assert topics.count('type="checkbox"') == 2 and 'type="radio"' not in topics
    assert 'value="2" id="id_topics_1" checked' in topics
    assert setting.count('type="radio"') == 2 and 'type="checkbox"' not in setting


def test_pk_url_gives_the_url_reverse_gives():
    for name in ("consultations:case_log", "consultations:entry_edit", "portal:absence_delete"):
        assert pk_url(name)(17) == reverse(name, kwargs={"pk": 17})
        assert pk_url(name)("4") == reverse(name, kwargs={"pk": 4})
