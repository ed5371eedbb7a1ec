"""Each advisor's running total of approved minutes and fees, summed once from the log kept so far."""

from django.db import migrations
from django.db.models import Sum


def fill(apps, schema_editor):
    LogEntry = apps.get_model("consultations", "LogEntry")
    FeeTotal = apps.get_model("consultations", "FeeTotal")
    sums = (
        LogEntry.objects.filter(status="approved")
        .order_by()
        .values("assignment__advisor_id")
        .annotate(minutes=Sum("duration_minutes"), fees=Sum("fee"))
    )
    FeeTotal.objects.bulk_create(
        FeeTotal(advisor_id=row["assignment__advisor_id"], minutes=row["minutes"], fees=row["fees"] or 0)
        for row in sums
    )


def empty(apps, schema_editor):
    apps.get_model("consultations", "FeeTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_fee_totals"),
    ]

    operations = [migrations.RunPython(fill, empty)]
