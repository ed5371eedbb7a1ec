from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from miglobe.core.reminders import plan_reminders, send_due_reminders


class Command(BaseCommand):
    help = "Queue every reminder that is due now and not yet sent (what Celery beat runs every five minutes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be queued; send and record nothing."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=0,
            help="With --dry-run: also list what becomes due in the next N days (on today's data).",
        )

    def handle(self, *args, dry_run, days, **options):
        if days and not dry_run:
            raise CommandError("--days only makes sense with --dry-run.")
        if days < 0:
            raise CommandError("--days must not be negative.")
        now = timezone.now()
        if not dry_run:
            result = send_due_reminders(now)
            self.stdout.write(f"{result.queued} reminder(s) queued, {result.cancelled} cancelled.")
            for error in result.errors:
                self.stderr.write(f"Not queued: {error}")
            return
        planned = plan_reminders(start=now, end=now + timedelta(days=days))
        for item in planned:
            due_at = timezone.localtime(item.due_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{due_at}  {item.rule_code}  {item.recipient.email} ({item.recipient.language})  "
                f"{item.obj!s} [{item.obj.pk}]  {item.occasion}"
            )
        self.stdout.write(f"{len(planned)} reminder(s) would be queued. Dry run: nothing was sent or recorded.")
