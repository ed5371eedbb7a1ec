import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone, translation

from miglobe.core import demo as core_demo
from pool.models import Advisor
from pool.tests.factories import AdvisorFactory, CallFactory
from seminars import demo
from seminars.models import Attendance, CatchUp, Invitation, Qualification, Seminar
from seminars.states import ModuleState
from seminars.views.staff import _matrix

pytestmark = pytest.mark.django_db


def test_without_the_demo_cohort_nothing_is_created_and_it_says_so():
    out = io.StringIO()
    demo.seed(stdout=out)
    assert "nichts angelegt" in out.getvalue() and not Seminar.objects.exists()


def test_demo_cohort_part_way_through_with_beraterin_qualified():
    core_demo.seed(stdout=io.StringIO())
    call = CallFactory(slug="miglobe-2026", closed=True)
    joined = timezone.now() - timedelta(days=150)
    advisors = AdvisorFactory.create_batch(17, call=call, joined_at=joined)
    beraterin = AdvisorFactory(call=call, joined_at=joined, user=get_user_model().objects.get(username="beraterin"))

    demo.seed(stdout=io.StringIO())
    counts = (Seminar.objects.count(), Invitation.objects.count(), Attendance.objects.count(), CatchUp.objects.count())
    demo.seed(stdout=(out := io.StringIO()))

    assert (Seminar.objects.count(), Invitation.objects.count(), Attendance.objects.count()) == counts[:3]
    assert Seminar.objects.filter(module__isnull=True).count() == 1
    # Untitled, so that English pages call it "Exchange meeting" (trial walk: "Austauschtreffen" there).
    exchange = Seminar.objects.get(module__isnull=True)
    assert exchange.title == ""
    with translation.override("en"):
        assert exchange.display_title == "Exchange meeting"
    assert Seminar.objects.filter(module__isnull=False).count() == 7  # six modules and a make-up date
    assert CatchUp.objects.count() == counts[3] > 0
    assert Qualification.objects.valid().filter(advisor=beraterin).exists()
    beraterin.refresh_from_db()
    assert beraterin.status == Advisor.Status.QUALIFIED
    qualified = Qualification.objects.valid().count()
    assert 1 < qualified < len(advisors) + 1
    _modules, rows = _matrix(call.curriculum)
    states = {cell for row in rows for cell in row["cells"]}
    assert {ModuleState.MADE_UP, ModuleState.UPCOMING, ModuleState.PARTLY} <= states
    assert f"{qualified} von 18" in out.getvalue()
    # The story holds together in time: nobody is invited to, or attends, a seminar before joining the pool.
    assert not Seminar.objects.filter(module__isnull=False, starts_at__lt=joined).exists()
    assert not Invitation.objects.filter(invited_at__lt=joined).exists()
    assert not Invitation.objects.filter(answered_at__lt=F("invited_at")).exists()
