from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = _("Ausschreibung und Pool")

    def ready(self):
        # The predicates register themselves with django-rules when the module is imported.
        from . import permissions  # noqa: F401
        from .portal_sections import register_sections
        from .workplaces import register_workplaces

        register_sections()
        register_workplaces()
