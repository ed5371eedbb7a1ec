"""Measuring for the benchmarks: `measure()` runs an action a few times and records the median."""

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django
from django.db import connection


@dataclass(frozen=True)
class Result:
    name: str
    size: int
    median_s: float
    min_s: float
    max_s: float
    queries: int
    runs: int
    per_item: bool  # whether time per item means something (not for a page that shows a fixed 100 rows)


RESULTS: list[Result] = []
ENVIRONMENT: dict[str, str] = {}


def measure(
    name: str,
    size: int,
    action: Callable[[Any], Any],
    *,
    setup: Callable[[], Any] = lambda: None,
    runs: int = 5,
    per_item: bool = True,
) -> Any:
    """Record the median time of `action(setup())` over `runs` runs, and its query count.

    A first, untimed run warms caches (content types, templates, sessions) and counts the queries, so
    capturing them does not slow the timed runs. `setup` is not timed. Returns the last run's value.
    """
    _note_environment()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    prepared = setup()
    # A wrapper rather than CaptureQueriesContext: no cap on the number (its log keeps the last 9000).
    with connection.execute_wrapper(count):
        value = action(prepared)
    timings = []
    for _ in range(runs):
        prepared = setup()
        started = time.perf_counter()
        value = action(prepared)
        timings.append(time.perf_counter() - started)
    RESULTS.append(Result(name, size, statistics.median(timings), min(timings), max(timings), queries, runs, per_item))
    return value


def analyze():
    """Refresh PostgreSQL's planner statistics after bulk inserts, as autovacuum would have in production."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _note_environment():
    if ENVIRONMENT:
        return
    database = connection.vendor
    if database == "postgresql":
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    ENVIRONMENT.update(
        {
            "database": database,
            "cores": str(os.cpu_count()),
            "python": platform.python_version(),
            "django": django.get_version(),
        }
    )
