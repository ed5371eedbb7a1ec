"""Where a page's time goes: `python benchmarks/http/where_time_goes.py PATH [--user LOGIN] [--n 20]`.

`--private-link` opens the first bench application's emailed link first, as the applicant's browser does,
and profiles the private page it leads to (PATH is then ignored; pass any, e.g. `-`).

Runs the request in-process with the bench settings (production middleware, the cached template loader,
the seed_bench data in DATABASE_URL) under cProfile, after one warm-up request, and prints the 30 most
expensive functions by cumulative and by own time, and the queries of one request.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", default=None)
    parser.add_argument("--private-link", action="store_true", help="profile the application's private page")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "miglobe.settings.bench"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
    if args.user:
        from benchmarks.http.data import sign_in

        sign_in(client, args.user)
    if args.private_link:
        args.path = open_private_link(client)
    response = client.get(args.path)
    print(f"status {response.status_code}, {len(response.content)} bytes")
    # Not CaptureQueriesContext: request_started resets the query log it reads.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(args.path)
    timings = []
    for _ in range(args.n):
        started = time.perf_counter()
        client.get(args.path)
        timings.append(time.perf_counter() - started)
    print(f"unprofiled: median {statistics.median(timings) * 1000:.1f} ms, fastest {min(timings) * 1000:.1f} ms")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"{len(queries)} queries per request; {stats.total_tt / args.n * 1000:.1f} ms per request profiled")
    stats.sort_stats(args.sort).print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


def open_private_link(client) -> str:
    """Exchange the first bench application's link for this client's session; returns the private page."""
    from urllib.parse import urlsplit

    from pool.bench_data import OPEN_CALL_SLUG
    from pool.links import APPLICATION_LINK
    from pool.models import Application

    application = Application.objects.filter(call__slug=OPEN_CALL_SLUG).order_by("pk").first()
    link = urlsplit(APPLICATION_LINK.url(application))
    response = client.get(f"{link.path}?{link.query}")
    assert response.status_code == 302, f"the private link answered {response.status_code}"
    return response["Location"]


if __name__ == "__main__":
    main()
