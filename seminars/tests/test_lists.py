"""List pages and admin changelists of the seminars app keep their query count at 1× and 10× data."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from miglobe.core.testing import assert_constant_queries
from seminars import services
from seminars.models import Invitation

from .factories import CurriculumFactory, SeminarFactory, cohort_advisor, past_seminar

pytestmark = pytest.mark.django_db


def test_seminar_list_counts_answers_in_constant_queries(client, staff):
    client.force_login(staff)
    url = reverse("seminars:seminar_list")

    def grow(n):
        for _ in range(n):
            curriculum = CurriculumFactory()
            seminar = SeminarFactory(curriculum=curriculum, capacity=1)
            past_seminar(curriculum, 2)
            for status in ("accepted", "waitlisted", "invited"):
                advisor = cohort_advisor(curriculum)
                Invitation.objects.create(
                    seminar=seminar,
                    advisor=advisor,
                    status=status,
                    invited_at=timezone.now(),
                    waitlisted_at=timezone.now() if status == "waitlisted" else None,
                )

    # session, user, permissions ×2, the seminars with their counts, the curricula for the matrix links
    assert assert_constant_queries(lambda: client.get(url), grow) == 6
    page = client.get(url).content.decode()
    assert "1 / 1" in page


@pytest.mark.parametrize("model", ["curriculum", "seminar", "qualification", "catchup"])
def test_admin_changelists_keep_their_query_count(client, staff, model):
    client.force_login(staff)
    url = reverse(f"admin:seminars_{model}_changelist")

    def grow(n):
        for _ in range(n):
            curriculum = CurriculumFactory()
            advisor = cohort_advisor(curriculum)
            for module in curriculum.modules.all():
                services.record_attendance(
                    seminar=past_seminar(curriculum, module.number), advisor=advisor, state="attended", by=staff
                )
            services.record_catch_up(
                advisor=cohort_advisor(curriculum),
                module=curriculum.modules.first(),
                done_on=date(2026, 10, 1),
                note="Gespräch mit der Trainerin",
                by=staff,
            )

    def load():
        assert client.get(url).status_code == 200

    assert_constant_queries(load, grow)
