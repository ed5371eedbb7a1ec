from django.core.management.base import BaseCommand

from pool import services


class Command(BaseCommand):
    help = (
        "Flag the likely duplicates of submitted applications not yet checked. Runs every minute through Celery beat."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.check_pending_duplicates()} applications checked for duplicates")
