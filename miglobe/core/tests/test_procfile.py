"""The Procfile's web process: bound behind the proxy, and no private link's key in its access log."""

import os
import subprocess
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[3]


def web_command(**env) -> list[str]:
    """The web line as the shell honcho runs it would expand it."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    expanded = subprocess.run(
        ["sh", "-c", f"printf '%s\\0' {line.removeprefix('web:').strip()}"],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [part for part in expanded.split("\0") if part]


def gunicorn_config(**env) -> Config:
    args = web_command(**env)
    assert args[0] == "gunicorn"
    config = Config()
    parsed = config.parser().parse_args(args[1:])
    for key, value in vars(parsed).items():
        if value is not None and key in config.settings:
            config.set(key, value)
    return config


@pytest.mark.parametrize(
    ("env", "bind"),
    [
        ({}, ["127.0.0.1:8000"]),
        ({"PORT": "9000"}, ["127.0.0.1:9000"]),
        ({"WEB_BIND": "unix:/run/m/web.sock"}, ["unix:/run/m/web.sock"]),
    ],
)
def test_gunicorn_listens_only_behind_the_proxy(env, bind):
    assert gunicorn_config(**env).bind == bind


def test_the_access_log_keeps_no_private_link_key():
    config = gunicorn_config()
    logger = Logger(config)
    request = SimpleNamespace(
        method="GET",
        path="/zugang/pool.application/",
        query="k=SECRET-KEY:1abc:sig",
        uri="/zugang/pool.application/?k=SECRET-KEY:1abc:sig",
        version=(1, 1),
        headers=[],
    )
    response = SimpleNamespace(status="302 Found", response_length=0, sent=0, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": request.uri,
        "PATH_INFO": request.path,
        "QUERY_STRING": request.query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://mail.example.org/?k=SECRET-KEY",
    }
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    line = config.access_log_format % atoms

    assert "/zugang/pool.application/" in line
    assert "SECRET-KEY" not in line
    assert "k=" not in line
