"""The staff roles, and the sync that gives each role the permissions the apps declare for it.

Programmteam (SKEW, DEAB, Forum der Kulturen) steers everything in the domain apps. Auswahlgremium, the
selection panel, reads applications and writes its own reviews.

Core names no app: each app declares its roles' permissions in its own `roles.py`, beside its
`reminders.py`, as

    PERMISSIONS = {PROGRAMME_TEAM: ALL, SELECTION_PANEL: ("view_call", ...)}   # codenames of this app
    INDIVIDUAL = ("view_special_category",)  # given to single people only, never through a role
    FOREIGN = {PROGRAMME_TEAM: ("axes.view_accessattempt",)}  # of a library the app brings in

`ALL` means every permission of the app except its individual ones. An app without `roles.py` gives its
permissions to no role.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.module_loading import module_has_submodule

PROGRAMME_TEAM = "Programmteam"
SELECTION_PANEL = "Auswahlgremium"
ROLES = (PROGRAMME_TEAM, SELECTION_PANEL)

ALL = "__all__"


@dataclass(frozen=True)
class AppRoles:
    app_label: str
    permissions: dict
    individual: tuple
    foreign: dict


# Core's own permissions (outbox, reminders) belong to the programme team, like every domain app's.
PERMISSIONS = {PROGRAMME_TEAM: ALL}
INDIVIDUAL = ()
# Outside the domain apps: the team sees login lockouts and lifts them (django-axes' attempts).
FOREIGN = {PROGRAMME_TEAM: ("axes.view_accessattempt", "axes.delete_accessattempt")}


def declared_roles() -> list[AppRoles]:
    """The `PERMISSIONS` and `INDIVIDUAL` of every installed app's `roles` module."""
    declared = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        module = import_module(f"{app_config.name}.roles")
        declared.append(
            AppRoles(
                app_label=app_config.label,
                permissions=getattr(module, "PERMISSIONS", {}),
                individual=tuple(getattr(module, "INDIVIDUAL", ())),
                foreign=getattr(module, "FOREIGN", {}),
            )
        )
    return declared


def role_permissions(role: str):
    """The permissions that the apps give `role`."""
    wanted = []
    for app in declared_roles():
        codenames = app.permissions.get(role, ())
        permissions = Permission.objects.filter(content_type__app_label=app.app_label)
        if codenames == ALL:
            wanted.extend(permissions.exclude(codename__in=app.individual))
        else:
            wanted.extend(permissions.filter(codename__in=set(codenames) - set(app.individual)))
        for name in app.foreign.get(role, ()):
            app_label, codename = name.split(".", 1)
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return wanted


def sync_role_permissions(**kwargs):
    """Give each role exactly its permissions. Idempotent; run after every migrate."""
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
