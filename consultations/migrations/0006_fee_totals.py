from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_request_list_indexes"),
        ("pool", "0009_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeeTotal",
            fields=[
                (
                    "advisor",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="fee_total",
                        serialize=False,
                        to="pool.advisor",
                        verbose_name="Berater*in",
                    ),
                ),
                ("minutes", models.PositiveIntegerField(default=0, verbose_name="Minuten freigegeben")),
                (
                    "fees",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0"),
                        max_digits=12,
                        verbose_name="Honorare freigegeben (Euro)",
                    ),
                ),
            ],
            options={
                "verbose_name": "Summe der Freigaben",
                "verbose_name_plural": "Summen der Freigaben",
            },
        ),
    ]
