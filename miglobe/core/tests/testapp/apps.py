from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Installed only by miglobe.settings.test: a stand-in for a domain app with reminder rules."""

    name = "miglobe.core.tests.testapp"
    label = "core_testapp"
    default_auto_field = "django.db.models.BigAutoField"
