from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from miglobe.core.models import Reminder
from miglobe.core.outbox import OutboxMessage
from miglobe.core.reminders import send_due_reminders
from pool import services
from pool.models import Application, ErasureLog
from pool.reminders import RULES

from .factories import ApplicationFactory, CallFactory, LanguageFactory, ReviewFactory

Status = Application.Status
pytestmark = pytest.mark.django_db

NOW = timezone.now()


def text_values_in_every_table():
    """Every text value of every table in the database, to prove that nothing personal is left."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 -- table names come from the schema itself
            for row in cursor.fetchall():
                values.extend(str(value) for value in row if value is not None)
            assert description is not None
    return values


def decided(call, *, status=Status.REJECTED, days_ago, **fields):
    return ApplicationFactory(call=call, status=status, decided_at=NOW - timedelta(days=days_ago), **fields)


class TestRetention:
    def test_rejected_and_withdrawn_go_after_the_retention_period_others_stay(self):
        call = CallFactory(retention_months=6, opens_at=NOW - timedelta(days=400), closes_at=NOW - timedelta(days=300))
        old_rejected = decided(call, days_ago=200)
        old_withdrawn = decided(call, status=Status.WITHDRAWN, days_ago=190)
        recent_rejected = decided(call, days_ago=100)
        selected = decided(call, status=Status.SELECTED, days_ago=300)
        reserve = decided(call, status=Status.RESERVE, days_ago=300)

        due = set(services.applications_due_for_erasure(now=NOW))
        assert due == {old_rejected, old_withdrawn}
        assert {recent_rejected, selected, reserve}.isdisjoint(due)

    def test_drafts_go_30_days_after_the_call_closed(self):
        closed_long_ago = CallFactory(opens_at=NOW - timedelta(days=90), closes_at=NOW - timedelta(days=31))
        closed_recently = CallFactory(opens_at=NOW - timedelta(days=90), closes_at=NOW - timedelta(days=29))
        stale = ApplicationFactory(call=closed_long_ago, draft=True)
        fresh = ApplicationFactory(call=closed_recently, draft=True)
        due = set(services.applications_due_for_erasure(now=NOW))
        assert stale in due
        assert fresh not in due

    def test_an_expired_reserve_consent_makes_the_entry_due(self, call):
        expired = ApplicationFactory(call=call, status=Status.RESERVE, reserve_until=NOW - timedelta(days=1))
        holding = ApplicationFactory(call=call, status=Status.RESERVE, reserve_until=NOW + timedelta(days=1))
        due = set(services.applications_due_for_erasure(now=NOW))
        assert expired in due
        assert holding not in due

    def test_the_job_erases_once_and_logs_only_counts_and_references(self, django_capture_on_commit_callbacks):
        call = CallFactory(opens_at=NOW - timedelta(days=400), closes_at=NOW - timedelta(days=300))
        gone = decided(call, days_ago=200, email="weg@example.org")
        gone.cv.save("cv.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        cv_name = gone.cv.name
        storage = gone.cv.storage
        ApplicationFactory(call=call, draft=True)

        with django_capture_on_commit_callbacks(execute=True):
            logs = services.erase_expired_applications(now=NOW)
        again = services.erase_expired_applications(now=NOW)

        assert again == []
        assert sorted((log.kind, log.count) for log in logs) == [("draft_retention", 1), ("retention", 1)]
        retention_log = next(log for log in logs if log.kind == "retention")
        assert retention_log.references == [gone.reference]
        assert not Application.objects.filter(pk=gone.pk).exists()
        assert not storage.exists(cv_name)

    def test_the_command_previews_without_erasing(self, capsys):
        call = CallFactory(opens_at=NOW - timedelta(days=400), closes_at=NOW - timedelta(days=300))
        application = decided(call, days_ago=200)
        call_command("erase_expired_applications", "--dry-run")
        output = capsys.readouterr().out
        assert application.reference in output
        assert Application.objects.filter(pk=application.pk).exists()
        assert not ErasureLog.objects.exists()

        call_command("erase_expired_applications")
        assert not Application.objects.filter(pk=application.pk).exists()


class TestErasureOnRequest:
    def test_after_erasure_no_table_holds_the_applicants_name_or_email(self, closed_call, staff):
        application = ApplicationFactory(
            call=closed_call,
            first_name="Zeynep",
            last_name="Kılıçarslan",
            email="zeynep.k@example.org",
            phone="0711 999",
            status=Status.SHORTLISTED,
            reserve_consent_at=NOW,
        )
        LanguageFactory(application=application, name="Kurmancî")
        ReviewFactory(application=application, comment="Zeynep überzeugt")
        services.place_on_reserve(application=application, by=staff, reason="Zeynep auf die Liste")
        services.send_decision_emails(applications=[application])
        # The reminder to renew the consent writes a ledger row with the address.
        Application.objects.filter(pk=application.pk).update(reserve_until=NOW + timedelta(days=10))
        send_due_reminders(NOW, rules=[rule for rule in RULES if rule.code == "pool.reserve_consent_expiring"])
        assert Reminder.objects.for_object(application).exists()
        # Staff history in the admin names the object too.
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
            object_repr=str(application),
            action_flag=CHANGE,
            change_message="Zeynep angerufen",
        )
        assert OutboxMessage.objects.for_object(application).count() == 2
        reference = application.reference

        log = services.erase_application_on_request(application=application)

        everything = "\n".join(text_values_in_every_table())
        for personal in ("Zeynep", "Kılıçarslan", "zeynep.k@example.org", "Kurmancî"):
            assert personal not in everything
        assert log.references == [reference]
        assert log.kind == ErasureLog.Kind.REQUEST

    def test_a_rolled_back_erasure_keeps_the_cv_file(self, call, django_capture_on_commit_callbacks):
        application = ApplicationFactory(call=call)
        application.cv.save("cv.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        pk, cv_name, storage = application.pk, application.cv.name, application.cv.storage

        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
            services.erase_application_on_request(application=application)
            raise RuntimeError("something later in the same transaction failed")

        assert Application.objects.filter(pk=pk).exists()
        assert storage.exists(cv_name)

    def test_a_selected_person_is_referred_to_the_team(self, call):
        application = ApplicationFactory(call=call, status=Status.SELECTED)
        with pytest.raises(services.Refused):
            services.erase_application_on_request(application=application)
        assert Application.objects.filter(pk=application.pk).exists()


def test_the_retention_job_is_scheduled_daily_and_runs_the_service(settings):
    from celery import current_app

    from pool.tasks import erase_expired_applications

    entry = settings.CELERY_BEAT_SCHEDULE["pool-retention"]
    assert entry["task"] == erase_expired_applications.name
    assert entry["task"] in current_app.tasks
    call = CallFactory(opens_at=NOW - timedelta(days=400), closes_at=NOW - timedelta(days=300))
    decided(call, days_ago=200)
    assert erase_expired_applications.apply().get() == 1
    assert ErasureLog.objects.get().count == 1


def test_a_reminder_sweep_queues_nothing_for_an_application_erased_meanwhile(call):
    from miglobe.core import reminders as engine

    rule = next(r for r in RULES if r.code == "pool.reserve_consent_expiring")
    application = ApplicationFactory(
        call=call, status=Status.RESERVE, reserve_until=NOW + timedelta(days=10), email="weg@example.org"
    )
    due = list(engine._unrecorded(rule, NOW))  # the sweep has read its list …
    services.erase_application_on_request(application=application)  # … then the person erases
    for obj, recipient, occasion in due:
        assert engine._record_and_queue(rule, obj, recipient, occasion, NOW) is False
    assert not OutboxMessage.objects.filter(recipient__contains="weg@example.org").exists()
    assert not Reminder.objects.filter(recipient_email="weg@example.org").exists()


def test_erasure_reads_the_status_again_under_its_lock(closed_call, staff):
    application = ApplicationFactory(call=closed_call, status=Status.INTERVIEW)
    stale = Application.objects.get(pk=application.pk)
    services.select_application(application=application, by=staff)
    with pytest.raises(services.Refused):
        services.erase_application_on_request(application=stale)
    assert Application.objects.filter(pk=application.pk).exists()
