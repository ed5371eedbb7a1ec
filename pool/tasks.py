from celery import shared_task

from . import services


@shared_task(name="pool.erase_expired_applications", ignore_result=True)
def erase_expired_applications():
    """Daily retention job (Celery beat); the same as `manage.py erase_expired_applications`."""
    return sum(log.count for log in services.erase_expired_applications())


@shared_task(name="pool.check_pending_duplicates", ignore_result=True)
def check_pending_duplicates():
    """Celery beat, every minute: flag the duplicates of new submissions; `manage.py check_duplicates`."""
    return services.check_pending_duplicates()
