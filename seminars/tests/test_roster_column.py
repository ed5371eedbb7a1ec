"""The seminars' column in the staff roster: modules done of those needed, in the roster's one query."""

import pytest
from django.urls import reverse

from miglobe.core.testing import assert_constant_queries
from pool.models import Advisor
from pool.roster import annotate
from seminars import services

from .factories import cohort_advisor, past_seminar

pytestmark = pytest.mark.django_db


def test_modules_done_count_attended_catch_ups_and_partly_only_when_it_counts(curriculum, staff, advisor):
    for number, state in ((1, "attended"), (2, "partly"), (3, "excused"), (4, "attended")):
        services.record_attendance(seminar=past_seminar(curriculum, number), advisor=advisor, state=state, by=staff)
    again = past_seminar(curriculum, 4, days_ago=3)
    services.record_attendance(seminar=again, advisor=advisor, state="attended", by=staff)  # counted once

    row = annotate(Advisor.objects.filter(pk=advisor.pk)).get()
    assert (row.seminar_modules_done, row.seminar_modules_total) == (2, 6)

    services.change_rule(curriculum=curriculum, required_modules=3, partly_counts=True, by=staff)

    row = annotate(Advisor.objects.filter(pk=advisor.pk)).get()
    assert row.seminar_modules_done == 3 and row.seminar_qualified_at is not None


def test_the_roster_shows_the_column_and_keeps_its_query_count(client, curriculum, staff):
    client.force_login(staff)
    url = reverse("admin:pool_advisor_roster")

    def grow(n):
        for _ in range(n):
            advisor = cohort_advisor(curriculum)
            services.record_attendance(seminar=past_seminar(curriculum, 1), advisor=advisor, state="attended", by=staff)

    assert assert_constant_queries(lambda: client.get(url), grow) == 6
    html = client.get(url).content.decode()
    assert "Module (Qualifizierung)" in html and "1/6" in html
