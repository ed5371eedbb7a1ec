"""Tests: DATABASE_URL / REDIS_URL / CELERY_BROKER_URL from the environment (PostgreSQL and Redis in CI)."""

import os
import uuid

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = "http://testserver"

# A small model with reminder rules, for testing the reminder engine without any domain app.
INSTALLED_APPS = [*INSTALLED_APPS, "miglobe.core.tests.testapp"]  # noqa: F405

# Each test run on a shared broker publishes to and consumes from its own queue, so a Celery worker started
# by a test never picks up tasks that another run (or another developer's run on the same Redis) left
# behind. The variable is set for the whole run, so worker processes started by the tests inherit the same
# name. The file-system broker of the quick start is not shared: one fixed name is enough there.
_shared_broker = not CELERY_BROKER_URL.startswith("filesystem://")  # noqa: F405
_run_queue = f"miglobe-test-{uuid.uuid4().hex[:12]}" if _shared_broker else "miglobe-test"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("MIGLOBE_TEST_QUEUE") or _run_queue
os.environ["MIGLOBE_TEST_QUEUE"] = CELERY_TASK_DEFAULT_QUEUE

# Throttle counters (password reset, "send me a new link", the public form) live in the cache; with a shared
# Redis each test run starts from zero instead of inheriting the last run's counts.
CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"  # noqa: F405
