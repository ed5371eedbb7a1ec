from django.core.management.base import BaseCommand

from miglobe.core.outbox import sweep_outbox


class Command(BaseCommand):
    help = (
        "Hand queued emails without a task to the broker and take back emails stuck in sending "
        "(what Celery beat runs every minute)."
    )

    def handle(self, *args, **options):
        result = sweep_outbox()
        self.stdout.write(
            f"{len(result.enqueued)} handed to the broker, {result.recovered} taken back from a lost attempt, "
            f"{result.given_up} given up."
        )
        if result.broker_down:
            self.stderr.write("The broker is unreachable: the remaining emails stay queued for the next sweep.")
