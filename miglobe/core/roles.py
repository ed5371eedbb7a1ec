"""The staff roles and the permissions each one carries.

Programmteam (SKEW, DEAB, Forum der Kulturen) steers everything in the domain apps. Auswahlgremium,
the selection panel, may read applications and write its own reviews; which review rows a member may
change is decided in the pool app, not by the permission alone.

Some permissions belong to no role and are given to individual people only: seeing special-category data
(Art. 9 DSGVO, the migration background) is for the few who need it, not for the whole team.
"""

from django.contrib.auth.models import Group, Permission

PROGRAMME_TEAM = "Programmteam"
SELECTION_PANEL = "Auswahlgremium"

DOMAIN_APPS = ("core", "pool", "seminars", "consultations")

INDIVIDUAL_PERMISSIONS = ("pool.view_special_category",)

# Outside the domain apps: the team sees login lockouts and lifts them (django-axes' attempts).
PROGRAMME_TEAM_EXTRA_PERMISSIONS = ("axes.view_accessattempt", "axes.delete_accessattempt")

SELECTION_PANEL_PERMISSIONS = (
    "pool.view_call",
    "pool.view_application",
    "pool.view_review",
    "pool.add_review",
    "pool.change_review",
)


def _codenames_to_permissions(names):
    wanted = {tuple(name.split(".", 1)) for name in names}
    perms = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted})
    return [p for p in perms.select_related("content_type") if (p.content_type.app_label, p.codename) in wanted]


def sync_role_permissions(**kwargs):
    """Give each role exactly its permissions. Idempotent; run after every migrate."""
    team, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM)
    individual = {tuple(name.split(".", 1)) for name in INDIVIDUAL_PERMISSIONS}
    team.permissions.set(
        [
            *(
                p
                for p in Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related(
                    "content_type"
                )
                if (p.content_type.app_label, p.codename) not in individual
            ),
            *_codenames_to_permissions(PROGRAMME_TEAM_EXTRA_PERMISSIONS),
        ]
    )
    panel, _ = Group.objects.get_or_create(name=SELECTION_PANEL)
    panel.permissions.set(_codenames_to_permissions(SELECTION_PANEL_PERMISSIONS))
