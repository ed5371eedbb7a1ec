"""`{% fast_result_list cl %}`: the change list's rows as Django's `{% result_list %}` writes them, for admins
with `FastListMixin`, at a fraction of the cost (docs/decisions/0125-admin-pages-at-the-floor.md).

Django's `items_for_result` works out every cell from scratch: it looks the column name up on the model
(an exception for every admin method), asks for the empty-value text, reverses the change URL and parses
the preserved filters again, and formats each cell through `format_html`, about 0.4 ms a row of nine
columns. Here each column is resolved once per page and each row is a single string; the cells, their
classes, the links and the escaping are the same. Anything the short way does not cover (editable lists,
popups, columns that are neither model fields nor admin methods) goes through Django's own code.
"""

import datetime
import re

from django import template
from django.conf import settings
from django.contrib.admin.templatetags.admin_list import (
    _coerce_field_name,
    admin_list_filter,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import _get_non_gfk_field, display_for_field, display_for_value
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import HiddenInput, Select
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from miglobe.core.admin_lists import datetime_text
from miglobe.core.html import conditional_escape

register = template.Library()

ENCODED_QUERY = re.compile(r"[A-Za-z0-9_.~%+=&?-]*")
SENTINEL = "0fast0list0pk0"  # stands for the primary key in the change URL reversed once per page


class Unsupported(Exception):
    """A column or list the short way does not cover: Django's own rendering takes over."""


def _link_in_col(is_first, field_name, cl):
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return field_name in cl.list_display_links


def _change_url_parts(cl):
    """The change URL with the list's preserved filters, escaped, split around the primary key."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters

    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(SENTINEL,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, found, after = str(escape(url)).partition(SENTINEL)
    if not found:
        raise Unsupported
    return before, after


def _column(cl, field_name, index, is_first_link_candidate):
    """(render(obj) -> safe cell HTML, takes_link) for one column, resolved once."""
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    try:
        field = _get_non_gfk_field(cl.lookup_opts, field_name)
    except FieldDoesNotExist:
        field = None
    except Exception as error:  # FieldIsAForeignKeyColumnName and the like: Django's way
        raise Unsupported from error
    classes = [f"field-{_coerce_field_name(field_name, index)}"]
    if field is None:
        if callable(field_name):
            attr = field_name
        elif isinstance(field_name, str) and field_name != "__str__" and hasattr(model_admin, field_name):
            attr = getattr(model_admin, field_name)
        else:
            raise Unsupported  # a model method, property or related lookup
        if field_name == "action_checkbox":
            classes = ["action-checkbox"]
        empty = getattr(attr, "empty_value_display", empty)
        boolean = getattr(attr, "boolean", False)

        def value_html(obj):
            value = attr(obj)
            if not boolean and value.__class__ in (str, SafeString):
                return (value if value.strip() else empty), False
            if value.__class__ is int and not boolean and not settings.USE_THOUSAND_SEPARATOR:
                return str(value), False  # what number_format writes for an int without grouping
            return display_for_value(value, empty, boolean), isinstance(value, (datetime.date, datetime.time))

    else:
        if field.auto_created:
            raise Unsupported
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes.append("nowrap")
        if isinstance(field.remote_field, models.ManyToOneRel):  # a foreign key: the related object's str()

            def value_html(obj):
                related = getattr(obj, field.name)
                return (empty if related is None else related), False

        elif isinstance(field, models.DateTimeField) and not field.flatchoices:

            def value_html(obj):
                value = getattr(obj, field_name)
                return (empty if value is None else datetime_text(value)), False

        elif field.flatchoices:
            labels = dict(field.flatchoices)  # display_for_field builds this dict for every cell

            def value_html(obj):
                value = getattr(obj, field_name)
                if isinstance(value, str) and value.strip() == "":
                    value = ""
                try:
                    return labels.get(value, empty), False
                except TypeError:  # an unhashable value: Django's way
                    return display_for_field(value, field, empty, avoid_link=is_first_link_candidate), False

        else:
            # The two commonest cells without display_for_field's chain of checks, with the text it ends in.
            text_field = isinstance(field, (models.CharField, models.TextField)) and not isinstance(
                field,
                models.URLField,  # shown as a link
            )
            integer_field = isinstance(field, models.IntegerField) and not settings.USE_THOUSAND_SEPARATOR

            def value_html(obj):
                value = getattr(obj, field_name)
                if value.__class__ is str and text_field and value.strip():
                    return value, False
                if value.__class__ is int and integer_field:
                    return str(value), False
                if isinstance(value, str) and value.strip() == "":
                    value = ""
                return display_for_field(value, field, empty, avoid_link=is_first_link_candidate), False

    plain = ' class="{}"'.format(" ".join(classes))
    nowrap = ' class="{}"'.format(" ".join([*classes, "nowrap"]))

    def render(obj):
        html, wraps_not = value_html(obj)
        return (nowrap if wraps_not else plain), conditional_escape(html)

    return render


def fast_rows(cl):
    """Each row of the page as one safe string, equal to what Django's `items_for_result` joins."""
    if cl.formset or cl.is_popup or cl.to_field:
        raise Unsupported
    if cl.lookup_opts.pk.attname != "id" or not isinstance(cl.lookup_opts.pk, models.AutoField):
        raise Unsupported  # the change URL is built from an integer key
    columns, first = [], True
    for index, field_name in enumerate(cl.list_display):
        takes_link = _link_in_col(first, field_name, cl)
        if isinstance(field_name, str) and "__" in field_name:
            raise Unsupported
        render = _column(cl, field_name, index, takes_link)
        tag = None
        if takes_link:
            tag = "th" if first else "td"
            first = False
        columns.append((render, tag))
    url_parts = _change_url_parts(cl) if any(tag for _render, tag in columns) else None
    rows = []
    for obj in cl.result_list:
        cells = []
        for render, tag in columns:
            class_attr, html = render(obj)
            if tag is None:
                cells.append(f"<td{class_attr}>{html}</td>")
            elif url_parts is None:
                cells.append(f"<{tag}{class_attr}>{html}</{tag}>")
            else:
                cells.append(f'<{tag}{class_attr}><a href="{url_parts[0]}{obj.pk:d}{url_parts[1]}">{html}</a></{tag}>')
        rows.append([mark_safe("".join(cells))])  # noqa: S308 (every value above was escaped unless safe)
    return rows


def fast_result_list(cl: ChangeList):
    if not getattr(cl.model_admin, "fast_rows", False):
        return result_list(cl)
    try:
        rows = fast_rows(cl)
    except Unsupported:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows,
    }


