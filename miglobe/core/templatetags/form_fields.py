"""`{% form_field form.email %}`: one form field in Bootstrap 5 markup, written in Python.

crispy-forms rendered each field through about a dozen nested templates and filters; the application
form's 24 fields cost some 40 ms a request, nearly all of it spent resolving template variables
(docs/benchmarks.md). A flat template per field still cost about 0.5 ms a field; written here with
`format_html` (which escapes every value) the whole form takes a few milliseconds. The common widgets
(inputs, text areas, plain selects, checkboxes) are written here too: Django's widget templates include
one template per <option>, which made the select of the 45 Kreise alone cost more than the rest of the
field. The markup is the one crispy's bootstrap5 pack produced, so labels, help texts and errors are linked
to the field the same way (`aria-describedby`, `aria-invalid`).
"""

from django import forms, template
from django.forms.widgets import Input
from django.utils.safestring import mark_safe

from miglobe.core.html import flatatt, format_html, format_html_join

register = template.Library()


def _kind(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


CHECKED = mark_safe(" checked")
CONTROL_CLASS = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}


@register.simple_tag
def form_field(bound_field):
    field = bound_field.field
    widget = field.widget
    kind = _kind(widget)
    errors = list(bound_field.errors)
    required = field.required
    label_class = " requiredField" if required else ""
    star = mark_safe('<span class="asteriskField">*</span>') if required else ""
    if kind == "choices":
        return _choices_html(bound_field, errors, label_class, star)
    field_id = bound_field.id_for_label or bound_field.auto_id
    classes = CONTROL_CLASS[kind] + (" is-invalid" if errors else "")
    if widget.attrs.get("class"):
        classes = f"{widget.attrs['class']} {classes}"
    control = widget_html(bound_field, classes)
    notes = format_html(
        "{}{}", _errors_html(field_id, errors, "invalid-feedback"), _help_html(field_id, field.help_text)
    )
    if kind == "checkbox":
        return format_html(
            '<div id="div_{}" class="form-check mb-3">\n  {}\n  <label for="{}" class="form-check-label{}">{}{}</label>'
            "\n{}</div>",
            field_id, control, field_id, label_class, bound_field.label, star, notes,
        )  # fmt: skip
    return format_html(
        '<div id="div_{}" class="mb-3">\n  <label for="{}" class="form-label{}">{}{}</label>\n  {}\n{}</div>',
        field_id, field_id, label_class, bound_field.label, star, control, notes,
    )  # fmt: skip


def _errors_html(field_id, errors, classes):
    if not errors:
        return ""
    lines = format_html_join(
        "", '<p id="error_{}_{}"><strong>{}</strong></p>', ((n, field_id, e) for n, e in enumerate(errors, 1))
    )
    return format_html('  <div id="{}_error" class="{}">{}</div>\n', field_id, classes, lines)


def _help_html(field_id, help_text):
    if not help_text:
        return ""
    return format_html('  <div id="{}_helptext" class="form-text">{}</div>\n', field_id, help_text)


def _choices_html(bound_field, errors, label_class, star):
    """Checkboxes or radio buttons in a fieldset whose legend is the label."""
    field = bound_field.field
    base_id = bound_field.auto_id
    # prepare_value turns chosen model instances (a draft's initial topics) into their primary keys.
    value = field.prepare_value(bound_field.value())
    chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
    # Not isinstance(…, RadioSelect): CheckboxSelectMultiple is a subclass of it and would become radio buttons.
    input_type = field.widget.input_type
    invalid_class = " is-invalid" if errors else ""
    invalid_attr = mark_safe(' aria-invalid="true"') if errors else ""
    options = format_html_join(
        "\n",
        '      <div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}" id="{}_{}"{}{}>'
        ' <label for="{}_{}" class="form-check-label">{}</label></div>',
        (
            (
                input_type,
                invalid_class,
                bound_field.html_name,
                option_value,
                base_id,
                index,
                CHECKED if str(option_value) in chosen else "",
                invalid_attr,
                base_id,
                index,
                label,
            )
            for index, (option_value, label) in enumerate(field.choices)
        ),
    )
    described = [f"{base_id}_helptext"] if field.help_text else []
    described += [f"{base_id}_error"] if errors else []
    described_attr = format_html(' aria-describedby="{}"', " ".join(described)) if described else ""
    notes = format_html(
        "{}{}", _errors_html(base_id, errors, "invalid-feedback d-block"), _help_html(base_id, field.help_text)
    )
    return format_html(
        '<div id="div_{}" class="mb-3">\n  <fieldset{}>\n    <legend class="form-label fs-6{}">{}{}</legend>\n'
        "    <div{}>\n{}\n    </div>\n{}  </fieldset>\n</div>",
        base_id, described_attr, label_class, bound_field.label, star,
        mark_safe(' class="is-invalid"') if errors else "", options, notes,
    )  # fmt: skip


