"""Test helpers shared by every app: headless Chromium, the axe-core scan, query counting and the outbox."""

import os
import shutil
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

BLOCKING_IMPACTS = {"serious", "critical"}

# Without the background-networking flags Chromium keeps trying to reach Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if os.path.exists(candidate):
        return candidate
    return shutil.which("chromium")


def blocking_violations(page) -> list[dict]:
    """Run axe-core on the page and return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page) -> None:
    violations = blocking_violations(page)
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )
    assert not violations, f"axe found serious/critical violations on {page.url}:\n{details}"


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def assert_constant_queries(action: Callable[[], object], grow: Callable[[int], object]) -> int:
    """Assert that `action` runs as many queries after the data grew tenfold as before.

    `grow(n)` adds n more rows of whatever the page lists; the page is measured at 1× and 10×.
    Returns the count so the caller can also pin it exactly.
    """
    grow(1)
    action()  # warm caches (content types, sessions) so both measurements see the same state
    before = count_queries(action)
    grow(9)
    after = count_queries(action)
    assert before == after, f"query count grew with the data: {before} at 1×, {after} at 10×"
    return after


def deliver_outbox() -> list:
    """Send every queued, due outbox row now, in this process, through the configured email backend.

    In tests that backend is Django's locmem one, so the messages also land in `django.core.mail.outbox`.
    Returns the sent `EmailMessage`s, oldest first – feature tests assert on emails without a worker.
    """
    from django.utils import timezone

    from miglobe.core.models import OutboxMessage
    from miglobe.core.outbox import deliver_message

    now = timezone.now()
    sent = []
    for message_id in OutboxMessage.objects.due(now).order_by("pk").values_list("pk", flat=True):
        attempt = deliver_message(message_id=message_id, now=now)
        if attempt is not None and attempt.sent:
            sent.append(attempt.email)
    return sent
