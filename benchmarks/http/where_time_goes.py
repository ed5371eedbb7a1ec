"""Where a page's time goes: `python benchmarks/http/where_time_goes.py PATH [--user LOGIN] [--n 20]`.

`--private-link` opens the first bench application's emailed link first, as the applicant's browser does,
and profiles the private page it leads to (PATH is then ignored; pass any, e.g. `-`).

Runs the request in-process with the bench settings (production middleware, the cached template loader,
the seed_bench data in DATABASE_URL) under cProfile, after one warm-up request, and prints the 30 most
expensive functions by cumulative and by own time, and the queries of one request.

`--post` profiles the application POST instead (PATH defaults to the open call's form; with
`--form request`, a municipality's consultation request). Every request sends a complete multipart body as
`run.py` does – the CSRF token of a GET of the form (checked: the client enforces CSRF), its own start token
(backdated past POOL_MIN_FILL_SECONDS, so nothing waits; the server still checks its signature, single use
and fill time), its own applicant (`bench-post-…`) with the real PDF, or its own contact person with a
requestable municipality – and must be answered with the redirect. The rows it created are removed at the
end. Besides wall-clock times it prints the process's CPU time, which leaves out the waits for PostgreSQL
and Redis and so says what the code costs on a busy machine.
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
    parser.add_argument("path", nargs="?")
    parser.add_argument("--post", action="store_true", help="profile a public form's POST")
    parser.add_argument("--form", default="application", choices=["application", "request"], help="with --post")
    parser.add_argument("--user", default=None)
    parser.add_argument("--private-link", action="store_true", help="profile the application's private page")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="restrict the cumulative table to paths matching this regex")
    parser.add_argument("--cpu", action="store_true", help="profile CPU time (waits for the database left out)")
    parser.add_argument("--queries", action="store_true", help="print the queries of one request")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "miglobe.settings.bench"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    if args.post:
        return profile_post(args)
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
    with connection.execute_wrapper(timed(queries)):
        client.get(args.path)
    print_timings([measure(lambda: client.get(args.path)) for _ in range(args.n)])
    profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    report(profiler, queries, args)


def measure(action) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one request. The CPU time of this process leaves out the waits for
    PostgreSQL and Redis, so it says what the code costs even when other work shares the machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def print_timings(timings):
    wall, cpu = [w for w, _ in timings], [c for _, c in timings]
    print(
        f"unprofiled: median {statistics.median(wall) * 1000:.1f} ms, fastest {min(wall) * 1000:.1f} ms; "
        f"CPU of this process median {statistics.median(cpu) * 1000:.1f} ms, least {min(cpu) * 1000:.1f} ms"
    )


def timed(queries):
    """An execute wrapper that notes each statement with its time (ms) in `queries`."""

    def wrapper(execute, sql, *rest):
        started = time.perf_counter()
        try:
            return execute(sql, *rest)
        finally:
            queries.append(f"{(time.perf_counter() - started) * 1000:6.2f} ms  {sql}")

    return wrapper


def report(profiler, queries, args):
    stats = pstats.Stats(profiler)
    print(
        f"{len(queries)} queries per request; {stats.total_tt / args.n * 1000:.1f} ms and "
        f"{stats.total_calls // args.n} function calls per request profiled"
    )
    if args.queries:
        for sql in queries:
            print("  ", sql[:200])
    stats.sort_stats(args.sort).print_stats(*([args.only, 30] if args.only else [30]))
    stats.sort_stats("tottime").print_stats(20)


def profile_post(args):
    """A public form's POST (`--form application` or `request`), in-process, with everything a real
    browser sends."""
    import random
    import re
    import uuid

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from benchmarks.http.data import REQUEST, forget_posted, posted_rows, purge_bench_queue
    from benchmarks.http.run import post_body, post_context
    from miglobe.core.antispam import start_token
    from pool.bench_data import OPEN_CALL_SLUG

    if args.form == REQUEST:
        path = args.path or reverse("consultations:request_start")
    else:
        path = args.path or reverse("pool:application_create", kwargs={"slug": OPEN_CALL_SLUG})
    client = Client(
        enforce_csrf_checks=True,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ORIGIN="https://127.0.0.1",
        HTTP_HOST="127.0.0.1",
    )
    form = client.get(path)
    assert form.status_code == 200, f"GET {path}: {form.status_code}"
    csrf_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content).group(1).decode()
    context, boundary = post_context(args.form), f"----bench{uuid.uuid4().hex}"
    rng = random.Random(13)  # noqa: S311 -- test data, repeatable
    typed_since = time.time() - settings.POOL_MIN_FILL_SECONDS - 1

    def post():
        # As under wrk: each visitor comes with the CSRF cookie only – without the session of an earlier one, and
        # without the `messages` cookie, which otherwise piled up every earlier post's "Vielen Dank!" (up to 60,
        # read and written again by every post: half a millisecond that no visitor under wrk costs).
        for name in [name for name in client.cookies if name != settings.CSRF_COOKIE_NAME]:
            del client.cookies[name]
        token = start_token(typed_since)
        body = post_body(args.form, rng, csrf_token=csrf_token, token=token, boundary=boundary, context=context)
        response = client.post(path, body, content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code == 302, f"POST {path}: {response.status_code}"
        return response

    before = posted_rows(args.form)
    try:
        post()
        queries = []
        with connection.execute_wrapper(timed(queries)):
            post()
        print_timings([measure(post) for _ in range(args.n)])
        profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            post()
        profiler.disable()
        created = posted_rows(args.form) - before
        print(f"{2 * args.n + 2} posts answered with the redirect, {created} rows created")
        report(profiler, queries, args)
    finally:
        forget_posted()
        purge_bench_queue()


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
