"""The demo pool: the closed demo call's advisors in every state, the demo login with a full profile."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from miglobe.core.demo import seed as seed_core
from pool import demo_roster, reserve_services
from pool.models import Advisor, Application

from .factories import AdvisorFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_demo_roster_states_profile_and_reserve_once():
    seed_core(stdout=io.StringIO())
    call = CallFactory(slug=demo_roster.DEMO_CALL_SLUG, closes_at=timezone.now() - timedelta(days=200),
                       opens_at=timezone.now() - timedelta(days=260))  # fmt: skip
    AdvisorFactory(call=call, email=demo_roster.DEMO_ADVISOR_EMAIL, last_name="Zz")
    AdvisorFactory.create_batch(17, call=call)
    for _ in range(2):
        ApplicationFactory(
            call=call,
            status=Application.Status.RESERVE,
            reserve_consent_at=timezone.now(),
            reserve_until=timezone.now() + timedelta(days=100),
        )
    demo_roster.seed(stdout=io.StringIO())
    states = list(Advisor.objects.filter(call=call).values_list("status", flat=True))
    assert set(states) == set(Advisor.Status.values)
    assert states.count("left") == 1
    demo = Advisor.objects.get(email=demo_roster.DEMO_ADVISOR_EMAIL)
    assert demo.user.username == "beraterin" and demo.status == Advisor.Status.ACTIVE
    assert demo.bio and demo.topics.exists() and demo.languages.count() == 2 and demo.public_listing
    assert Advisor.objects.in_directory().filter(pk=demo.pk).exists()
    assert reserve_services.reserve_list(call).count() == 1  # the other consent has expired
    assert reserve_services.free_places(call) == 1

    before = list(Advisor.objects.filter(call=call).order_by("pk").values_list("status", "qualified_at"))
    out = io.StringIO()
    demo_roster.seed(stdout=out)
    assert "vorhanden" in out.getvalue()
    assert list(Advisor.objects.filter(call=call).order_by("pk").values_list("status", "qualified_at")) == before
