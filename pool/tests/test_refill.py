"""Refilling a free place from the reserve list of the same call."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone, translation

from miglobe.core.testing import deliver_outbox
from miglobe.core.tests.support import require_postgresql_and_redis
from pool import reserve_services, roster_services, services
from pool.models import Advisor, Application

from .factories import AdvisorFactory, ApplicationFactory, CallFactory, ReviewFactory, ScoreFactory


def _reserve(call, *, score=None, until=None):
    application = ApplicationFactory(
        call=call,
        status=Application.Status.RESERVE,
        reserve_consent_at=timezone.now() - timedelta(days=10),
        reserve_until=until or timezone.now() + timedelta(days=200),
    )
    if score is not None:
        ScoreFactory(review=ReviewFactory(application=application), criterion__call=call, value=score)
    return application


@pytest.mark.django_db
def test_the_reserve_list_holds_only_valid_consents_ranked_by_score():
    call = CallFactory()
    low, high = _reserve(call, score=2), _reserve(call, score=5)
    _reserve(call, score=5, until=timezone.now() - timedelta(days=1))  # consent expired
    _reserve(CallFactory(), score=5)  # another call
    assert list(reserve_services.reserve_list(call)) == [high, low]


@pytest.mark.django_db
def test_moving_up_fills_the_free_place_mails_and_invites(staff):
    call = CallFactory(closed=True, pool_size=2)  # moving up waits for the deadline, as selecting does
    leaving, _stays = AdvisorFactory.create_batch(2, call=call)
    candidate = _reserve(call, score=4)
    with pytest.raises(services.Refused):  # no free place yet
        reserve_services.move_up_from_reserve(application=candidate, by=staff)
    roster_services.leave_pool(advisor=leaving, by=staff, reason="Umzug nach Hamburg")
    assert reserve_services.free_places(call) == 1
    advisor = reserve_services.move_up_from_reserve(application=candidate, by=staff)
    assert advisor.call == call and advisor.invitation_key and advisor.user
    assert reserve_services.free_places(call) == 0
    subjects = [m.subject for m in deliver_outbox()]
    assert len(subjects) == 2 and any("Portal" in s for s in subjects)


@pytest.mark.django_db
def test_moving_up_with_an_expired_reserve_consent_is_refused(staff):
    call = CallFactory(closed=True, pool_size=1)
    expired = _reserve(call, until=timezone.now() - timedelta(minutes=1))
    with translation.override("de"), pytest.raises(services.Refused, match="abgelaufen"):
        reserve_services.move_up_from_reserve(application=expired, by=staff)
    assert not Advisor.objects.filter(call=call).exists()
    expired.refresh_from_db()
    assert expired.status == Application.Status.RESERVE


@pytest.mark.django_db(transaction=True)
def test_two_people_moved_up_at_the_same_moment_do_not_overfill_the_pool(staff):
    require_postgresql_and_redis()
    call = CallFactory(closed=True, pool_size=3)
    AdvisorFactory.create_batch(2, call=call)
    candidates = [_reserve(call, score=3), _reserve(call, score=4)]
    start = threading.Barrier(2)
    outcomes = []

    def move_up(application):
        try:
            start.wait()
            reserve_services.move_up_from_reserve(application=application, by=staff)
            outcomes.append("moved")
        except services.Refused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move_up, args=(c,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["moved", "refused"]
    assert Advisor.objects.filter(call=call).in_pool().count() == 3
