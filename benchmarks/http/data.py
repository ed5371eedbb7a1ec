"""The Django side of the HTTP benchmark: sessions, the targets with their ids, and the POSTs' rows.

Imported by `run.py` after `django.setup()` with the bench settings.
"""

import contextlib
import http.client
import sys
from dataclasses import dataclass

FLOOR_PATH = "/_bench/floor/"
PRIVATE_LINK = "private link"  # a target's "user": the session an applicant's emailed link opens
POSTED_EMAIL_PREFIX = "bench-post-"
# gunicorn sits behind a TLS proxy in production, which says so in this header (SECURE_PROXY_SSL_HEADER):
# with it, the production settings' SSL redirect, secure cookies and strict CSRF checks apply unchanged.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Target:
    name: str
    path: str
    kind: str  # a key of run.GOALS
    user: str | None = None  # a seed_bench login whose session the requests carry
    post: bool = False
    form: str = ""  # for a POST: a key of POSTED (which rows a successful post creates)


def get(port, path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict(PROXY_HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheaders(), body


def session_cookie(username):
    """A signed-in session, as after the login form (and, for staff, the second factor) – without the
    password hashing and code checks that would otherwise be measured with the first page."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    sign_in(client, username)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def sign_in(client, username):
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pool.bench_data import BENCH_DEVICE

    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, name=BENCH_DEVICE, confirmed=True).first()
    if device is not None:  # staff: the session gave the second factor
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def targets() -> tuple[list[Target], list[str]]:
    """The targets that exist in this checkout, and the names of those that do not (yet)."""
    from django.urls import NoReverseMatch, reverse

    from pool.bench_data import ADVISOR_USERNAME, OPEN_CALL_SLUG, STAFF_USERNAME
    from pool.links import page_key
    from pool.models import Application

    application = Application.objects.filter(call__slug=OPEN_CALL_SLUG).order_by("pk").first()
    if application is None:
        sys.exit("No benchmark data: run `manage.py seed_bench --scale 1` first (make bench-http does).")
    token = page_key(application)
    request_pk, own_assignment_pk = _consultation_ids(ADVISOR_USERNAME)
    admin_list = reverse("admin:pool_application_changelist")
    wanted = [
        ("home", "core:home", {}, "public", None),
        ("call list", "pool:call_list", {}, "public", None),
        ("call page", "pool:call_detail", {"slug": OPEN_CALL_SLUG}, "public", None),
        ("application form (GET)", "pool:application_create", {"slug": OPEN_CALL_SLUG}, "public", None),
        ("application (private page)", "pool:application_detail", {"token": token}, "public", PRIVATE_LINK),
        ("impressum", "core:impressum", {}, "public", None),
        ("privacy", "core:privacy", {}, "public", None),
        ("accessibility", "core:accessibility", {}, "public", None),
        ("/healthz", "core:healthz", {}, "public", None),
        ("login page", "login", {}, "public", None),
        ("request form (GET)", "consultations:request_start", {}, "public", None),
        ("municipality search", "consultations:municipality_search", {}, "public", None),
        ("public directory", "directory:list", {}, "public", None),
        ("portal home", "portal:home", {}, "public", ADVISOR_USERNAME),
        ("portal profile", "portal:profile", {}, "public", ADVISOR_USERNAME),
        ("portal log", "consultations:case_log", {"pk": own_assignment_pk}, "public", ADVISOR_USERNAME),
        ("admin application list", None, admin_list, "staff", STAFF_USERNAME),
        (
            "admin list, filtered + searched",
            None,
            f"{admin_list}?status=in_review&home_region=08111&q=Haddad",
            "staff",
            STAFF_USERNAME,
        ),
        (
            "admin application change",
            "admin:pool_application_change",
            {"object_id": application.pk},
            "staff",
            STAFF_USERNAME,
        ),
        ("admin outbox list", "admin:core_outboxmessage_changelist", {}, "staff", STAFF_USERNAME),
        ("advisor roster", "admin:pool_advisor_roster", {}, "staff", STAFF_USERNAME),
        ("staff request list", "consultations:staff_request_list", {}, "staff", STAFF_USERNAME),
        ("matching page (request)", "consultations:staff_request", {"pk": request_pk}, "staff", STAFF_USERNAME),
        ("log entries to approve", "consultations:staff_queue", {}, "staff", STAFF_USERNAME),
        ("seminar matrix", "seminars:matrix", {"curriculum_pk": _curriculum_id()}, "staff", STAFF_USERNAME),
        ("floor, signed in as staff", "bench_floor", {}, "reference", STAFF_USERNAME),
        ("admin list of the 8 topics", "admin:pool_topic_changelist", {}, "reference", STAFF_USERNAME),
    ]
    found, missing = [], []
    for name, url_name, kwargs, kind, user in wanted:
        if url_name is None:
            found.append(Target(name, kwargs, kind, user))
            continue
        try:
            found.append(Target(name, reverse(url_name, kwargs=kwargs), kind, user))
        except NoReverseMatch:
            missing.append(name)
        except TypeError:  # an id the data does not have
            missing.append(name)
    form = reverse("pool:application_create", kwargs={"slug": OPEN_CALL_SLUG})
    found.append(Target("application (POST)", form, "post", post=True, form=APPLICATION))
    try:
        found.append(Target("request (POST)", reverse("consultations:request_start"), "post", post=True, form=REQUEST))
    except NoReverseMatch:
        missing.append("request (POST)")
    return found, missing


def private_link_session(port) -> str:
    """The session cookie an applicant's browser gets by opening the emailed link (key exchanged at the door)."""
    from urllib.parse import urlsplit

    from pool.bench_data import OPEN_CALL_SLUG
    from pool.links import APPLICATION_LINK
    from pool.models import Application

    application = Application.objects.filter(call__slug=OPEN_CALL_SLUG).order_by("pk").first()
    link = urlsplit(APPLICATION_LINK.url(application))
    status, headers, _body = get(port, f"{link.path}?{link.query}" if link.query else link.path)
    cookie = next((v for k, v in headers if k.lower() == "set-cookie" and v.startswith("sessionid=")), None)
    assert status == 302 and cookie, f"the private link answered {status} without a session"
    return cookie.split(";", 1)[0]


def _consultation_ids(advisor_username):
    """A request in review (its page suggests advisors) and an accepted assignment of the bench advisor, or
    None where the consultations app or its bench data is not there."""
    try:
        from consultations.models import Assignment, ConsultationRequest
    except ImportError:
        return None, None
    request = ConsultationRequest.objects.filter(stage="in_review").order_by("pk").first()
    own = Assignment.objects.filter(advisor__user__username=advisor_username, status="accepted").first()
    return (request.pk if request else None), (own.pk if own else None)


def _curriculum_id():
    """The curriculum of a bench cohort (its matrix), or None where the seminars app or its data is not there."""
    try:
        from seminars.models import Curriculum
    except ImportError:
        return None
    from pool.bench_data import SLUG_PREFIX

    curriculum = Curriculum.objects.filter(call__slug__startswith=SLUG_PREFIX).order_by("pk").first()
    return curriculum.pk if curriculum else None


APPLICATION = "application"
REQUEST = "request"


def _posted(form):
    """The rows the posts of `form` create: applications, or municipalities' consultation requests."""
    if form == REQUEST:
        from consultations.models import ConsultationRequest

        return ConsultationRequest.objects.filter(email__startswith=POSTED_EMAIL_PREFIX)
    from pool.models import Application

    return Application.objects.filter(email__startswith=POSTED_EMAIL_PREFIX)


def posted_rows(form=APPLICATION) -> int:
    return _posted(form).count()


def duplicate_posted_rows(form=APPLICATION) -> int:
    """Emails with more than one row: every body has its own address, so each must make one row at most."""
    from django.db.models import Count

    return _posted(form).values("email").annotate(n=Count("pk")).filter(n__gt=1).count()


def forget_posted():
    """Remove what the POST runs created, so every round (and the next run) starts from the same data."""
    from miglobe.core.models import OutboxMessage

    _posted(APPLICATION).delete()
    with contextlib.suppress(ImportError):  # no consultations app in this checkout
        _posted(REQUEST).delete()
    OutboxMessage.objects.filter(recipient__contains=POSTED_EMAIL_PREFIX).delete()


def purge_bench_queue():
    """The confirmation emails' tasks that the POSTs handed to the broker: no worker runs during the bench."""
    from django.conf import settings

    from miglobe.celery import app

    with app.connection_for_write() as connection:
        try:
            connection.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
        except Exception as exc:  # an absent queue is fine
            print(f"(queue purge: {exc})")
