"""`ApplicationQuerySet.with_status` (the admin's status filter) finds exactly the rows whose status as the
user may see it (`shown_status`) is the one asked for, although it is written over the stored status so
that an index serves it (docs/decisions/0126-admin-search-and-status-filter.md)."""

import pytest

from pool.choices import ApplicationStatus
from pool.models import Application

from .factories import ApplicationFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SHOWN = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]


@pytest.fixture
def applications(call, panel_member):
    """Every status twice: once reviewed by the panel member (opened to them), once not."""
    rows = []
    for status in SHOWN:
        opened = ApplicationFactory(call=call, status=status)
        ReviewFactory(application=opened, reviewer=panel_member)
        rows += [opened, ApplicationFactory(call=call, status=status)]
    return rows


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["panel_member", "staff", "staff_on_the_panel"])
def test_with_status_finds_what_shown_status_shows(request, call, applications, who):
    user = request.getfixturevalue("panel_member" if who == "panel_member" else "staff")
    if who == "staff_on_the_panel":
        call.reviewers.add(user)
    visible = Application.objects.visible_to(user).with_assessments_for(user)

    for status in SHOWN:
        assert ids(visible.with_status(status)) == ids(visible.filter(shown_status=status)), status


def test_a_panel_member_finds_undecided_looking_rows_under_submitted_only(call, applications, panel_member):
    visible = Application.objects.visible_to(panel_member).with_assessments_for(panel_member)

    selected = visible.with_status(ApplicationStatus.SELECTED)

    assert [a.status for a in selected] == [ApplicationStatus.SELECTED]  # only the one they reviewed
    assert visible.with_status(ApplicationStatus.SUBMITTED).count() == 1 + 1 + (len(SHOWN) - 2)
