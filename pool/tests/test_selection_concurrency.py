"""Two staff members press "select" at the same moment for the last place: exactly one gets it.

This needs real concurrent transactions, so it runs on PostgreSQL with separate connections per thread.
"""

import threading

import pytest
from django.db import connection, connections

from pool import services
from pool.models import Advisor, Application

from .factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this on it")
def test_two_simultaneous_selections_for_the_last_place_give_exactly_one(staff):
    call = CallFactory(pool_size=3)
    ApplicationFactory.create_batch(2, call=call, status=Application.Status.SELECTED)
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
    assert Advisor.objects.filter(call=call).count() == 1
