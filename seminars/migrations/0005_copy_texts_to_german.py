"""The module texts written so far are German: copy them into the German columns modeltranslation reads.

The English texts already live in `title_en` and `learning_goals_en` (the columns kept their names). An
empty English text becomes NULL, which modeltranslation reads as "not written" (fall back to German).
"""

from django.db import migrations
from django.db.models import F

FIELDS = ["title", "learning_goals"]


def copy_to_german(apps, schema_editor):
    Module = apps.get_model("seminars", "Module")
    for name in FIELDS:
        Module.objects.filter(**{f"{name}_de__isnull": True}).update(**{f"{name}_de": F(name)})
        Module.objects.filter(**{f"{name}_en": ""}).update(**{f"{name}_en": None})


def copy_back(apps, schema_editor):
    # Before, the columns were NOT NULL and an empty English text meant "show the German one".
    Module = apps.get_model("seminars", "Module")
    for name in FIELDS:
        Module.objects.exclude(**{f"{name}_de__isnull": True}).update(**{name: F(f"{name}_de")})
        Module.objects.filter(**{f"{name}_en__isnull": True}).update(**{f"{name}_en": ""})


class Migration(migrations.Migration):
    dependencies = [("seminars", "0004_texts_in_german_and_english")]

    operations = [migrations.RunPython(copy_to_german, copy_back)]
