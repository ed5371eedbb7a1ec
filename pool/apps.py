from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    name = "pool"
    verbose_name = _("Ausschreibung und Pool")

    def ready(self):
        # Both register themselves when imported: the predicates with django-rules, the emails the worker
        # writes with the outbox (decision 0180).
        from . import permissions, services  # noqa: F401
        from .portal_sections import register_sections
        from .workplaces import register_workplaces

        register_sections()
        register_workplaces()
