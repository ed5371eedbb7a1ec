"""Configuration comes only from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "miglobe.settings.production",
    "SECRET_KEY": "k3J9-pX2vQ8rT5wZ1yB7nM4cF6hL0dS2gA9eU3iO5uY7tR1eW8qP6zX4vC2bN0mK",
    "ALLOWED_HOSTS": "miglobe.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://miglobe.example.org",
    "SITE_URL": "https://miglobe.example.org",
    "DATABASE_URL": "postgres://miglobe@127.0.0.1:5432/miglobe",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "MiGlobe Pool <miglobe@example.org>",
    "PRIVATE_MEDIA_ROOT": "/srv/miglobe/private",
}


def run_manage(*args, env):
    # Tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    drop = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "REDIS_URL",
        "SITE_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "PRIVATE_MEDIA_ROOT",
    ],
)
def test_production_refuses_to_start_without_a_required_variable_and_names_it(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_a_malformed_variable_is_reported_by_name():
    result = run_manage("check", env=PRODUCTION_ENV | {"EMAIL_TIMEOUT": "soon"})
    assert result.returncode != 0
    assert "EMAIL_TIMEOUT" in result.stderr


def test_production_refuses_an_email_backend_that_prints_or_drops_mail():
    result = run_manage("check", env=PRODUCTION_ENV | {"EMAIL_URL": "consolemail://"})
    assert result.returncode != 0
    assert "EMAIL_URL must name a real mail server" in result.stderr


def _production_value(expression, **env):
    result = run_manage(
        "shell", "-c", f"from django.conf import settings; print({expression})", env=PRODUCTION_ENV | env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_requires_the_second_factor_and_keeps_hsts_preload_opt_in():
    assert _production_value("settings.STAFF_2FA_REQUIRED") == "True"
    assert (
        _production_value("(settings.SECURE_HSTS_PRELOAD, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)") == "(False, False)"
    )
    opted_in = {"SECURE_HSTS_PRELOAD": "true", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"}
    assert _production_value("(settings.SECURE_HSTS_PRELOAD, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)", **opted_in) == (
        "(True, True)"
    )
    # Opted in, nothing is silenced, and the deploy check still passes.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV | opted_in)
    assert result.returncode == 0, result.stderr + result.stdout
    assert _production_value("settings.SILENCED_SYSTEM_CHECKS", **opted_in) == "[]"


def test_the_quick_start_leaves_the_second_factor_optional_for_the_demo_logins():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)",
        env={"DJANGO_SETTINGS_MODULE": "miglobe.settings.local"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_the_quick_start_broker_connects_without_a_warning_in_the_log():
    """Found in the trial walk: `make run` logged "No hostname was supplied" at every email it queued."""
    result = run_manage(
        "shell",
        "-c",
        "from miglobe.celery import app\n"
        "with app.connection_for_write() as c:\n"
        "    c.ensure_connection(max_retries=1)\n"
        "    print(c.as_uri())",
        env={"DJANGO_SETTINGS_MODULE": "miglobe.settings.local"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("filesystem://")
    assert "No hostname was supplied" not in result.stdout + result.stderr
