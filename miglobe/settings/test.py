"""Tests: DATABASE_URL / REDIS_URL / CELERY_BROKER_URL from the environment (PostgreSQL and Redis in CI)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = "http://testserver"
