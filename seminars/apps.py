from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Qualifizierung")

    def ready(self):
        from .erasure import register_erasure_hooks
        from .portal_sections import register_sections
        from .roster_columns import register_columns
        from .workplaces import register_workplaces

        register_sections()
        register_columns()
        register_erasure_hooks()
        register_workplaces()
