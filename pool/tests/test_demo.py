import pytest
from django.core.management import call_command

from pool.models import Application, Call, Review

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_a_realistic_review_board_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    call = Call.objects.get(slug="miglobe-2027")
    assert call.is_open()
    assert call.criteria.count() == 4
    applications = Application.objects.filter(call=call)
    assert applications.count() == 40
    assert set(applications.values_list("status", flat=True)) == set(Application.Status.values)
    assert Review.objects.filter(application__call=call, submitted_at__isnull=False).exists()
    assert call.advisors.count() == applications.filter(status="selected").count()
    assert call.reviewers.filter(username="gremium").exists()
