"""`make bench-http`: every page under gunicorn, against the floor, alternately, in the same run.

Starts gunicorn (2 sync workers, `miglobe.settings.bench` = production settings on loopback) on PostgreSQL
and Redis, warms it up, then for each target runs wrk three times, each time right after a run against the
floor view, and keeps the medians. The ratio of a target's requests/s to the floor's of the same rounds is
what the goals judge, so they hold on any machine and under any background load. Writes
benchmarks/results/latest.json and latest.md, prints the table, and exits 1 when a goal is missed.

Needs the volumes of `manage.py seed_bench` in DATABASE_URL (the Makefile target loads them).
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.http.data import (  # noqa: E402 -- the project root must be importable first
    FLOOR_PATH,
    POSTED_EMAIL_PREFIX,
    PRIVATE_LINK,
    REQUEST,
    Target,
    duplicate_posted_rows,
    forget_posted,
    get,
    posted_rows,
    private_link_session,
    purge_bench_queue,
    session_cookie,
    targets,
)

RESULTS_DIR = ROOT / "benchmarks" / "results"

# Goal per kind of target: the least throughput as a share of the floor's, and the most p95 as a multiple
# of the floor's p95 (None: not judged).
GOALS = {
    "public": (0.40, 2.5),  # every public and portal GET
    "post": (0.20, None),  # the application and request POSTs, with 0 errors and one row per success
    "staff": (0.20, None),  # admin list, change page, matching page, matrix, at scale 1
    # Not judged: what the framework costs before a page does its own work (decision 0190) – the floor view
    # for a signed-in staff member, and the admin's list of the eight topics (3 columns, no filter).
    "reference": (None, None),
}


@dataclass
class Measurement:
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int
    requests: int = 0
    exhausted: int = 0


@dataclass
class Row:
    name: str
    path: str
    kind: str
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int
    floor_rps: float
    floor_p95_ms: float
    ratio: float
    goal: float | None  # None: a reference, not judged
    p95_goal: float | None
    passed: bool
    notes: list[str] = field(default_factory=list)


# --- Django, in the driver: sessions, ids, start tokens, row counts -------------------------------


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "miglobe.settings.bench"
    import django

    django.setup()


# --- The application POST's bodies ---------------------------------------------------------------


def real_pdf() -> bytes:
    """A small but complete PDF (one page, one line of text, a correct xref table)."""
    stream = b"BT /F1 18 Tf 72 720 Td (Lebenslauf - Benchmark) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]], boundary: str) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content_type, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        parts.append(head + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def csrf_for_form(port: int, path: str) -> tuple[str, str]:
    """A real CSRF cookie and form token, from a GET of the form as a browser would make it."""
    status, headers, body = get(port, path)
    assert status == 200, f"GET {path}: {status}"
    cookie = next(v for k, v in headers if k.lower() == "set-cookie" and v.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie.split(";", 1)[0], token


def application_fields(rng, *, csrf_token: str, topic: str, token: str) -> list[tuple[str, str]]:
    """The fields of one complete application, with its own applicant (an email address with the prefix
    that `forget_posted` removes) and the given start token."""
    from pool.bench_data import FIRST_NAMES, LAST_NAMES

    fields = [
        ("csrfmiddlewaretoken", csrf_token),
        ("action", "submit"),
        ("started", token),
        ("pending_cv", ""),
        ("website", ""),
        ("first_name", rng.choice(FIRST_NAMES)),
        ("last_name", rng.choice(LAST_NAMES)),
        ("email", f"{POSTED_EMAIL_PREFIX}{uuid.uuid4().hex[:16]}@example.org"),
        ("phone", f"0711 {rng.randrange(1000000, 9999999)}"),
        ("home_region", "08111"),
        ("topics", topic),
        ("expertise_regions", "Türkei, Westafrika"),
        ("engagement", "Vorstand im Verein Brücken e. V."),
        ("municipal_experience", "Integrationsbeirat der Stadt Stuttgart"),
        ("motivation", "Ich möchte Kommunen bei der interkulturellen Öffnung begleiten."),
        ("availability_days", "3"),
        ("migration_background", ""),
        ("privacy_consent", "on"),
        ("languages-TOTAL_FORMS", "4"),
        ("languages-INITIAL_FORMS", "0"),
        ("languages-MIN_NUM_FORMS", "0"),
        ("languages-MAX_NUM_FORMS", "10"),
        ("languages-0-name", "Türkisch"),
        ("languages-0-level", "native"),
        ("languages-1-name", "Deutsch"),
        ("languages-1-level", "fluent"),
    ]
    for index in (2, 3):
        fields += [(f"languages-{index}-name", ""), (f"languages-{index}-level", "")]
    return fields


def request_fields(rng, *, csrf_token: str, topic: str, token: str, municipality) -> list[tuple[str, str]]:
    """The fields of one municipality's consultation request, as a browser sends them after the
    autocomplete filled in the municipality (its label, and its key in the hidden field)."""
    from pool.bench_data import FIRST_NAMES, LAST_NAMES

    key, label = municipality
    return [
        ("csrfmiddlewaretoken", csrf_token),
        ("started", token),
        ("website", ""),
        ("municipality_text", label),
        ("municipality_key", key),
        ("office", "Stabsstelle Integration"),
        ("contact_name", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"),
        ("contact_role", "Integrationsbeauftragte"),
        ("email", f"{POSTED_EMAIL_PREFIX}{uuid.uuid4().hex[:16]}@example.org"),
        ("phone", f"07071 {rng.randrange(100000, 999999)}"),
        ("topics", topic),
        ("situation", "Wir wollen den Integrationsbeirat stärken."),
        ("goals", "Mehr Beteiligung von Migrant*innenorganisationen."),
        ("desired_format", "dialogforum"),
        ("preferred_period", "Frühjahr 2027"),
        ("communities", "Arabisch, Türkisch"),
        ("privacy_consent", "on"),
    ]


def first_topic() -> str:
    from pool.models import Topic

    return str(Topic.objects.order_by("position", "pk").values_list("pk", flat=True).first())


def requestable_municipalities() -> list[tuple[str, str]]:
    """(key, label) of a few municipalities that may file a request, as the autocomplete offers them."""
    from consultations.forms import municipality_label
    from consultations.models import Municipality

    found = Municipality.objects.requestable().order_by("key")[:50]
    return [(m.key, municipality_label(m)) for m in found]


def post_body(form: str, rng, *, csrf_token: str, token: str, boundary: str, context: dict) -> bytes:
    """One complete body for a POST of `form` (data.APPLICATION or data.REQUEST), with its own start token and
    its own applicant or contact person. `context` holds what all bodies share (`post_context`)."""
    if form == REQUEST:
        fields = request_fields(
            rng,
            csrf_token=csrf_token,
            topic=context["topic"],
            token=token,
            municipality=rng.choice(context["municipalities"]),
        )
        return multipart(fields, [], boundary)
    fields = application_fields(rng, csrf_token=csrf_token, topic=context["topic"], token=token)
    return multipart(fields, [("cv", "lebenslauf.pdf", "application/pdf", context["pdf"])], boundary)


def post_context(form: str) -> dict:
    context = {"topic": first_topic()}
    if form == REQUEST:
        context["municipalities"] = requestable_municipalities()
    else:
        context["pdf"] = real_pdf()
    return context


def write_bodies(path: Path, count: int, *, form: str, csrf_token: str, boundary: str) -> None:
    """`count` complete posts, each with a fresh start token (minted by the form's own function: the server
    still checks its signature, its single use and the minimum fill time) and its own applicant."""
    import random

    from miglobe.core.antispam import start_token

    context = post_context(form)
    rng = random.Random(13)  # noqa: S311 -- test data, repeatable
    with path.open("wb") as out:
        for _ in range(count):
            body = post_body(form, rng, csrf_token=csrf_token, token=start_token(), boundary=boundary, context=context)
            out.write(body)
            out.write(b"\n--BENCH-BODY-END--\n")


# --- HTTP and wrk --------------------------------------------------------------------------------


def wrk(port, target: Target | None, *, args, cookie=None, env=None) -> Measurement:
    path = FLOOR_PATH if target is None else target.path
    script = HERE / ("post.lua" if target is not None and target.post else "report.lua")
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        "-H",
        "X-Forwarded-Proto: https",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if target is not None and target.post:
        command += ["-H", f"Origin: https://127.0.0.1:{port}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    environment = {**os.environ, "BENCH_THREADS": str(args.threads), **(env or {})}
    output = subprocess.run(command, capture_output=True, text=True, env=environment, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    return Measurement(
        requests_per_s=data["requests"] / data["seconds"],
        p50_ms=data["p50_ms"],
        p95_ms=data["p95_ms"],
        errors=data["unexpected"] + data["socket_errors"],
        requests=data["requests"],
        exhausted=data.get("exhausted", 0),
    )


def expected_status(port, target: Target, cookie) -> int:
    status, _headers, _body = get(port, target.path, cookie)
    return status


# --- The run -------------------------------------------------------------------------------------


def start_server(port, log_path) -> subprocess.Popen:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "miglobe.settings.bench"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "miglobe.wsgi",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(log_path),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)  # noqa: S603
    for _ in range(100):
        try:
            if get(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit(f"gunicorn ended at start (exit {server.returncode}); see {log_path}")
        time.sleep(0.2)
    stop_server(server)
    sys.exit(f"gunicorn did not answer /healthz; see {log_path}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def measure_post(port, target, args, workdir) -> tuple[list[Measurement], list[str]]:
    notes = []
    runs = []
    csrf_cookie, csrf_token = csrf_for_form(port, target.path)
    boundary = f"----bench{uuid.uuid4().hex}"
    for round_number in range(args.runs):
        forget_posted()
        bodies = workdir / f"bodies-{round_number}.txt"
        write_bodies(bodies, args.post_bodies, form=target.form, csrf_token=csrf_token, boundary=boundary)
        time.sleep(1.1)  # the minimum fill time of the bench settings (1 s) has passed for every token
        floor = wrk(port, None, args=args)
        before = posted_rows(target.form)
        measurement = wrk(
            port,
            target,
            args=args,
            cookie=csrf_cookie,
            env={"BENCH_BODIES": str(bodies), "BENCH_BOUNDARY": boundary},
        )
        time.sleep(1.0)  # posts cut off at the end of the run may still commit
        created = posted_rows(target.form) - before
        successes = measurement.requests - measurement.errors
        if measurement.exhausted:
            notes.append(f"round {round_number + 1}: {measurement.exhausted} posts ran out of bodies")
            measurement.errors += measurement.exhausted
        # wrk stops after its duration with up to one post per connection still in flight; the server may
        # finish those, so they can add a row that no counted response stands for.
        if not successes <= created <= successes + args.connections or duplicate_posted_rows(target.form):
            notes.append(f"round {round_number + 1}: {successes} successful posts but {created} rows")
            measurement.errors += abs(created - successes) or 1
        runs.append((floor, measurement))
        bodies.unlink()
    forget_posted()
    purge_bench_queue()
    return runs, notes


def summarise(target, pairs, notes) -> Row:
    floors = [floor for floor, _ in pairs]
    measured = [m for _, m in pairs]
    rps = statistics.median(m.requests_per_s for m in measured)
    floor_rps = statistics.median(f.requests_per_s for f in floors)
    floor_p95 = statistics.median(f.p95_ms for f in floors)
    p95 = statistics.median(m.p95_ms for m in measured)
    errors = sum(m.errors for m in measured)
    goal, p95_goal = GOALS[target.kind]
    ratio = rps / floor_rps if floor_rps else 0.0
    passed = (goal is None or ratio >= goal) and (p95_goal is None or p95 <= p95_goal * floor_p95) and errors == 0
    return Row(
        name=target.name,
        path=target.path,
        kind=target.kind,
        rps=round(rps, 1),
        p50_ms=round(statistics.median(m.p50_ms for m in measured), 1),
        p95_ms=round(p95, 1),
        errors=errors,
        floor_rps=round(floor_rps, 1),
        floor_p95_ms=round(floor_p95, 1),
        ratio=round(ratio, 2),
        goal=goal,
        p95_goal=p95_goal,
        passed=passed,
        notes=notes,
    )


def markdown(rows, environment) -> str:
    lines = [
        f"HTTP benchmark, {environment['when']}: gunicorn 2 sync workers, wrk {environment['load']}, "
        f"median of {environment['runs']} rounds, each right after a floor round. {environment['machine']}.",
        "",
        "| page | req/s | p50 | p95 | errors | floor req/s | floor p95 | ratio | goal | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for r in rows:
        if r.goal is None:
            goal, met = "reference", "–"
        else:
            goal = f"≥ {r.goal:.2f}" + (f", p95 ≤ {r.p95_goal}× floor" if r.p95_goal else "")
            met = "yes" if r.passed else "**no**"
        lines.append(
            f"| {r.name} | {r.rps:.0f} | {r.p50_ms:.0f} ms | {r.p95_ms:.0f} ms | {r.errors} | {r.floor_rps:.0f} | "
            f"{r.floor_p95_ms:.0f} ms | {r.ratio:.2f} | {goal} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8913)))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--post-bodies", type=int, default=4000, help="bodies prepared per POST round")
    parser.add_argument("--only", default="", help="run only targets whose name contains this")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    args = parser.parse_args()

    setup_django()
    chosen, missing = targets()
    if args.only:
        chosen = [t for t in chosen if args.only in t.name]
    cookies = {t.user: session_cookie(t.user) for t in chosen if t.user and t.user != PRIVATE_LINK}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="miglobe-bench-"))
    server = start_server(args.port, workdir / "gunicorn.log")
    rows = []
    try:
        if any(t.user == PRIVATE_LINK for t in chosen):
            cookies[PRIVATE_LINK] = private_link_session(args.port)
        unanswered = set()
        for target in chosen:  # warm up: every worker compiles templates and opens its connection
            for _ in range(0 if target.post else 20):
                try:
                    get(args.port, target.path, cookies.get(target.user))
                except OSError:  # no answer within the client's 30 s: reported, not measured
                    unanswered.add(target.name)
                    break
        for _ in range(200):
            get(args.port, FLOOR_PATH)
        for target in chosen:
            print(f"… {target.name}", flush=True)
            if target.name not in unanswered and not target.post:
                try:
                    status = expected_status(args.port, target, cookies.get(target.user))
                except OSError:
                    unanswered.add(target.name)
            if target.name in unanswered:
                nothing = Measurement(requests_per_s=0.0, p50_ms=0.0, p95_ms=0.0, errors=1)
                floor = wrk(args.port, None, args=args)
                rows.append(summarise(target, [(floor, nothing)], ["no answer within 30 s"]))
                print("  no answer within 30 s", flush=True)
                continue
            if target.post:
                pairs, notes = measure_post(args.port, target, args, workdir)
            else:
                cookie = cookies.get(target.user)
                notes = [] if status == 200 else [f"answers {status}"]
                pairs = []
                for _ in range(args.runs):
                    floor = wrk(args.port, None, args=args)
                    measured = wrk(args.port, target, args=args, cookie=cookie, env={"BENCH_EXPECT": "200"})
                    pairs.append((floor, measured))
            row = summarise(target, pairs, notes)
            rows.append(row)
            print(
                f"  {row.rps:8.1f} req/s  p50 {row.p50_ms:6.1f} ms  p95 {row.p95_ms:6.1f} ms  errors {row.errors}"
                f"  floor {row.floor_rps:7.1f} req/s  ratio {row.ratio:.2f}  {'ok' if row.passed else 'MISSED'}"
                + (f"  ({'; '.join(row.notes)})" if row.notes else ""),
                flush=True,
            )
    finally:
        stop_server(server)
        shutil.rmtree(workdir, ignore_errors=True)

    import platform

    from django.db import connection

    version = connection.pg_version
    environment = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": f"{args.threads} threads, {args.connections} connections, {args.duration} s",
        "runs": args.runs,
        "machine": f"{os.cpu_count()} cores, PostgreSQL {version // 10000}.{version % 10000}, "
        f"Python {platform.python_version()}",
        "not_yet_in_this_checkout": missing,
    }
    (RESULTS_DIR / "latest.json").write_text(
        json.dumps({"environment": environment, "rows": [asdict(r) for r in rows]}, indent=2, ensure_ascii=False)
    )
    table = markdown(rows, environment)
    (RESULTS_DIR / "latest.md").write_text(table)
    print()
    print(table)
    if missing:
        print(f"Not in this checkout yet (no URL): {', '.join(missing)}")
    missed = [r.name for r in rows if not r.passed]
    if missed:
        print(f"Goals missed: {', '.join(missed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
