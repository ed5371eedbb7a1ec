"""`{% fast_fieldset %}`: a change page's fieldset of read-only fields as Django's
`admin/includes/fieldset.html` writes it, without the template (docs/decisions/0171-admin-read-only-fieldsets.md).

The template walks every line and field with a dozen `{% if %}` and lookups each; on the application's page,
where every field is read-only, the fieldsets cost more than the rest of the page. Written here are only
fieldsets whose every line holds one read-only field – the same elements, classes, labels, contents and help
texts; any other fieldset (a form that can be edited, several fields on a line) is rendered by Django's template.
"""

from django import template
from django.contrib.admin.helpers import AdminReadonlyField
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

DJANGO_FIELDSET = "admin/includes/fieldset.html"


def _read_only_fields(fieldset):
    """The fieldset's fields, one per line, if every one is read-only; else None."""
    fields = []
    for line in fieldset:
        if len(line.fields) != 1:
            return None
        (field,) = line
        if not isinstance(field, AdminReadonlyField):
            return None
        fields.append(field)
    return fields


def _field_html(field):
    name = field.field["name"]
    row_class = f"form-row field-{name}" if name else "form-row"
    help_html = ""
    if field.field["help_text"]:
        hidden = " hidden" if field.field["is_hidden"] else ""
        help_html = f'<div class="help{hidden}"><div>{field.field["help_text"]}</div></div>'
    return (
        f'<div class="{row_class}"><div><div class="flex-container">{field.label_tag()}'
        f'<div class="readonly">{field.contents()}</div></div>{help_html}</div></div>'
    )


@register.simple_tag(takes_context=True)
def fast_fieldset(context, fieldset, heading_level=2, prefix="fieldset", id_prefix=0, id_suffix=0):
    """`{% include "admin/includes/fieldset.html" with heading_level=… prefix=… id_prefix=… id_suffix=… %}`."""
    fields = _read_only_fields(fieldset)
    if fields is None:
        values = {"fieldset": fieldset, "heading_level": heading_level, "prefix": prefix}
        with context.push(**values, id_prefix=id_prefix, id_suffix=id_suffix):
            return context.template.engine.get_template(DJANGO_FIELDSET).render(context)
    heading_id = f"{prefix}-{id_prefix}-{id_suffix}-heading"
    parts = [f'<fieldset class="module aligned {conditional_escape(fieldset.classes)}"']
    if fieldset.name:
        parts.append(f' aria-labelledby="{heading_id}">')
        heading = f'<h{heading_level} id="{heading_id}" class="fieldset-heading">{conditional_escape(fieldset.name)}'
        heading += f"</h{heading_level}>"
        parts.append(f"<details><summary>{heading}</summary>" if fieldset.is_collapsible else heading)
    else:
        parts.append(">")
    if fieldset.description:
        parts.append(f'<div class="description">{fieldset.description}</div>')
    parts.extend(_field_html(field) for field in fields)
    if fieldset.name and fieldset.is_collapsible:
        parts.append("</details>")
    parts.append("</fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 (names escaped; labels, contents and help texts as Django's template writes them)
