from celery import shared_task

from . import services


@shared_task(name="pool.erase_expired_applications", ignore_result=True)
def erase_expired_applications():
    """Daily retention job (Celery beat); the same as `manage.py erase_expired_applications`."""
    return sum(log.count for log in services.erase_expired_applications())


@shared_task(name=services.CHECK_DUPLICATES_TASK, ignore_result=True)
def check_duplicates(application_id):
    """After a submission commits: flag the applications that look like the same person."""
    services.check_duplicates(application_id=application_id)


@shared_task(name="pool.check_pending_duplicates", ignore_result=True)
def check_pending_duplicates():
    """Celery beat, every ten minutes: the checks whose task was lost; `manage.py check_duplicates`."""
    return services.check_pending_duplicates()
