"""Who may see or do what in the pool: each rule once, as a named predicate (django-rules).

The same rule guards the views, filters the querysets, hides the admin columns and the template blocks:

- `pool.see_assessments` (user, application): the scores, the ranking, the others' reviews and the staff's
  status decisions of an application. A member of the call's panel – programme staff on the panel too –
  sees them only after submitting their own review of it; a declared conflict of interest never opens
  them. Programme staff who are not on the panel see them all.
- `pool.decide` (user): move applications along the status path, send decisions, export.
- `pool.download_cv` (user, application): the CV file, for whoever holds the permission and sees the
  application.

Querysets need the rule as SQL, so the rule is written once as an expression
(`assessments_visible_expression`) that both the predicate and `ApplicationQuerySet` use. This module
imports no model (the managers import it, and the models import the managers); it reaches the review rows
through the app registry.
"""

import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q, Value


def is_programme_staff(user):
    """Programme staff decide on applications; the selection panel only reads and reviews."""
    return bool(user and user.is_active and user.has_perm("pool.decide_application"))


def _review_model():
    return apps.get_model("pool", "Review")


def own_review_opens(user, application_ref="pk"):
    """An expression: `user` has submitted a review of the application without declaring a conflict."""
    return Exists(
        _review_model().objects.filter(
            application=OuterRef(application_ref),
            reviewer_id=user.pk,
            submitted_at__isnull=False,
            conflict_of_interest=False,
        )
    )


def on_panel(user, call_ref="call"):
    """An expression: `user` sits on the panel of the application's call."""
    Call = apps.get_model("pool", "Call")
    return Exists(Call.reviewers.through.objects.filter(call_id=OuterRef(call_ref), user_id=user.pk))


def sits_on_a_panel(user):
    """One query: `user` is a member of any call's panel."""
    Call = apps.get_model("pool", "Call")
    return Call.reviewers.through.objects.filter(user_id=user.pk).exists()


def assessments_visible_expression(user, *, application_ref="pk", call_ref="call"):
    """THE rule of `pool.see_assessments`, as a boolean expression over application rows."""
    if not user or not user.is_authenticated:
        return Value(False)
    if is_programme_staff(user):
        if not sits_on_a_panel(user):
            # On no panel, the rule holds for every row: one query here instead of two subqueries per row in
            # every list, filter and ordering (docs/decisions/0126-admin-search-and-status-filter.md).
            return Value(True)
        return ~on_panel(user, call_ref) | own_review_opens(user, application_ref)
    return own_review_opens(user, application_ref)


def reviewer_candidates():
    """The people who may sit on a panel: active staff who may write reviews (by role or in person)."""
    may_review = Permission.objects.filter(content_type__app_label="pool", codename="add_review")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=may_review) | Q(user_permissions__in=may_review))
        .distinct()
    )


@rules.predicate
def programme_staff(user):
    return is_programme_staff(user)


@rules.predicate
def sees_assessments(user, application):
    """The predicate form of `assessments_visible_expression`.

    A row annotated by `ApplicationQuerySet.with_assessments_for(user)` carries the answer already (no
    query per row in lists); otherwise the same expression is asked of the database.
    """
    if application is None:
        return False
    annotated = getattr(application, "assessments_visible", None)
    if annotated is not None and getattr(application, "assessments_for_user_id", None) == user.pk:
        return bool(annotated)
    Application = apps.get_model("pool", "Application")
    return (
        Application.objects.filter(pk=application.pk)
        .filter(Q(assessments_visible_expression(user, application_ref="pk", call_ref="call")))
        .exists()
    )


@rules.predicate
def holds_cv_permission(user):
    return user.has_perm("pool.download_cv")


@rules.predicate
def sees_application(user, application):
    Application = apps.get_model("pool", "Application")
    return application is not None and Application.objects.visible_to(user).filter(pk=application.pk).exists()


rules.add_perm("pool.see_assessments", sees_assessments)
rules.add_perm("pool.decide", programme_staff)
rules.add_perm("pool.download_cv_file", holds_cv_permission & sees_application)
