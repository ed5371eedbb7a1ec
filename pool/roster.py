"""Columns of the staff roster that other apps fill in (qualification progress, assignments, fees).

    from pool.roster import register_column
    register_column(
        key="qualification",
        label=_("Qualifizierung"),
        annotate=lambda qs: qs.annotate(modules_done=Count(...)),   # one annotation, no extra query per row
        render=lambda advisor: f"{advisor.modules_done}/6",          # reads only what annotate added
        order=20,
    )

Call it in the app's AppConfig.ready(). The roster applies every column's annotation to its one queryset,
so the page keeps the same number of queries however large the pool grows; a renderer that queries per
row would break the roster's query-count test.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class RosterColumn:
    key: str
    label: str
    annotate: Callable[[QuerySet], QuerySet]
    render: Callable[[object], object]
    order: int = 50


_columns: dict[str, RosterColumn] = {}


def register_column(*, key, label, annotate, render, order=50) -> RosterColumn:
    column = RosterColumn(key=key, label=label, annotate=annotate, render=render, order=order)
    _columns[key] = column  # by key: registering again replaces, never duplicates
    return column


def unregister_column(key) -> None:
    _columns.pop(key, None)


def columns() -> list[RosterColumn]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.key))


def annotate(queryset: QuerySet) -> QuerySet:
    for column in columns():
        queryset = column.annotate(queryset)
    return queryset


def cells(advisor) -> list:
    """The registered columns' values for one advisor of an annotated queryset, in column order."""
    return [column.render(advisor) for column in columns()]
