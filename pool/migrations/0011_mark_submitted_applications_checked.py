"""Applications submitted before the duplicate check moved to the worker were checked in their request."""

from django.db import migrations
from django.db.models import F


def mark_checked(apps, schema_editor):
    Application = apps.get_model("pool", "Application")
    Application.objects.filter(submitted_at__isnull=False, duplicates_checked_at__isnull=True).update(
        duplicates_checked_at=F("submitted_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pool", "0010_application_duplicates_checked_at"),
    ]

    operations = [migrations.RunPython(mark_checked, migrations.RunPython.noop)]
