"""Answers for the last places arrive at the same moment: the capacity holds.

Real concurrent transactions, so it runs on PostgreSQL with a connection per thread.
"""

import threading

import pytest
from django.db import connections

from miglobe.core.tests.support import require_postgresql_and_redis
from seminars import services
from seminars.models import Invitation

from .factories import SeminarFactory, cohort_advisor

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_yes_answers_never_exceed_the_capacity(curriculum, staff):
    require_postgresql_and_redis()
    seminar = SeminarFactory(curriculum=curriculum, capacity=2)
    for _ in range(6):
        cohort_advisor(curriculum)
    services.invite_advisors(seminar=seminar, by=staff)
    invitations = list(Invitation.objects.filter(seminar=seminar))
    start = threading.Barrier(len(invitations))
    outcomes = []

    def answer_yes(invitation):
        try:
            start.wait()
            outcomes.append(services.answer_invitation(invitation=invitation, accept=True).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer_yes, args=(invitation,)) for invitation in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["accepted"] * 2 + ["waitlisted"] * 4
    assert seminar.invitations.accepted().count() == 2
    waiting = list(seminar.invitations.waiting_list().values_list("waitlisted_at", flat=True))
    assert len(waiting) == 4 and waiting == sorted(waiting)
