"""Double clicks and two staff members at the same moment, with real concurrent transactions (PostgreSQL)."""

import threading

import pytest
from django.db import connections

from consultations import services
from consultations.models import Assignment, ConsultationRequest, Municipality
from miglobe.core.tests.support import require_postgresql_and_redis
from pool.models import Topic

from .factories import ActiveAdvisorFactory, RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(action, count=2):
    start = threading.Barrier(count)
    outcomes = []

    def worker():
        try:
            start.wait()
            outcomes.append(action())
        except services.Refused as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_simultaneous_sendings_of_one_form_file_one_request(directory):
    require_postgresql_and_redis()
    data = {
        "municipality": Municipality.objects.get(key="08226013"),
        "office": "Hauptamt",
        "contact_name": "Jonas Beispiel",
        "contact_role": "Amtsleiter",
        "email": "hauptamt@eberbach.example",
        "phone": "",
        "situation": "Am Anfang.",
        "goals": "Diaspora-Vereine einbeziehen.",
        "desired_format": "workshop",
        "preferred_period": "",
        "communities": "",
    }
    topics = list(Topic.objects.all()[:1])
    outcomes = run_together(
        lambda: services.submit_request(data=data, topics=topics, submission_token="nonce-1", language="de")
    )
    assert ConsultationRequest.objects.count() == 1
    assert sorted(created for _, created in outcomes) == [False, True]
    assert {request.pk for request, _ in outcomes} == {ConsultationRequest.objects.get().pk}


def test_two_staff_asking_the_same_advisor_at_once_make_one_assignment(staff, directory):
    require_postgresql_and_redis()
    consultation = RequestFactory(municipality=Municipality.objects.get(key="08221000"))
    advisor = ActiveAdvisorFactory()
    outcomes = run_together(lambda: services.propose_assignment(consultation=consultation, advisor=advisor, by=staff))
    assert Assignment.objects.filter(request=consultation, advisor=advisor).count() == 1
    assert sum(isinstance(outcome, services.Refused) for outcome in outcomes) == 1
