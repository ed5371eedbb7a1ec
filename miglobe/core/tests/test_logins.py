"""Logins that withstand guessing: lockout (django-axes), reset throttle, audit of logins and account changes."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from miglobe.core.audit import acting
from miglobe.core.models import AuditEntry, OutboxMessage

from .factories import PASSWORD, PanelMemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.PASSWORD_RESET_RATE = "2/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "logins"}}
    cache.clear()


def _login(client, username, password, *, ip="203.0.113.5", path="/konto/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# --- lockout -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/konto/login/", "/admin/login/"])
def test_after_the_configured_failures_even_the_right_password_is_refused(client, path):
    StaffFactory(username="erika")
    assert _login(client, "erika", "wrong-1", path=path).status_code == 200
    assert _login(client, "erika", "wrong-2", path=path).status_code == 200
    assert _login(client, "erika", "wrong-3", path=path).status_code == 429

    response = _login(client, "erika", PASSWORD, path=path)

    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_below_the_limit_the_right_password_works_and_clears_the_count(client):
    UserFactory(username="erika")
    _login(client, "erika", "wrong-1")
    _login(client, "erika", "wrong-2")
    assert _login(client, "erika", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="erika").exists()


def test_the_lockout_ends_after_the_cool_off(client):
    UserFactory(username="erika")
    for n in range(3):
        _login(client, "erika", f"wrong-{n}")
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        assert _login(client, "erika", PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        # 14 minutes in, the refused try started the cool-off again; 31 minutes is past both.
        assert _login(client, "erika", PASSWORD).status_code == 302


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client):
    UserFactory(username="erika")
    for n in range(3):
        _login(client, "erika", f"wrong-{n}", ip=f"198.51.100.{n}")
    assert _login(client, "erika", PASSWORD, ip="192.0.2.77").status_code == 429


def test_an_address_is_locked_whichever_accounts_it_guesses(client):
    UserFactory(username="erika")
    UserFactory(username="omar")
    for name in ("a", "b", "c"):
        _login(client, name, "wrong", ip="198.51.100.9")
    assert _login(client, "erika", PASSWORD, ip="198.51.100.9").status_code == 429
    # Another address is not affected.
    assert _login(Client(), "omar", PASSWORD, ip="192.0.2.1").status_code == 302


def test_the_lockout_says_the_same_whether_or_not_the_account_exists(client):
    UserFactory(username="erika")
    for n in range(3):
        _login(client, "erika", f"wrong-{n}", ip="198.51.100.1")
        _login(client, "niemand", f"wrong-{n}", ip="198.51.100.2")
    existing = _login(client, "erika", "x", ip="198.51.100.1")
    unknown = _login(client, "niemand", "x", ip="198.51.100.2")
    assert existing.status_code == unknown.status_code == 429
    assert _main(existing) == _main(unknown)
    # And a wrong password for an unknown name reads like one for a known name.
    fresh = Client()
    assert _main(_login(fresh, "erika", "x", ip="192.0.2.3")).replace("erika", "N") == _main(
        _login(fresh, "niemand", "x", ip="192.0.2.4")
    ).replace("niemand", "N")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="another process shares the PostgreSQL test database")
@pytest.mark.django_db(transaction=True)
def test_the_lockout_is_shared_by_two_processes(client):
    UserFactory(username="erika")
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment; setup_test_environment()\n"
        "c = Client()\n"
        "codes = [c.post('/konto/login/', {'username': 'erika', 'password': f'w{n}'}, REMOTE_ADDR=f'198.51.100.{n}')"
        ".status_code for n in range(3)]\n"
        "print(codes)\n"
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "miglobe.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    # The other process's limit is the default (5), so it saw three plain failures…
    assert "[200, 200, 200]" in result.stdout
    # …which this process, with its limit of 3, counts: the account is locked here too.
    assert _login(client, "erika", PASSWORD, ip="192.0.2.50").status_code == 429


def test_the_programme_team_unlocks_and_the_unlock_is_recorded(client):
    UserFactory(username="erika")
    for n in range(3):
        _login(Client(), "erika", f"wrong-{n}")
    team = StaffFactory(username="team")
    client.force_login(team)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))

    response = client.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": attempts}, REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(Client(), "erika", PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action="axes.accessattempt.unlocked")
    assert entry.actor_id == team.pk


def test_the_selection_panel_cannot_unlock(client):
    UserFactory(username="erika")
    for n in range(3):
        _login(Client(), "erika", f"wrong-{n}")
    client.force_login(PanelMemberFactory())
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    client.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [AccessAttempt.objects.first().pk]}
    )
    assert AccessAttempt.objects.exists()


# --- password reset ------------------------------------------------------------------------------------


def test_reset_requests_are_throttled_per_email_without_telling(client):
    UserFactory(username="erika", email="erika@example.org")
    for n in range(4):
        response = client.post("/konto/password_reset/", {"email": "erika@example.org"}, REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code == 302
        assert response["Location"] == "/konto/password_reset/done/"
    assert OutboxMessage.objects.filter(recipient__contains="erika@example.org").count() == 2


def test_reset_requests_are_throttled_per_address(client):
    UserFactory(username="erika", email="erika@example.org")
    for n in range(2):
        assert client.post("/konto/password_reset/", {"email": f"x{n}@example.org"}).status_code == 302
    response = client.post("/konto/password_reset/", {"email": "erika@example.org"})
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert 'value="erika@example.org"' in response.content.decode()
    assert not OutboxMessage.objects.exists()


# --- the audit trail of logins and accounts ---------------------------------------------------------


def test_a_login_and_a_failed_login_are_recorded(client):
    user = UserFactory(username="erika")
    _login(client, "erika", "wrong")
    _login(client, "niemand", "wrong")
    _login(client, "erika", PASSWORD)

    failed = AuditEntry.objects.filter(action="auth.user.login_failed").order_by("pk")
    assert [(e.object_id, e.data) for e in failed] == [
        (str(user.pk), {"ip": "203.0.113.5"}),
        ("", {"ip": "203.0.113.5"}),
    ]
    assert "niemand" not in str(list(failed.values()))
    logged_in = AuditEntry.objects.get(action="auth.user.logged_in")
    assert (logged_in.actor_id, logged_in.object_id) == (user.pk, str(user.pk))


def test_changes_of_groups_and_permissions_are_recorded_with_who_made_them():
    admin = UserFactory(username="root", is_superuser=True)
    user = UserFactory(username="erika")
    team = Group.objects.get(name="Programmteam")
    with acting(admin):
        user.groups.add(team)
        team.user_set.remove(user)
        user.user_permissions.add(team.permissions.first())

    entries = AuditEntry.objects.for_object(user).filter(action__startswith="auth.user.")
    assert [(e.action, e.actor_id, e.data) for e in entries] == [
        ("auth.user.groups_added", admin.pk, {"groups": [team.pk]}),
        ("auth.user.groups_removed", admin.pk, {"groups": [team.pk]}),
        ("auth.user.permissions_added", admin.pk, {"permissions": [team.permissions.first().pk]}),
    ]


def test_a_group_change_in_the_admin_names_the_staff_member(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="erika")
    panel = Group.objects.get(name="Auswahlgremium")
    client.force_login(admin)
    data = {
        "username": "erika",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [panel.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01.01.2026",
        "date_joined_1": "10:00:00",
    }
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.for_object(user).get(action="auth.user.groups_added")
    assert (entry.actor_id, entry.data) == (admin.pk, {"groups": [panel.pk]})


# --- sessions ----------------------------------------------------------------------------------------------


def test_changing_the_password_ends_the_users_other_sessions():
    from pool.tests.factories import AdvisorFactory  # the portal is for members of the pool

    AdvisorFactory(user=UserFactory(username="erika"))
    here, elsewhere = Client(), Client()
    here.force_login(UserFactory._meta.model.objects.get(username="erika"))
    elsewhere.force_login(UserFactory._meta.model.objects.get(username="erika"))
    response = here.post(
        "/konto/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "ein-ganz-neues-pw-2026",
            "new_password2": "ein-ganz-neues-pw-2026",
        },
    )
    assert response.status_code == 302
    assert here.get("/portal/").status_code == 200
    assert elsewhere.get("/portal/").status_code == 302


def test_a_staff_session_ends_after_the_idle_time(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(StaffFactory())
    start = timezone.now()
    with time_machine.travel(start):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29)):
        assert client.get("/admin/").status_code == 200  # activity moves the clock on
    with time_machine.travel(start + timedelta(minutes=58)):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89)):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert "_auth_user_id" not in client.session


def test_an_advisors_session_has_no_staff_idle_timeout(client, settings):
    from pool.tests.factories import AdvisorFactory  # the portal is for members of the pool

    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(AdvisorFactory(user=UserFactory()).user)
    start = timezone.now()
    with time_machine.travel(start):
        assert client.get("/portal/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=90)):
        assert client.get("/portal/").status_code == 200


def test_every_page_sends_the_privacy_headers(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
