from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_merge_20261201_1737"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(fields=["-created_at"], name="request_newest_first"),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(fields=["stage"], name="request_stage"),
        ),
    ]
