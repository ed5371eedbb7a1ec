"""Helpers for the outbox and reminder tests: an SMTP server on loopback, broker switches, service checks."""

import os
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from miglobe.celery import app as celery_app

# Nothing listens on port 1 of the loopback interface: a connection there is refused at once.
CLOSED_PORT = 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def parsed(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)


class ScriptedHandler:
    """Accepts mail, unless told to answer RCPT or DATA with given replies first (e.g. "421 …", "550 …")."""

    def __init__(self):
        self.port = 0
        self.received: list[Received] = []
        self.rcpt_replies: list[str] = []
        self.data_replies: list[str] = []
        self.data_commands = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_replies:
            return self.data_replies.pop(0)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(*, smtputf8=True):
    """A real SMTP server (aiosmtpd) on a free loopback port, in a thread of this process. Like Postfix and
    the big providers it offers SMTPUTF8 (mailbox names with umlauts) unless told not to."""
    handler = ScriptedHandler()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port, enable_SMTPUTF8=smtputf8)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


def _reset_broker_connections():
    # Celery keeps its producer pool bound to the broker URL it first saw; drop it so the next publish
    # connects to whatever the configuration says now.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """Point publishing at a closed loopback port, as if Redis were down.

    Yields the list of connection attempts made to it meanwhile: for each, the socket's timeout when it
    connected (None: no timeout). How often a publish tries and how long each try may block is the
    policy that keeps a request fast when Redis is down; tests assert on it instead of timing the request.
    """
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_write_url, conf.broker_transport_options
    conf.broker_url = conf.broker_write_url = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    # Redis with the options production uses, also where the quick start's file-system broker is configured.
    conf.broker_transport_options = settings.REDIS_TRANSPORT_OPTIONS
    _reset_broker_connections()
    attempts: list[float | None] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        if isinstance(address, tuple) and address[1] == CLOSED_PORT:
            attempts.append(sock.gettimeout())
        return real_connect(sock, address)

    try:
        with mock.patch.object(socket.socket, "connect", connect):
            yield attempts
    finally:
        conf.broker_url, conf.broker_write_url, conf.broker_transport_options = saved
        _reset_broker_connections()


@contextmanager
def celery_eager():
    """Tasks run at once in this process instead of going through the broker."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    try:
        yield
    finally:
        conf.task_always_eager, conf.task_eager_propagates = saved


def require_postgresql_and_redis():
    """Some tests need real services: several connections to one database, and a Redis broker."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (DATABASE_URL)")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        missing.append("Redis (CELERY_BROKER_URL)")
    if missing:
        reason = f"needs {' and '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run this test: it {reason}")
        pytest.skip(reason)


def wait_for(condition, *, timeout: float = 30.0, describe=lambda: ""):
    """Poll until `condition()` is true; fail with `describe()` after a generous timeout."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Condition not reached within {timeout:.0f} s. {describe()}")
        time.sleep(0.1)
