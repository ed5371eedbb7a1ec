from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data for the quick start. Safe to run again: existing demo data is kept."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also run when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has known passwords; refusing without DEBUG (use --force).")
        # Each app contributes its own part in `<app>/demo.py`, in the order of INSTALLED_APPS,
        # so that later apps can build on the demo data of earlier ones.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(config.name) and find_spec(module_name):
                with transaction.atomic():
                    import_module(module_name).seed(stdout=self.stdout)