@register.simple_tag
def fast_list_filter(cl, spec):
    """`{% admin_list_filter cl spec %}` with the markup of `admin/filter.html` written here: the template's
    loop cost more than the list's rows (a third of the application list's function calls)."""
    if not getattr(cl.model_admin, "fast_rows", False) or spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    title = conditional_escape(spec.title)
    # The template's {% blocktranslate with filter_title=title %} By {{ filter_title }} {% endblocktranslate %}
    summary = gettext(" By %(filter_title)s ") % {"filter_title": title}
    parts = [f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {summary}\n  </summary>\n  <ul>\n  ']
    for choice in spec.choices(cl):
        selected = ' class="selected"' if choice["selected"] else ""
        query = choice["query_string"]
        # The change list's query strings come percent-encoded from urlencode: iriencode would leave them as
        # they are, so it is asked only of anything else.
        href = escape(query if ENCODED_QUERY.fullmatch(query) else iri_to_uri(query))
        parts.append(f'\n    <li{selected}>\n    <a href="{href}">{conditional_escape(choice["display"])}</a></li>\n  ')
    parts.append("\n  </ul>\n</details>\n")
    return mark_safe("".join(parts))  # noqa: S308 (title, links and labels escaped above)


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=fast_result_list, template_name="change_list_results.html", takes_context=False
    )


@register.simple_tag
def fast_action_fields(cl, action_form):
    """The action form's fields as `admin/actions.html` writes them (`<label>Aktion: <select …>` and the hidden
    "select across" field), without a template per option and attribute. Only Django's own unbound form is
    written here; anything else is rendered as Django's template does."""
    fields = action_form.fields
    standard = (
        getattr(cl.model_admin, "fast_rows", False)
        and not action_form.is_bound
        and list(fields) == ["action", "select_across"]
        and type(fields["action"].widget) is Select
        and type(fields["select_across"].widget) is HiddenInput
        and not action_form.auto_id
    )
    if not standard:
        return mark_safe(  # noqa: S308 (each part is Django's own rendering)
            "".join(
                format_html("<label>{} {}</label>", field.label, field) if field.label else str(field)
                for field in action_form
            )
        )
    action = action_form["action"]
    chosen = action.value()
    chosen = "" if chosen is None else str(chosen)
    required = " required" if action.field.required and action.field.widget.use_required_attribute(chosen) else ""
    options = "".join(
        f'\n  <option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>{escape(label)}</option>\n'
        for value, label in action.field.choices
    )
    across = action_form["select_across"]
    across_value = across.field.widget.format_value(across.value())
    value_attr = "" if across_value is None else f' value="{escape(across_value)}"'
    return mark_safe(  # noqa: S308 (values and labels escaped above)
        f'<label>{escape(action.label)} <select name="action"{required}>{options}\n</select></label>'
        f'<input type="hidden" name="select_across"{value_attr} class="select-across">'
    )
