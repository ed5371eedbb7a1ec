"""Two staff members press "select" at the same moment for the last place: exactly one gets it.

This needs real concurrent transactions, so it runs on PostgreSQL with separate connections per thread.
"""

import threading

import pytest
from django.db import connections

from miglobe.core.tests.support import require_postgresql_and_redis
from pool import services
from pool.models import Advisor, Application

from .factories import AdvisorFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_selections_for_the_last_place_give_exactly_one(staff):
    require_postgresql_and_redis()  # row locks need PostgreSQL; fails instead of skipping in CI
    call = CallFactory(closed=True, pool_size=3)
    AdvisorFactory.create_batch(2, call=call)
    candidates = ApplicationFactory.create_batch(2, call=call, status=Application.Status.SHORTLISTED)
    start = threading.Barrier(len(candidates))
    outcomes = []

    def press_select(application):
        try:
            start.wait()
            services.select_application(application=application, by=staff)
            outcomes.append("selected")
        except services.Refused:
            outcomes.append("refused")
        finally:
            connections.close_all()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=press_select, args=(candidate,)) for candidate in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "selected"]
    assert Application.objects.filter(call=call, status=Application.Status.SELECTED).count() == 3
    assert Advisor.objects.filter(call=call).count() == 3
