"""django-axes under a German name. A module of its own: a second AppConfig in `core/apps.py` would leave
Django unable to pick the core app's own config."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    # Its admin section read "Axes", the package's name, on German pages.
    verbose_name = _("Anmeldeschutz")
