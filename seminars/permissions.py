"""Who may see or do what in the seminars app: named once, used by views, querysets and templates."""

from miglobe.core.decorators import predicate_required
from pool.portal import advisor_required, portal_advisor

__all__ = ["advisor_required", "is_seminar_staff", "may_read_materials", "seminar_staff_required"]


def is_seminar_staff(user):
    """Programme staff run seminars: invitations, attendance, make-ups, the matrix."""
    return user.is_authenticated and user.is_active and user.has_perm("seminars.change_seminar")


def advisor_of(user):
    """The user's advisor record if they may use the portal (in the pool), else None."""
    return portal_advisor(user)


def may_read_materials(user, seminar):
    """Staff, and the advisors of the seminar's cohort. Nobody else, however they got the link."""
    if is_seminar_staff(user):
        return True
    advisor = advisor_of(user)
    return advisor is not None and advisor.call_id == seminar.curriculum.call_id


seminar_staff_required = predicate_required(is_seminar_staff)
