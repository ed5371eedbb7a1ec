"""The HTTP benchmark (`make bench-http`): the production settings, on loopback, plus the floor view.

Everything production checks stays on: DEBUG off, the cached template loader, whitenoise, HSTS, secure
cookies (the load generator sends `X-Forwarded-Proto: https` as the proxy in front of gunicorn does), CSRF,
the form's start token and honeypot. What differs, and why:
- the addresses and secrets production requires get loopback defaults, so a fresh clone can run it;
- the floor view (one query, a 20-row template) is served at /_bench/floor/ – only here;
- the minimum fill time of public forms is 1 s instead of 3 (the driver fetches its start tokens and waits
  before the load starts; the check itself runs on every post);
- the per-visitor rate limit of public forms is raised: every simulated applicant comes from 127.0.0.1;
- Celery tasks go to a queue of their own, which the driver empties afterwards.
"""

import os

_BENCH_DEFAULTS = {
    "SECRET_KEY": "bench-only-secret-key-never-used-in-production-" + "b" * 20,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "https://127.0.0.1",
    "CELERY_BROKER_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "DEFAULT_FROM_EMAIL": "bench@localhost",
    # Nothing is delivered during the benchmark (no worker runs); production refuses console backends.
    "EMAIL_URL": "smtp://127.0.0.1:2525",
    "PRIVATE_MEDIA_ROOT": str(__import__("pathlib").Path(__file__).resolve().parents[2] / "var" / "bench-private"),
    "STATIC_ROOT": str(__import__("pathlib").Path(__file__).resolve().parents[2] / "var" / "bench-static"),
}
for _name, _value in _BENCH_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from .production import *  # noqa: E402, F403
from .production import BASE_DIR, TEMPLATES  # noqa: E402

ROOT_URLCONF = "benchmarks.http.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "http" / "templates"]

POOL_MIN_FILL_SECONDS = 1
POOL_SUBMISSION_RATE = "100000/m"
CELERY_TASK_DEFAULT_QUEUE = "miglobe-bench"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
