"""The texts written so far are German: copy them into the German columns that modeltranslation reads.

Topic's English names already live in `name_en` (the column kept its name); an empty one becomes NULL,
because English names are unique and several topics may have none.
"""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "Call": ["title", "description", "eligibility", "work_description"],
    "SelectionCriterion": ["name", "description"],
    "Topic": ["name"],
}


def copy_to_german(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("pool", model_name)
        for name in fields:
            model.objects.filter(**{f"{name}_de__isnull": True}).update(**{f"{name}_de": F(name)})
    apps.get_model("pool", "Topic").objects.filter(name_en="").update(name_en=None)


def copy_back(apps, schema_editor):
    # The original columns are kept in step by modeltranslation; German is what they held before.
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("pool", model_name)
        for name in fields:
            model.objects.exclude(**{f"{name}_de__isnull": True}).update(**{name: F(f"{name}_de")})
    # Before, an empty English name meant "show the German one"; the same German text shows the same, and
    # unlike "" it keeps the unique index intact until the reversed schema migration drops it.
    apps.get_model("pool", "Topic").objects.filter(name_en__isnull=True).update(name_en=F("name"))


class Migration(migrations.Migration):
    dependencies = [("pool", "0003_texts_in_german_and_english")]

    operations = [migrations.RunPython(copy_to_german, copy_back)]
