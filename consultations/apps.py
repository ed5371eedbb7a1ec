from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Beratung der Kommunen")

    def ready(self):
        from . import (
            links,  # noqa: F401  (declares the private link core's entry view looks up)
            services,  # noqa: F401  (registers the emails the worker writes: decision 0180)
        )
        from .fee_hooks import register_hooks
        from .portal_views import register_sections
        from .workplaces import register_workplaces

        register_sections()
        register_hooks()
        register_workplaces()
