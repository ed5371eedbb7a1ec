from django.core.management.base import BaseCommand

from pool import services


class Command(BaseCommand):
    help = (
        "Check submitted applications whose duplicate check has not run yet (its task never reached the worker). "
        "Runs every ten minutes through Celery beat."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{services.check_pending_duplicates()} applications checked for duplicates")
