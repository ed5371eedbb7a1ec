"""Who may see or do what in consultations, written once and used by views, querysets and templates."""

from .choices import OPEN_ASSIGNMENT_STATUSES


def can_manage_requests(user) -> bool:
    """Programme staff: read every request, match advisors, move stages."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("consultations.change_consultationrequest")
    )


def advisor_sees_assignment(advisor, assignment) -> bool:
    """An advisor sees a request only through an assignment of their own that is asked or accepted."""
    return assignment.advisor_id == advisor.pk and assignment.status in OPEN_ASSIGNMENT_STATUSES


def advisor_sees_claim(advisor, claim) -> bool:
    return claim.advisor_id == advisor.pk


def advisor_sees_receipt(user, entry) -> bool:
    """A receipt carries the advisor's travel and payment details: the advisor who logged it, and staff."""
    if can_manage_requests(user):
        return True
    return bool(user.is_authenticated and entry.assignment.advisor.user_id == user.pk)
