"""The portal profile at volume (issue #13): the same queries however many absences, languages and topics the
advisor has, and its fields – written by {% form_field %} since – keep the advisor's values."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from miglobe.core.testing import assert_constant_queries, count_queries
from pool.models import Absence, AdvisorLanguage, Application, Topic

from .factories import PortalAdvisorFactory

pytestmark = pytest.mark.django_db


def test_the_profile_page_keeps_its_queries_and_shows_the_advisors_values(client):
    advisor = PortalAdvisorFactory(home_region="08226")
    client.force_login(advisor.user)
    url = reverse("portal:profile")
    topics = list(Topic.objects.all())

    def grow(n):
        for _ in range(n):
            start = date(2027, 1, 1) + timedelta(days=3 * Absence.objects.count())
            Absence.objects.create(advisor=advisor, starts_on=start, ends_on=start + timedelta(days=1))
            AdvisorLanguage.objects.create(
                advisor=advisor, name=f"Sprache {AdvisorLanguage.objects.count()}", level=Application.Level.GOOD
            )
        advisor.topics.set(topics[: min(len(topics), advisor.absences.count())])

    queries = assert_constant_queries(lambda: client.get(url), grow)
    # session, user, advisor, its topics and languages, the topic choices, the absences; no reload on a GET
    assert queries == 7 == count_queries(lambda: client.get(url))
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" class="form-check-input" name="topics"') == len(topics)
    assert page.count('name="topics" value=') == page.count('name="topics" value="') == len(topics)
    assert page.count(" checked>") >= min(len(topics), 10)
    assert '<option value="08226" selected>' in page
    assert 'value="Sprache 9"' in page and page.count('action="/portal/profil/abwesenheiten/') == 11
