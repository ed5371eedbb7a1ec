"""The admin start page leads staff to the workflows outside the admin lists, each only for who may use it."""

import re

import pytest
from django.urls import reverse

from miglobe.core.testing import assert_constant_queries
from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory
from seminars.tests.factories import CurriculumFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def workplace_links(client):
    """The hrefs of the start page's block "Arbeitsbereiche", in order; [] when the block is missing."""
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    block = re.search(r'<nav class="module workplaces".*?</nav>', response.content.decode(), re.S)
    return re.findall(r'href="([^"]+)"', block.group(0)) if block else []


def test_the_team_finds_every_workplace_and_may_open_each(client):
    team = StaffFactory()
    open_call, closed_call = CallFactory(), CallFactory(closed=True)
    curriculum = CurriculumFactory(call=closed_call)
    client.force_login(team)

    links = workplace_links(client)

    assert links == [
        reverse("admin:pool_advisor_roster"),
        reverse("admin:pool_call_ranking", args=[open_call.pk]),
        reverse("admin:pool_call_ranking", args=[closed_call.pk]),
        reverse("admin:pool_advisor_refill", args=[closed_call.pk]),  # only a closed call has a reserve list
        reverse("seminars:seminar_list"),
        reverse("seminars:matrix", args=[curriculum.pk]),
        reverse("consultations:staff_request_list"),
        reverse("consultations:staff_queue"),
        reverse("consultations:staff_feedback"),
        reverse("consultations:staff_figures"),
    ]
    assert [client.get(url).status_code for url in links] == [200] * len(links)


def test_a_panel_member_sees_only_the_ranking_of_the_calls_they_review(client):
    member = PanelMemberFactory()
    reviewed, other = CallFactory(closed=True), CallFactory(closed=True)
    reviewed.reviewers.add(member)
    CurriculumFactory(call=reviewed)
    client.force_login(member)

    assert workplace_links(client) == [reverse("admin:pool_call_ranking", args=[reviewed.pk])]
    # What the block leaves out, the views refuse too: the block hides nothing a member could use.
    refused = [
        reverse("admin:pool_advisor_roster"),
        reverse("admin:pool_advisor_refill", args=[reviewed.pk]),
        reverse("seminars:seminar_list"),
        reverse("consultations:staff_request_list"),
        reverse("consultations:staff_queue"),
        reverse("consultations:staff_figures"),
    ]
    assert [client.get(url).status_code for url in refused] == [403] * len(refused)
    assert client.get(reverse("admin:pool_call_ranking", args=[other.pk])).status_code == 404


def test_staff_without_a_workflow_permission_see_no_block(client):
    client.force_login(PanelMemberFactory())
    CallFactory()  # not on its panel

    assert workplace_links(client) == []


def test_the_start_page_keeps_its_query_count_with_more_calls_and_cohorts(client):
    client.force_login(StaffFactory())

    def grow(n):
        for _ in range(n):
            CurriculumFactory(call=CallFactory(closed=True), modules=1)

    queries = assert_constant_queries(lambda: client.get(reverse("admin:index")), grow)
    assert queries == 7
