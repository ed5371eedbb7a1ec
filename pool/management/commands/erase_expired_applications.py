from django.core.management.base import BaseCommand

from pool import services


class Command(BaseCommand):
    help = (
        "Erase rejected and withdrawn applications past their retention period and drafts never submitted. "
        "Runs daily through Celery beat; --dry-run lists what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what is due without erasing it.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = services.applications_due_for_erasure().order_by("call", "status", "reference")
            for application in due:
                label = application.reference or f"Entwurf #{application.pk}"
                self.stdout.write(f"{label}\t{application.get_status_display()}\t{application.call}")
            self.stdout.write(f"{len(due)} due for erasure")
            return
        logs = services.erase_expired_applications()
        for log in logs:
            self.stdout.write(f"{log.get_kind_display()}: {log.count}")
        if not logs:
            self.stdout.write("nothing due")
