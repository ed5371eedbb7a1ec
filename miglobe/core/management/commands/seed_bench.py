"""Volume data for the benchmarks: `manage.py seed_bench --scale N [--seed S]`.

Each app contributes its part in `<app>/bench_data.py: seed(*, scale, rng, stdout)` and `forget()`, in
INSTALLED_APPS order (as seed_demo does), so later apps build on earlier ones. Bulk inserts only; every random choice
comes from one `random.Random(seed)`, so a run with the same scale and seed creates the same rows. A second
run first removes what an earlier run created (each part's `forget()`, in reverse order), so it can be
repeated.
"""

import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = "Create benchmark volumes (bulk inserts, repeatable from --seed). Never on a production database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 10 calls with 5,000 applications, …")
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        modules = []
        for config in apps.get_app_configs():
            module_name = f"{config.name}.bench_data"
            if find_spec(config.name) and find_spec(module_name):
                modules.append((config, import_module(module_name)))
        # What an earlier run left goes first, later apps first: their rows point at the earlier apps' rows.
        with transaction.atomic():
            for _config, module in reversed(modules):
                if hasattr(module, "forget"):
                    module.forget()
        for config, module in modules:
            started = time.perf_counter()
            # One generator per app, seeded from the run's seed and the app's name: adding an app does not
            # change the rows of the others.
            rng = random.Random(f"{seed}:{config.label}")  # noqa: S311 -- repeatable test data
            with transaction.atomic():
                module.seed(scale=scale, rng=rng, stdout=self.stdout)
            self.stdout.write(f"{config.label}: {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner sees the new volumes, as autovacuum would later
