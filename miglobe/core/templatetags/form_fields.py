"""`{% form_field form.email %}`: one form field in Bootstrap 5 markup, from one flat template.

crispy-forms rendered each field through about a dozen nested templates and filters; the application form's
24 fields cost some 60 ms a request, nearly all of it spent resolving template variables
(docs/benchmarks.md). Here the decisions (which kind of widget, which classes, which ids) are made once in
Python and the template only prints them. The common widgets (inputs, text areas, plain selects, checkboxes)
are written here too: Django's widget templates include one template per <option>, which made the select of
the 45 Kreise alone cost more than the rest of the field. The markup is the one crispy's bootstrap5 pack produced, so
labels, help texts and errors are linked to the field the same way (`aria-describedby`, `aria-invalid`).
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join

register = template.Library()

FIELD_TEMPLATE = "_partials/form_field.html"


def _kind(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


CONTROL_CLASS = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}


@register.simple_tag
def form_field(bound_field):
    field = bound_field.field
    widget = field.widget
    kind = _kind(widget)
    errors = list(bound_field.errors)
    context = {
        "field": bound_field,
        "kind": kind,
        "id": bound_field.id_for_label or bound_field.auto_id,
        "label": bound_field.label,
        "required": field.required,
        "help_text": field.help_text,
        "errors": errors,
        "html_name": bound_field.html_name,
    }
    if kind == "choices":
        # prepare_value turns chosen model instances (a draft's initial topics) into their primary keys.
        value = field.prepare_value(bound_field.value())
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
        context["input_type"] = "radio" if isinstance(widget, forms.RadioSelect) else "checkbox"
        context["options"] = [
            {"id": f"{bound_field.auto_id}_{index}", "value": str(option_value), "label": option_label}
            | {"checked": str(option_value) in chosen}
            for index, (option_value, option_label) in enumerate(field.choices)
        ]
    else:
        classes = CONTROL_CLASS[kind] + (" is-invalid" if errors else "")
        if widget.attrs.get("class"):
            classes = f"{widget.attrs['class']} {classes}"
        context["widget"] = widget_html(bound_field, classes)
    return get_template(FIELD_TEMPLATE).render(context)


def widget_html(bound_field, classes):
    """The widget's HTML as Django's own widget templates would write it, without a template per option."""
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({"class": classes}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    name = bound_field.html_name
    value = bound_field.value()
    if isinstance(widget, forms.Textarea):
        text = widget.format_value(value) or ""
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name, flatatt(attrs), text)
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            attrs["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(attrs))
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        choices = list(widget.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return bound_field.as_widget(attrs={"class": classes})  # option groups: Django's own templates
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((str(option), " selected" if str(option) == chosen else "", label) for option, label in choices),
        )
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(attrs), options)
    if isinstance(widget, Input) and not isinstance(widget, forms.MultipleHiddenInput):
        if isinstance(widget, forms.PasswordInput) and not widget.render_value:
            value = None
        shown = widget.format_value(value)
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html('<input type="{}" name="{}"{}{}>', widget.input_type, name, value_attr, flatatt(attrs))
    return bound_field.as_widget(attrs={"class": classes})
