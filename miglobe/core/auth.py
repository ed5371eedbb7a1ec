"""Logins: the lockout backend, and what logins and account changes write to the audit trail."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .audit import record, request_actor
from .throttle import visitor_address


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request (both login pages do).

    A call without a request is made by code, not by a visitor guessing (a management command, the test
    client's login()): there is no address to count and no one to lock out, so it is let through to the
    password check instead of failing as django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _address(request) -> str:
    return visitor_address(request) if request is not None else ""


@receiver(user_logged_in, dispatch_uid="core.audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action="auth.user.logged_in", obj=user, data={"ip": _address(request)})


@receiver(user_login_failed, dispatch_uid="core.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The account is named only when it exists; a typed name that matches none is not kept (it may be a
    # password typed into the wrong field).
    username = credentials.get("username") or ""
    user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
    record(actor=None, action="auth.user.login_failed", obj=user, data={"ip": _address(request)})


def _m2m_changed(action_prefix, field):
    def handler(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
        if not reverse:
            # user.groups.add(...) / group.permissions.add(...): the instance is the user or group.
            record(
                actor=request_actor(),
                action=f"{action_prefix}_{verb}",
                obj=instance,
                data={field: sorted(pk_set or [])},
            )
        else:
            # group.user_set.add(...): one entry per user whose access changed.
            for pk in sorted(pk_set or []):
                target = model._default_manager.filter(pk=pk).first()
                if target is not None:
                    record(
                        actor=request_actor(), action=f"{action_prefix}_{verb}", obj=target, data={field: [instance.pk]}
                    )

    return handler


def connect_account_signals():
    """Changes of a user's groups and permissions, and of a group's permissions (called in ready())."""
    User = get_user_model()
    m2m_changed.connect(
        _m2m_changed("auth.user.groups", "groups"),
        sender=User.groups.through,
        weak=False,
        dispatch_uid="core.audit.groups",
    )
    m2m_changed.connect(
        _m2m_changed("auth.user.permissions", "permissions"),
        sender=User.user_permissions.through,
        weak=False,
        dispatch_uid="core.audit.user_permissions",
    )
    m2m_changed.connect(
        _m2m_changed("auth.group.permissions", "permissions"),
        sender=Group.permissions.through,
        weak=False,
        dispatch_uid="core.audit.group_permissions",
    )
