"""URLs for many rows at the cost of one `reverse()`.

A list that links each row with `{% url %}` resolves the route once a row; on the portal home's 53
assignments that was more time than the rest of the section (issue #13). `pk_url` reverses once with a
marker and fills in each row's id, which gives the same URL as `reverse()` for a route whose only argument
is an integer.
"""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 9_876_543_210_123


def pk_url(viewname: str, kwarg: str = "pk") -> Callable[[int], str]:
    """`pk_url("consultations:case_log")(17)` == `reverse("consultations:case_log", kwargs={"pk": 17})`."""
    url = reverse(viewname, kwargs={kwarg: _MARKER})
    prefix, marker, suffix = url.partition(str(_MARKER))
    if not marker or str(_MARKER) in suffix:
        raise ValueError(f"{viewname}: the URL does not carry its argument exactly once")
    return lambda pk: f"{prefix}{int(pk)}{suffix}"
