import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from miglobe.core.audit import record
from miglobe.core.managers import AppendOnlyError
from miglobe.core.models import AuditEntry

from .factories import PASSWORD, PanelMemberFactory, StaffFactory, UserFactory
from .testapp.models import Appointment

pytestmark = pytest.mark.django_db


def _appointment():
    now = timezone.now()
    return Appointment.objects.create(
        title="MG-2027-0001", day=now.date(), starts_at=now, attendee_email="a@example.org"
    )


def test_record_writes_actor_action_object_and_data():
    user = UserFactory(username="team1")
    obj = _appointment()

    entry = record(actor=user, action="testapp.appointment.moved", obj=obj, data={"from": "a", "to": "b"})

    entry.refresh_from_db()
    assert entry.actor_id == user.pk
    assert entry.actor_label == "team1"
    assert entry.action == "testapp.appointment.moved"
    assert (entry.content_type.model, entry.object_id, entry.object_label) == (
        "appointment",
        str(obj.pk),
        "MG-2027-0001",
    )
    assert entry.data == {"from": "a", "to": "b"}
    assert list(AuditEntry.objects.for_object(obj)) == [entry]


def test_the_system_or_an_anonymous_visitor_is_recorded_without_actor():
    obj = _appointment()
    assert record(actor=None, action="testapp.appointment.moved", obj=obj).actor_id is None
    assert record(actor=AnonymousUser(), action="testapp.appointment.moved", obj=obj).actor_id is None


@pytest.mark.parametrize("action", ["moved", "testapp.Appointment.moved", "testapp.appointment", "a.b.c d"])
def test_a_malformed_action_is_refused(action):
    with pytest.raises(ValueError, match="past verb"):
        record(actor=None, action=action)


def test_unsaved_objects_and_unserialisable_data_are_refused():
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError, match="unsaved"):
        record(actor=None, action="testapp.appointment.moved", obj=Appointment(title="x"))
    with pytest.raises(TypeError):
        record(actor=None, action="testapp.appointment.moved", data={"x": object()})
    with pytest.raises(ValueError, match="too large"):
        record(actor=None, action="testapp.appointment.moved", data={"cv": "x" * 5000})
    assert AuditEntry.objects.count() == before


def test_an_entry_rolled_back_with_its_transaction_is_gone():
    obj = _appointment()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, action="testapp.appointment.moved", obj=obj)
        raise RuntimeError("the service failed after recording")
    assert not AuditEntry.objects.for_object(obj).exists()


def test_history_lists_only_that_objects_entries_oldest_first():
    a, b = _appointment(), _appointment()
    first = record(actor=None, action="testapp.appointment.created", obj=a)
    record(actor=None, action="testapp.appointment.created", obj=b)
    second = record(actor=None, action="testapp.appointment.moved", obj=a)
    assert list(AuditEntry.objects.for_object(a)) == [first, second]


@pytest.mark.smoke
def test_the_model_refuses_change_and_delete():
    entry = record(actor=None, action="testapp.appointment.moved", data={"to": "b"})
    entry.action = "testapp.appointment.deleted"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.action == "testapp.appointment.moved"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_even_in_raw_sql():
    entry = record(actor=None, action="testapp.appointment.moved", data={"to": "b"})
    for sql in (
        "UPDATE core_auditentry SET action = 'x.y.z' WHERE id = %s",
        "UPDATE core_auditentry SET data = '{}'::jsonb WHERE id = %s",  # emptying without marking redaction
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert (entry.action, entry.data) == ("testapp.appointment.moved", {"to": "b"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_allows_redaction_once_and_nothing_else_with_it():
    entry = record(actor=UserFactory(), action="testapp.appointment.moved", data={"reason": "Frau X"})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET data = '{}'::jsonb, redacted_at = now(), action = 'x.y.z' WHERE id = %s",
            [entry.pk],
        )
    assert AuditEntry.objects.filter(pk=entry.pk).redact(now=timezone.now(), actor_too=True) == 1
    entry.refresh_from_db()
    assert (entry.data, entry.actor_label, entry.action) == ({}, "", "testapp.appointment.moved")
    assert entry.actor_id is not None and entry.redacted_at is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET redacted_at = now() WHERE id = %s", [entry.pk])


def test_deleting_a_user_leaves_their_entries_alone():
    user = UserFactory(username="gone")
    entry = record(actor=user, action="testapp.appointment.moved")
    user.delete()
    entry.refresh_from_db()
    assert entry.actor_label == "gone" and entry.actor_id is not None


# --- admin -------------------------------------------------------------------------------------------


def test_the_admin_offers_neither_add_change_nor_delete_even_to_a_superuser(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    entry = record(actor=admin, action="testapp.appointment.moved", data={"to": "b"})
    client.login(username="root", password=PASSWORD)

    changelist = client.get("/admin/core/auditentry/")
    assert changelist.status_code == 200
    assert "testapp.appointment.moved" in changelist.content.decode()
    assert 'name="action"' not in changelist.content.decode()  # no bulk actions, so no "delete selected"
    assert client.get("/admin/core/auditentry/add/").status_code == 403

    detail = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert "/delete/" not in detail.content.decode()
    assert client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "x.y.z"}).status_code == 403
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "testapp.appointment.moved"


def test_the_programme_team_reads_the_trail_and_the_selection_panel_does_not(client):
    StaffFactory(username="team")
    PanelMemberFactory(username="panel")
    client.login(username="team", password=PASSWORD)
    assert client.get("/admin/core/auditentry/").status_code == 200
    client.login(username="panel", password=PASSWORD)
    assert client.get("/admin/core/auditentry/").status_code == 403


def test_an_objects_admin_history_page_shows_its_trail(client):
    from django.contrib.auth.models import Group

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    group = Group.objects.create(name="Testgruppe")
    record(actor=admin, action="auth.group.renamed", obj=group, data={"count": 3})
    client.login(username="root", password=PASSWORD)

    html = client.get(f"/admin/auth/group/{group.pk}/history/").content.decode()

    trail = html[html.index('id="audit-trail"') :]
    assert "auth.group.renamed" in trail
    assert "count: 3" in trail
    assert "root" in trail


# --- query counts --------------------------------------------------------------------------------------


def test_the_trail_list_and_an_objects_history_keep_their_query_count(client):
    from django.contrib.auth.models import Group

    from miglobe.core.testing import assert_constant_queries

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    group = Group.objects.create(name="Testgruppe")

    def grow(n):
        for _ in range(n):
            record(actor=admin, action="auth.group.renamed", obj=group, data={"count": n})

    assert assert_constant_queries(lambda: client.get("/admin/core/auditentry/"), grow) == 9
    history = f"/admin/auth/group/{group.pk}/history/"
    assert assert_constant_queries(lambda: client.get(history), grow) == 5


def test_the_lockout_list_keeps_its_query_count(client):
    from axes.models import AccessAttempt

    from miglobe.core.testing import assert_constant_queries

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    def grow(n):
        start = AccessAttempt.objects.count()
        AccessAttempt.objects.bulk_create(
            AccessAttempt(username=f"u{start + i}", ip_address="192.0.2.1", user_agent="x", failures_since_start=3)
            for i in range(n)
        )

    assert assert_constant_queries(lambda: client.get("/admin/axes/accessattempt/"), grow) == 8
