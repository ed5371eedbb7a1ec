"""Every environment variable the settings read is documented in `.env.example` (and nothing stale is)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Read outside miglobe/settings but documented there too: the web port of the Procfiles and the quick start,
# gunicorn's bind address, and the test helpers' Chromium, CI switch and dependency audit.
READ_ELSEWHERE = {"PORT", "WEB_BIND", "CHROMIUM_PATH", "CI", "PIP_AUDIT_STRICT", "DJANGO_SETTINGS_MODULE"}


def _name(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def variables_read_by_settings():
    """Names passed to `env(...)`, `env.<cast>(...)`, `os.environ.get(...)`, `os.getenv(...)`, `os.environ[...]`."""
    found = set()
    for path in (ROOT / "miglobe" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and node.args:
                func = ast.unparse(node.func)
                on_env = isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "env"
                if func == "env" or on_env or func in ("os.environ.get", "os.getenv"):
                    found.add(_name(node.args[0]))
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                found.add(_name(node.slice))
    return found - {None}


def documented():
    """`NAME=value` lines, also commented out (`# NAME=value`: documented, but not to be set by default)."""
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))


def test_the_parser_sees_the_settings_variables():
    # A guard against a parser that finds nothing (and so could never fail): known readers of each kind.
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "LOGIN_FAILURE_LIMIT", "MIGLOBE_TEST_QUEUE"} <= (
        variables_read_by_settings()
    )


def test_every_variable_the_settings_read_is_in_env_example():
    missing = variables_read_by_settings() - documented()
    assert not missing, f"add to .env.example, with a comment: {sorted(missing)}"


def test_env_example_names_no_variable_nobody_reads():
    stale = documented() - variables_read_by_settings() - READ_ELSEWHERE
    assert not stale, f"read nowhere, remove from .env.example: {sorted(stale)}"
