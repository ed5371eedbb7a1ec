"""Django's `format_html`, `format_html_join` and `conditional_escape`, for markup written a thousand values at
a time (`{% form_field %}` and its kin).

Django's `escape` is wrapped by `keep_lazy`, which looks at every argument of every call for a lazy
translation before it escapes; `format_html` goes through it once per value. On the portal's profile
(31 fields, the 45 Kreise, the topics) that check and the wrappers around it took about a quarter of the
page (issue #13). These functions escape the same way – a lazy text is turned into its string first, a value
with `__html__` (a SafeString, a form's bound field) gives its own markup, everything else is
`html.escape(str(value))` – and return the same SafeString; the tests compare them with Django's.
"""

import html
from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.safestring import SafeString


def conditional_escape(value) -> SafeString:
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return SafeString(value.__html__())
    # Marked safe as Django's is: markup built from it (`format_html(…, conditional_escape(x))`) must not
    # escape it a second time.
    return SafeString(html.escape(str(value)))


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """`str.format` with every value escaped, the result marked safe: `django.utils.html.format_html`."""
    return SafeString(
        format_string.format(
            *[conditional_escape(arg) for arg in args],
            **{name: conditional_escape(value) for name, value in kwargs.items()},
        )
    )


def format_html_join(sep: str, format_string: str, args_generator) -> SafeString:
    """`django.utils.html.format_html_join`: each row formatted by `format_html`, joined by the escaped `sep`."""
    return SafeString(
        conditional_escape(sep).join(
            format_html(format_string, **args) if isinstance(args, Mapping) else format_html(format_string, *args)
            for args in args_generator
        )
    )


def flatatt(attrs: dict) -> SafeString:
    """`django.forms.utils.flatatt`: ` key="value"` pairs in key order, then the true boolean attributes."""
    pairs = sorted((name, value) for name, value in attrs.items() if value is not None and not isinstance(value, bool))
    flags = sorted((name,) for name, value in attrs.items() if value is True)
    return SafeString(format_html_join("", ' {}="{}"', pairs) + format_html_join("", " {}", flags))
