"""`{% form_field %}`: choices as checkboxes or radio buttons, as their widget says."""

from django import forms
from django.template import Context, Template

CHOICES = [("a", "Alpha"), ("b", "Beta")]


class ChoicesForm(forms.Form):
    many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)


def render(bound_field):
    return Template("{% load form_fields %}{% form_field field %}").render(Context({"field": bound_field}))


def test_several_choices_are_checkboxes_and_one_choice_radio_buttons():
    # CheckboxSelectMultiple is a subclass of RadioSelect: the widget's own input type decides.
    form = ChoicesForm(initial={"many": ["a", "b"], "one": "b"})
    many, one = render(form["many"]), render(form["one"])
    assert many.count('type="checkbox"') == 2 and 'type="radio"' not in many
    assert many.count(" checked") == 2
    assert one.count('type="radio"') == 2 and 'type="checkbox"' not in one
    assert one.count(" checked") == 1
