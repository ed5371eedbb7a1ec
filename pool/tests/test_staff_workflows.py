"""Decisions count once sent, selection after the deadline, the ranking export, and the fixes from review."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from miglobe.core.outbox import OutboxMessage
from miglobe.core.testing import assert_constant_queries
from miglobe.core.tests.factories import PASSWORD
from pool import services
from pool.models import Application, DuplicateFlag

from .applicant import open_link
from .factories import ApplicationFactory, CallFactory, CriterionFactory, ReviewFactory, ScoreFactory

pytestmark = pytest.mark.django_db
Status = Application.Status
CHANGELIST = reverse("admin:pool_application_changelist")


def logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def scored(call, value):
    application = ApplicationFactory(call=call)
    review = ReviewFactory(application=application)
    for criterion in call.criteria.all():
        ScoreFactory(review=review, criterion=criterion, value=value)
    return application


class TestDecisionCountsOnceSent:
    def test_the_private_page_shows_in_review_until_the_email_went_out(self, client, closed_call, staff):
        application = ApplicationFactory(call=closed_call, status=Status.SHORTLISTED)
        services.select_application(application=application, by=staff)
        url = open_link(client, application)

        html = client.get(url).content.decode()
        assert '<span id="status">in Prüfung</span>' in html
        assert "ausgewählt" not in html

        services.send_decision_emails(applications=[application])
        assert '<span id="status">ausgewählt</span>' in client.get(url).content.decode()

    def test_public_status_of_each_decision(self, closed_call):
        for status in (Status.SELECTED, Status.RESERVE, Status.REJECTED):
            application = ApplicationFactory(call=closed_call, status=status)
            assert application.public_status == Status.IN_REVIEW
            application.decision_sent_at = timezone.now()
            assert application.public_status == status

    @pytest.mark.parametrize("service", [services.select_application, services.place_on_reserve])
    def test_selecting_or_reserving_is_refused_while_the_call_is_open(self, call, staff, service):
        application = ApplicationFactory(call=call, status=Status.SHORTLISTED, reserve_consent_at=timezone.now())
        with pytest.raises(services.Refused, match="Bewerbungsfrist läuft noch"):
            service(application=application, by=staff)
        application.refresh_from_db()
        assert application.status == Status.SHORTLISTED

    def test_the_admin_action_says_why_selection_waits(self, client, call, staff):
        application = ApplicationFactory(call=call, status=Status.SHORTLISTED)
        response = logged_in(client, staff).post(
            CHANGELIST,
            {"action": "select_action", "_selected_action": [application.pk], "apply": "yes"},
            follow=True,
        )
        assert "Die Bewerbungsfrist läuft noch bis" in response.content.decode()

    def test_a_rejection_before_the_deadline_needs_a_reason(self, call, staff):
        application = ApplicationFactory(call=call)
        with pytest.raises(services.Refused, match="Vor Ende der Frist"):
            services.reject(application=application, by=staff, reason=" ")
        services.reject(application=application, by=staff, reason="nicht antragsberechtigt")
        application.refresh_from_db()
        assert application.status == Status.REJECTED

    @pytest.mark.parametrize("status", [Status.SELECTED, Status.REJECTED, Status.RESERVE])
    @pytest.mark.parametrize("language", ["de", "en"])
    def test_decision_emails_do_not_claim_the_panel_decided(self, closed_call, status, language):
        application = ApplicationFactory(call=closed_call, status=status, language=language)
        subject, text = services.decision_preview(application)
        for claim in ("Auswahlgremium", "selection panel", "Gremium"):
            assert claim not in subject + text


class TestRankingExport:
    def test_csv_and_xlsx_carry_the_ranking_best_first(self, client, closed_call, staff):
        low, high = scored(closed_call, 3), scored(closed_call, 5)
        logged_in(client, staff)
        page = client.get(reverse("admin:pool_call_ranking", args=[closed_call.pk])).content.decode()
        csv_url = reverse("admin:pool_call_ranking_export", args=[closed_call.pk, "csv"])
        assert csv_url in page

        rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig")), delimiter=";"))
        assert [row[1] for row in rows[1:]] == [high.reference, low.reference]
        assert rows[1][5] == "5,00"  # German decimal comma

        xlsx = client.get(reverse("admin:pool_call_ranking_export", args=[closed_call.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.cell(row=2, column=6).value == 5.0

    def test_refused_to_whom_the_whole_ranking_is_not_open(self, client, closed_call, staff):
        scored(closed_call, 4)
        closed_call.reviewers.add(staff)  # on the panel, nothing reviewed yet
        logged_in(client, staff)
        url = reverse("admin:pool_call_ranking_export", args=[closed_call.pk, "csv"])
        assert client.get(url).status_code == 403
        page = client.get(reverse("admin:pool_call_ranking", args=[closed_call.pk])).content.decode()
        assert url not in page


class TestLockedRows:
    """Each service decides on the row read under its lock, not on the copy the page loaded earlier."""

    def test_place_on_reserve_sees_a_consent_withdrawn_meanwhile(self, closed_call, staff):
        stale = ApplicationFactory(call=closed_call, status=Status.SHORTLISTED, reserve_consent_at=timezone.now())
        Application.objects.filter(pk=stale.pk).update(reserve_consent_at=None)
        with pytest.raises(services.Refused, match="Ohne Einwilligung"):
            services.place_on_reserve(application=stale, by=staff)

    def test_select_sees_a_reserve_consent_that_ran_out_meanwhile(self, closed_call, staff):
        stale = ApplicationFactory(call=closed_call, status=Status.SHORTLISTED)
        Application.objects.filter(pk=stale.pk).update(
            status=Status.RESERVE, reserve_until=timezone.now() - timedelta(days=1)
        )
        with pytest.raises(services.Refused, match="abgelaufen"):
            services.select_application(application=stale, by=staff)

    def test_submit_review_sees_a_rejection_made_meanwhile(self, call, panel_member):
        stale = ApplicationFactory(call=call)
        Application.objects.filter(pk=stale.pk).update(status=Status.REJECTED)
        scores = {c.pk: 4 for c in call.criteria.all()}
        with pytest.raises(services.Refused, match="nicht mehr bewertet"):
            services.submit_review(
                application=stale, reviewer=panel_member, scores=scores, recommendation="select", comment=""
            )
        assert not stale.reviews.exists()


def test_the_decision_preview_runs_a_fixed_number_of_queries(client, closed_call, staff):
    logged_in(client, staff)

    def grow(n):
        for _ in range(n):
            ApplicationFactory(call=closed_call, status=Status.SELECTED)

    def preview():
        ids = list(Application.objects.values_list("pk", flat=True))
        response = client.post(CHANGELIST, {"action": "send_decisions_action", "_selected_action": ids})
        assert response.status_code == 200
        assert "[persönlicher Link der Person]" in response.content.decode()

    # session, user, two permission queries, the changelist the action starts from (filter choices and
    # counts, built twice by the admin), then one query for the rows with their calls and one for the
    # skipped count – however many emails are previewed.
    # The change list counts once (show_full_result_count = False); one query for pool.permissions.sits_on_a_panel.
    assert assert_constant_queries(preview, grow) == 15
    assert not OutboxMessage.objects.exists()


def test_resolving_duplicates_goes_through_the_service(client, call, staff):
    first, second = ApplicationFactory.create_batch(2, call=call)
    flag = DuplicateFlag.objects.create(application=second, other=first, reasons="email")
    assert services.resolve_duplicate_flags(flags=[flag], by=staff) == 1
    assert services.resolve_duplicate_flags(flags=[flag], by=staff) == 0  # the first resolution stays
    flag.refresh_from_db()
    assert flag.resolved_by == staff and flag.resolved_at is not None


def test_the_duplicate_action_calls_the_service(client, call, staff, monkeypatch):
    flag = DuplicateFlag.objects.create(
        application=ApplicationFactory(call=call), other=ApplicationFactory(call=call), reasons="name"
    )
    calls = []
    monkeypatch.setattr(services, "resolve_duplicate_flags", lambda **kwargs: calls.append(kwargs) or 1)
    logged_in(client, staff).post(
        reverse("admin:pool_duplicateflag_changelist"), {"action": "mark_resolved", "_selected_action": [flag.pk]}
    )
    assert [list(c["flags"]) for c in calls] == [[flag]]
    assert calls[0]["by"] == staff


def test_the_ranking_page_and_list_round_like_the_exports(client, staff):
    call = CallFactory(closed=True)
    CriterionFactory(call=call, weight=3)
    CriterionFactory(call=call, weight=5)
    application = ApplicationFactory(call=call)
    review = ReviewFactory(application=application)
    first, second = call.criteria.all()
    ScoreFactory(review=review, criterion=first, value=2)  # (2×3 + 4×5) / 8 = 3.25
    ScoreFactory(review=review, criterion=second, value=4)
    logged_in(client, staff)
    assert "3,25" in client.get(reverse("admin:pool_call_ranking", args=[call.pk])).content.decode()
    assert "3,25" in client.get(CHANGELIST).content.decode()
