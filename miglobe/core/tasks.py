"""Thin Celery tasks: each takes ids or nothing and calls a service. Safe to run twice (late acks)."""

from celery import shared_task

from . import outbox, reminders


# The time limits stop a hung SMTP conversation long before the sweep would take the row back.
@shared_task(name=outbox.SEND_TASK, ignore_result=True, soft_time_limit=240, time_limit=300)
def send_outbox_message(message_id: int) -> None:
    outbox.deliver_message(message_id=message_id)


@shared_task(name="core.sweep_outbox", ignore_result=True)
def sweep_outbox() -> None:
    outbox.sweep_outbox()


@shared_task(name="core.send_due_reminders", ignore_result=True)
def send_due_reminders() -> None:
    reminders.send_due_reminders()
