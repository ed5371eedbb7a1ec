from django.db import migrations

# The fields of development policy named in the programme's call, in German and English.
TOPICS = [
    ("Agenda 2030 / Global Nachhaltige Kommune", "Agenda 2030 / globally sustainable municipality"),
    ("Kommunale Partnerschaften mit dem Globalen Süden", "Municipal partnerships with the Global South"),
    ("Fairer Handel und faire Beschaffung", "Fair trade and fair procurement"),
    ("Entwicklungspolitische Bildung / Globales Lernen", "Development education / global learning"),
    ("Flucht und Migration", "Forced displacement and migration"),
    ("Klimaschutz und Klimagerechtigkeit", "Climate protection and climate justice"),
    ("Menschenrechte und Antidiskriminierung", "Human rights and anti-discrimination"),
    ("Diaspora-Engagement und Migrant*innenorganisationen", "Diaspora engagement and migrant organisations"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("pool", "Topic")
    for position, (name, name_en) in enumerate(TOPICS):
        Topic.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position})


def remove_topics(apps, schema_editor):
    apps.get_model("pool", "Topic").objects.filter(name__in=[name for name, _ in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("pool", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
