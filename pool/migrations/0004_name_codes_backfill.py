"""Phonetic name codes for applications submitted before the codes existed (pool.duplicates)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from pool.duplicates import name_words, word_codes

    Application = apps.get_model("pool", "Application")
    NameCode = apps.get_model("pool", "NameCode")
    rows = []
    for application in Application.objects.exclude(status="draft").only("pk", "first_name", "last_name"):
        codes = set().union(*(word_codes(w) for w in name_words(application.first_name, application.last_name)))
        rows += [NameCode(application_id=application.pk, code=code) for code in sorted(codes)]
    NameCode.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("pool", "0003_name_codes")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