@register.simple_tag
def labelled_fields(form):
    """`{% labelled_fields form %}`: every field of a form with its label, help and errors, radio groups as a
    fieldset with a legend – the markup of `consultations/_form_fields.html`, which calls it.

    That partial looped over the fields and, for a radio group, over Django's subwidgets (a context dict, its
    attributes and an option dict per choice); on the case log's two forms the partial took about a quarter
    of the page's time (issue #13)."""
    return format_html_join("\n", "{}", ((_labelled_field(bound_field),) for bound_field in form))


def _labelled_field(bound_field):
    field = bound_field.field
    errors = bound_field.errors
    error_html = (
        format_html(
            '<div class="text-danger small" id="{}-error">{}</div>',
            bound_field.auto_id,
            format_html_join(" ", "{}", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    if getattr(field.widget, "input_type", None) == "radio":
        return format_html(
            '<fieldset class="mb-3"{}>\n  <legend class="form-label fs-6">{}</legend>\n{}\n  {}\n</fieldset>',
            format_html(' aria-describedby="{}-error"', bound_field.auto_id) if errors else "",
            bound_field.label,
            _radio_options(bound_field),
            error_html,
        )
    help_html = format_html('<div class="form-text">{}</div>', field.help_text) if field.help_text else ""
    return format_html(
        '<div class="mb-3">\n  <label class="form-label" for="{}">{}</label>\n  {}\n  {}\n  {}\n</div>',
        bound_field.id_for_label,
        bound_field.label,
        widget_html(bound_field, None),
        help_html,
        error_html,
    )


def _radio_options(bound_field):
    """The radio buttons as Django's `RadioSelect` subwidgets give them: ids `<id>_<n>`, the first option
    whose value is the field's value checked, `required` on each when the field is."""
    field = bound_field.field
    required = mark_safe(" required") if field.required else ""
    option_html = (
        '  <div class="form-check form-check-inline">\n'
        '    <input class="form-check-input" type="radio" name="{}" value="{}" id="{}"{}{}>\n'
        '    <label class="form-check-label" for="{}">{}</label>\n  </div>'
    )
    return format_html_join(
        "\n",
        option_html,
        (
            (bound_field.html_name, value, option_id, CHECKED if checked else "", required, option_id, label)
            for value, checked, option_id, label in _radio_choices(bound_field)
        ),
    )


def _radio_choices(bound_field):
    """(value, checked, id, label) of each radio button."""
    widget = bound_field.field.widget
    choices = [choice for choice in widget.choices]  # noqa: C416 -- not list(): see widget_html
    if any(isinstance(label, list | tuple) for _value, label in choices):
        # option groups: Django's subwidgets number them
        return [
            (choice.data["value"], choice.data["selected"], choice.id_for_label, choice.choice_label)
            for choice in bound_field.subwidgets
        ]
    values = widget.format_value(bound_field.value())
    base_id = bound_field.auto_id
    found, checked_one = [], False
    for index, (value, label) in enumerate(choices):
        checked = not checked_one and str(value) in values
        checked_one = checked_one or checked
        found.append((value, checked, f"{base_id}_{index}" if base_id else None, label))
    return found


@register.simple_tag
def form_widget(bound_field):
    """`{{ field }}`: the widget alone, with the attributes Django gives it, written by `widget_html`."""
    return widget_html(bound_field, None)


@register.simple_tag
def select_options(choices, chosen, separator="\n"):
    """`{% select_options choices chosen %}`: the <option> elements of a select, the chosen value marked.

    For selects written by hand (the directory's filters); a loop in the template cost more than the rest of
    such a page."""
    return options_html(choices, chosen, separator)


def options_html(choices, chosen, separator="\n"):
    chosen = "" if chosen is None else str(chosen)
    return format_html_join(
        separator,
        '<option value="{}"{}>{}</option>',
        ((str(option), " selected" if str(option) == chosen else "", label) for option, label in choices),
    )


def widget_html(bound_field, classes):
    """The widget's HTML as Django's own widget templates would write it, without a template per option.

    `classes` replaces the widget's own class attribute; None keeps it.
    """
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs({} if classes is None else {"class": classes}, widget)
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
        # Not list(): it asks a model choice field's iterator for its length first, a COUNT query of its own.
        choices = [choice for choice in widget.choices]  # noqa: C416
        if any(isinstance(label, list | tuple) for _value, label in choices):
            # option groups: Django's own templates
            return bound_field.as_widget(attrs=None if classes is None else {"class": classes})
        return format_html('<select name="{}"{}>\n{}\n</select>', name, flatatt(attrs), options_html(choices, value))
    if isinstance(widget, forms.ClearableFileInput):
        # Django's template: the stored file's "Currently / Clear" controls, and no value attribute.
        return bound_field.as_widget(attrs=None if classes is None else {"class": classes})
    if isinstance(widget, Input) and not isinstance(widget, forms.MultipleHiddenInput):
        if isinstance(widget, forms.PasswordInput) and not widget.render_value:
            value = None
        shown = widget.format_value(value)
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html('<input type="{}" name="{}"{}{}>', widget.input_type, name, value_attr, flatatt(attrs))
    return bound_field.as_widget(attrs=None if classes is None else {"class": classes})
