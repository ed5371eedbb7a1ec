"""Benchmarks, run by `make bench` (never by `make test`): time and query count of the hot paths.

Each benchmark builds its data, runs the action a few times and records the median. The table is printed at
the end of the run. Nothing asserts on speed – a threshold on a shared or slow machine only produces flaky
failures; people compare the table between commits (docs/benchmarks.md). The benchmarks assert only that the
work was done (result counts), so a number never comes from a run that silently did nothing.
"""

from .support import ENVIRONMENT, RESULTS


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    write("")
    write(
        "Benchmarks (median of the timed runs; queries of one run) – "
        + ", ".join(f"{key} {value}" for key, value in ENVIRONMENT.items())
    )
    widths = (40, 5, 10, 17, 9, 7, 4)

    def row(*cells):
        # The name left-aligned, the numbers right-aligned.
        return " ".join(
            f"{cell:{'<' if i == 0 else '>'}{width}}" for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    header = row("benchmark", "size", "median", "min – max", "per item", "queries", "runs")
    write(header)
    write("-" * len(header))
    for r in RESULTS:
        write(
            row(
                r.name,
                r.size,
                f"{r.median_s * 1000:.0f} ms",
                f"{r.min_s * 1000:.0f} – {r.max_s * 1000:.0f} ms",
                f"{r.median_s / r.size * 1000:.2f} ms" if r.per_item else "–",
                r.queries,
                r.runs,
            )
        )
