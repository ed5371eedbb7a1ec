from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "miglobe.core"
    label = "core"
    verbose_name = _("Programmbetrieb")

    def ready(self):
        from . import tasks  # noqa: F401  registers the tasks, which the outbox names without importing
        from .roles import sync_role_permissions

        # Permissions exist only after each app's migrations ran, so the groups are given their
        # permissions after every migrate, not in the data migration that creates them.
        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")

        # Logins, failed logins and changes of groups and permissions go to the audit trail; the second
        # factor's state is noted at login.
        from . import auth, two_factor  # noqa: F401  (their receivers connect on import)

        auth.connect_account_signals()
