"""The rule `pool.see_assessments` as a matrix: each kind of person × before and after their own review ×
each place where a score, a review or a staff decision appears."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse

from miglobe.core.tests.factories import PASSWORD, PanelMemberFactory, StaffFactory
from pool import services
from pool.models import Application

from .factories import ApplicationFactory, ReviewFactory, ScoreFactory

pytestmark = pytest.mark.django_db
Status = Application.Status

CHANGELIST = reverse("admin:pool_application_changelist")
OTHERS_COMMENT = "Kommentar der anderen Person"
TEAM_REASON = "Begründung des Programmteams"


def review(application, reviewer, *, value=5, conflict=False, comment=""):
    own = ReviewFactory(application=application, reviewer=reviewer, conflict_of_interest=conflict, comment=comment)
    if not conflict:
        for criterion in application.call.criteria.all():
            ScoreFactory(review=own, criterion=criterion, value=value)
    return own


@pytest.fixture
def assessed(call, staff):
    """A shortlisted application with another panel member's review (all fives: 5,00)."""
    application = ApplicationFactory(call=call, first_name="Amina")
    services.shortlist(application=application, by=staff, reason=TEAM_REASON)
    other = PanelMemberFactory(username="andere")
    call.reviewers.add(other)
    review(application, other, comment=OTHERS_COMMENT)
    return application


def places(client, user, application):
    """Where the assessments show, as the person sees each place: True = visible."""
    client.force_login(user)
    call = application.call
    found = {}

    rows = client.get(CHANGELIST).context["cl"].result_list
    row = next(row for row in rows if row.pk == application.pk)
    found["list score"] = row.weighted_score == 5.0
    found["list review count"] = row.review_count is not None
    found["list status"] = str(row.shown_status) == Status.SHORTLISTED
    found["status filter"] = application in client.get(CHANGELIST, {"status": "shortlisted"}).context["cl"].result_list
    found["score filter"] = application in client.get(CHANGELIST, {"score": "4-5"}).context["cl"].result_list
    list_html = client.get(CHANGELIST).content.decode()
    found["list html"] = "5,00" in list_html or "in der engeren Wahl</td>" in list_html

    ranking = client.get(reverse("admin:pool_call_ranking", args=[call.pk])).content.decode()
    found["ranking"] = application.reference in ranking and "5,00" in ranking

    page = client.get(reverse("admin:pool_application_review", args=[application.pk])).content.decode()
    found["others' reviews"] = OTHERS_COMMENT in page

    change = client.get(reverse("admin:pool_application_change", args=[application.pk])).content.decode()
    found["status history"] = TEAM_REASON in change
    found["status on page"] = "in der engeren Wahl" in change

    template = Template('{% load rules %}{% has_perm "pool.see_assessments" user app as ok %}{{ ok }}')
    found["template"] = template.render(Context({"user": user, "app": application})) == "True"

    if user.has_perm("pool.decide"):
        export = client.post(CHANGELIST, {"action": "export_csv_action", "_selected_action": [application.pk]})
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
        score_column = rows[0].index("Punkte (gewichtet)")
        found["export"] = rows[1][score_column] != ""
    client.logout()
    return found


def person(kind, call):
    user = PanelMemberFactory(username="gremium") if kind == "panel member" else StaffFactory(username="team")
    if kind != "programme staff off the panel":
        call.reviewers.add(user)
    return user


KINDS = ["panel member", "programme staff on the panel", "programme staff off the panel"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("moment", ["before own review", "after own review", "after declaring a conflict"])
def test_who_sees_scores_reviews_and_staff_decisions(client, call, assessed, kind, moment):
    user = person(kind, call)
    if kind != "programme staff off the panel":
        if moment == "after own review":
            review(assessed, user)
        elif moment == "after declaring a conflict":
            review(assessed, user, conflict=True)
    expected = kind == "programme staff off the panel" or moment == "after own review"

    seen = places(client, user, assessed)

    assert seen == dict.fromkeys(seen, expected)
    assert len(seen) >= 11  # every place was looked at (12 for those who may export)


def test_a_panel_member_sees_the_neutral_status_before_their_review(client, call, assessed):
    user = person("panel member", call)
    client.force_login(user)
    html = client.get(CHANGELIST).content.decode()
    assert '<td class="field-status_column">eingereicht</td>' in html
    assert '<td class="field-status_column">in der engeren Wahl</td>' not in html
    # The status filter still offers every status, but "shortlisted" finds nothing it could reveal.
    assert list(client.get(CHANGELIST, {"status": "submitted"}).context["cl"].result_list) == [assessed]


def test_the_ranking_of_a_panel_member_lists_only_what_they_reviewed(client, call, assessed):
    user = person("programme staff on the panel", call)
    unseen = ApplicationFactory(call=call)
    review(unseen, PanelMemberFactory(username="dritte"), value=2)
    review(assessed, user)
    client.force_login(user)
    html = client.get(reverse("admin:pool_call_ranking", args=[call.pk])).content.decode()
    assert assessed.reference in html
    assert unseen.reference not in html
    assert "1 Bewerbung fehlt hier" in html
    assert "Bis hierher" not in html  # no pool line over an incomplete field


class TestCvDownload:
    @pytest.fixture
    def with_cv(self, call):
        application = ApplicationFactory(call=call, cv_original_name="")
        application.cv.save("x.docx", ContentFile(b"PK\x03\x04"), save=True)
        return application

    def test_allowed_with_the_permission_and_the_application_in_sight(self, client, staff, with_cv):
        client.login(username=staff.username, password=PASSWORD)
        response = client.get(reverse("admin:pool_application_cv", args=[with_cv.pk]))
        assert response.status_code == 200
        # The fallback name is the reference and the file's real suffix (it was "…MG-2027-00011.pdf"-like).
        assert f'filename="{with_cv.reference}.docx"' in response["Content-Disposition"]

    def test_refused_without_the_permission(self, client, panel_member, with_cv):
        client.login(username=panel_member.username, password=PASSWORD)
        assert client.get(reverse("admin:pool_application_cv", args=[with_cv.pk])).status_code == 403
        assert not panel_member.has_perm("pool.download_cv_file", with_cv)


@pytest.mark.parametrize(
    ("page", "expected"),
    [(CHANGELIST, 9), ("ranking", 7)],
)
def test_the_rule_costs_no_query_per_row(client, call, panel_member, page, expected):
    """The rule travels as an annotation: the panel's list and ranking stay at a fixed number of queries."""
    from miglobe.core.testing import assert_constant_queries

    url = reverse("admin:pool_call_ranking", args=[call.pk]) if page == "ranking" else page
    client.force_login(panel_member)

    def grow(n):
        for i in range(n):
            application = ApplicationFactory(call=call)
            if i % 2:
                review(application, panel_member)

    def load():
        assert client.get(url).status_code == 200

    assert assert_constant_queries(load, grow) == expected
