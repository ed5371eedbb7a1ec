from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from miglobe.core.outbox import OutboxMessage
from miglobe.core.testing import count_queries, deliver_outbox
from pool import services
from pool.models import Advisor, Application, DuplicateFlag, NameCode, StatusChange
from pool.services import ApplicationInput, Refused
from pool.tasks import check_pending_duplicates as check_pending_duplicates_task

from .factories import AdvisorFactory, ApplicationFactory, CallFactory, ReviewFactory, topic

Status = Application.Status
pytestmark = pytest.mark.django_db


def submitted(*, call, data):
    """Submit, then run what the worker's sweep runs for it."""
    application = services.submit_application(call=call, data=data)
    services.check_duplicates(application_id=application.pk)
    return application


def complete_input(**fields):
    base = {
        "first_name": "Ayşe",
        "last_name": "Öztürk",
        "email": "ayse@example.org",
        "phone": "0711 1234567",
        "home_region": "08111",
        "motivation": "Kommunen öffnen",
        "availability_days": 4,
        "language": "de",
    }
    return ApplicationInput(
        fields=base | fields,
        topics=[topic()],
        languages=[("Türkisch", "native"), ("Deutsch", "fluent")],
        privacy_consent=True,
    )


class TestSubmit:
    def test_submitting_freezes_numbers_records_and_confirms(self, call):
        application = services.submit_application(call=call, data=complete_input())

        assert application.status == Status.SUBMITTED
        assert application.reference == f"MG-{call.closes_at.year}-0001"
        assert application.submitted_at is not None
        assert application.privacy_consent_at is not None
        assert [lang.name for lang in application.languages.all()] == ["Türkisch", "Deutsch"]
        change = StatusChange.objects.get(application=application)
        assert (change.from_status, change.to_status) == (Status.DRAFT, Status.SUBMITTED)
        mail = OutboxMessage.objects.for_object(application).get()
        assert mail.recipient == "ayse@example.org"
        assert mail.confidential  # it carries the private link
        assert not mail.is_written  # the worker writes it just before sending (decision 0180)
        assert [sent.to for sent in deliver_outbox()] == [["ayse@example.org"]]
        mail.refresh_from_db()
        assert application.reference in mail.subject and "/zugang/pool.application/?k=" in mail.body_text

    def test_reference_numbers_count_up_per_call(self, call):
        first = services.submit_application(call=call, data=complete_input(email="a@example.org"))
        second = services.submit_application(call=call, data=complete_input(email="b@example.org"))
        assert (first.reference[-4:], second.reference[-4:]) == ("0001", "0002")

    def test_a_reference_number_is_one_statement_once_the_prefix_and_year_have_a_row(self, call):
        key, first = services.next_reference(call).rsplit("-", 1)  # creates the row
        assert first == "0001"
        assert count_queries(lambda: services.next_reference(call)) == 1
        same_prefix = CallFactory(reference_prefix=call.reference_prefix, closes_at=call.closes_at)
        assert services.next_reference(same_prefix) == f"{key}-0003"

    def test_a_draft_keeps_its_data_and_is_submitted_later(self, call):
        draft = services.save_draft(call=call, data=complete_input(motivation=""))
        assert draft.status == Status.DRAFT
        assert draft.reference is None
        assert OutboxMessage.objects.for_object(draft).count() == 1  # the link to continue

        submitted = services.submit_application(call=call, application=draft, data=complete_input())
        assert submitted.pk == draft.pk
        assert submitted.status == Status.SUBMITTED

    def test_submitted_application_cannot_be_changed_again(self, call):
        application = services.submit_application(call=call, data=complete_input())
        with pytest.raises(Refused):
            services.save_draft(call=call, application=application, data=complete_input(first_name="X"))
        with pytest.raises(Refused):
            services.submit_application(call=call, application=application, data=complete_input())

    @pytest.mark.parametrize(
        "window",
        [
            {"opens_at_days": 2, "closes_at_days": 10},  # not yet open
            {"opens_at_days": -20, "closes_at_days": -1},  # closed
        ],
    )
    def test_call_outside_its_window_accepts_nothing(self, window):
        now = timezone.now()
        call = CallFactory(
            opens_at=now + timedelta(days=window["opens_at_days"]),
            closes_at=now + timedelta(days=window["closes_at_days"]),
        )
        with pytest.raises(Refused):
            services.submit_application(call=call, data=complete_input())
        with pytest.raises(Refused):
            services.save_draft(call=call, data=complete_input())
        assert not Application.objects.exists()

    def test_saving_or_submitting_without_privacy_consent_is_refused(self, call):
        data = complete_input()
        data.privacy_consent = False
        with pytest.raises(Refused):
            services.submit_application(call=call, data=data)
        with pytest.raises(Refused):
            services.save_draft(call=call, data=data)
        assert not Application.objects.exists()

    def test_migration_background_is_kept_only_with_its_own_consent(self, call):
        data = complete_input(migration_background="Ich bin 1998 aus Izmir gekommen.")
        without = services.submit_application(call=call, data=data)
        assert without.migration_background == ""
        assert without.special_category_consent_at is None

        data = complete_input(email="other@example.org", migration_background="Ich bin 1998 aus Izmir gekommen.")
        data.special_category_consent = True
        with_consent = services.submit_application(call=call, data=data)
        assert with_consent.migration_background.startswith("Ich bin")
        assert with_consent.special_category_consent_at is not None


def test_the_special_category_consent_can_be_withdrawn_and_takes_the_text_with_it(call):
    application = ApplicationFactory(
        call=call, migration_background="Geboren in Asmara", special_category_consent_at=timezone.now()
    )
    services.withdraw_special_category_consent(application=application)
    application.refresh_from_db()
    assert (application.migration_background, application.special_category_consent_at) == ("", None)
    assert application.status == Status.SUBMITTED
    with pytest.raises(Refused):  # nothing left to withdraw
        services.withdraw_special_category_consent(application=application)


class TestDuplicates:
    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (("Ayşe", "Öztürk"), ("Ayse", "Ozturk")),
            (("Ayşe", "Öztürk"), ("Öztürk", "Ayşe")),  # first and last name swapped
            (("Jürgen", "Müller"), ("Juergen", "Mueller")),
            (("Олена", "Шевченко"), ("Olena", "Shevchenko")),
        ],
    )
    def test_names_fold_for_diacritics_transliteration_and_order(self, first, second):
        assert services.name_key(*first) == services.name_key(*second)

    def test_different_people_do_not_share_a_name_key(self):
        assert services.name_key("Ayşe", "Öztürk") != services.name_key("Ayla", "Öztürk")

    def test_phone_numbers_normalise_to_e164(self):
        assert services.phone_key("0711 123 45 67") == services.phone_key("+49 (711) 1234567") == "+497111234567"
        assert services.phone_key("keine Nummer") == ""

    def test_email_key_ignores_case_and_plus_tags(self):
        assert services.email_key(" Ayse.Ozturk+miglobe@Example.ORG ") == "ayse.ozturk@example.org"

    def test_likely_duplicates_are_flagged_not_merged(self, call):
        first = submitted(call=call, data=complete_input())
        second = submitted(
            call=call,
            data=complete_input(
                first_name="Ozturk", last_name="Ayse", email="AYSE@example.org", phone="+49711 1234567"
            ),
        )
        flag = DuplicateFlag.objects.get(application=second)
        assert flag.other == first
        assert set(flag.reasons.split(",")) == {"email", "phone", "name"}
        assert Application.objects.filter(call=call).count() == 2

    def test_both_applications_of_a_pair_show_the_flag(self, call):
        first = submitted(call=call, data=complete_input())
        second = submitted(call=call, data=complete_input(email="zweite@example.org"))
        assert DuplicateFlag.objects.involving(first).get().other == first
        assert DuplicateFlag.objects.involving(second).count() == 1

    def test_a_person_who_applied_to_another_call_is_flagged_too(self, call):
        """#7.8: someone who applied before is worth a look (rejected before? selected already?)."""
        earlier = submitted(call=call, data=complete_input())
        other_call = CallFactory()
        now = submitted(call=other_call, data=complete_input())
        flag = DuplicateFlag.objects.get()
        assert (flag.application, flag.other) == (now, earlier)
        assert set(flag.reasons.split(",")) == {"email", "phone", "name", "other_call"}


class TestDuplicateCheckInTheWorker:
    """The submission stores the name codes; the worker's sweep compares and flags (decision 0115), through
    `services.check_duplicates`."""

    def test_the_submission_stores_the_codes_and_leaves_the_comparison_to_the_sweep(
        self, call, monkeypatch, django_capture_on_commit_callbacks
    ):
        published = []
        monkeypatch.setattr(
            "celery.canvas.Signature.apply_async", lambda signature, *args, **kwargs: published.append(signature.task)
        )
        submitted(call=call, data=complete_input())
        with django_capture_on_commit_callbacks(execute=True):
            application = services.submit_application(call=call, data=complete_input(email="zweite@example.org"))
        assert published == []  # the confirmation waits for the outbox sweep (decision 0180), the check too
        assert NameCode.objects.filter(application=application).exists()  # the codes are in with the submission
        assert application.duplicates_checked_at is None
        assert not DuplicateFlag.objects.filter(application=application).exists()

        assert check_pending_duplicates_task() == 1
        assert DuplicateFlag.objects.get().application == application
        application.refresh_from_db()
        assert application.duplicates_checked_at is not None

    def test_a_check_that_fails_does_not_hold_up_the_others(self, call, monkeypatch, caplog):
        first = services.submit_application(call=call, data=complete_input())
        second = services.submit_application(call=call, data=complete_input(email="zweite@example.org"))
        real_flag_matches = services.duplicates.flag_matches

        def fail_for_the_first(application):
            if application.pk == first.pk:
                raise RuntimeError("broken row")
            return real_flag_matches(application)

        monkeypatch.setattr(services.duplicates, "flag_matches", fail_for_the_first)
        assert check_pending_duplicates_task() == 1  # the second was checked although the first failed
        assert "tried again in the next sweep" in caplog.text
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.duplicates_checked_at is None and second.duplicates_checked_at is not None
        monkeypatch.setattr(services.duplicates, "flag_matches", real_flag_matches)
        assert check_pending_duplicates_task() == 1  # the next minute takes it up

    def test_the_sweep_flags_the_duplicates_once(self, call):
        first = services.submit_application(call=call, data=complete_input())
        second = services.submit_application(call=call, data=complete_input(email="zweite@example.org"))
        assert check_pending_duplicates_task() == 2
        assert check_pending_duplicates_task() == 0  # the next minute: nothing new
        flag = DuplicateFlag.objects.get()
        assert (flag.application, flag.other) == (second, first)  # from the later submission to the earlier
        assert set(flag.reasons.split(",")) == {"phone", "name"}
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.duplicates_checked_at and second.duplicates_checked_at

    def test_a_pair_is_flagged_whichever_of_the_two_is_checked_first(self, call):
        """Two submissions close together: the earlier one's check may run when the later one is there."""
        first = services.submit_application(call=call, data=complete_input())
        second = services.submit_application(call=call, data=complete_input(email="zweite@example.org"))
        assert [(f.application, f.other) for f in services.check_duplicates(application_id=first.pk)] == [
            (second, first)
        ]
        assert [(f.application, f.other) for f in services.check_duplicates(application_id=second.pk)] == [
            (second, first)
        ]
        assert DuplicateFlag.objects.count() == 1

    def test_a_check_that_ran_or_cannot_run_does_nothing(self, call):
        application = services.submit_application(call=call, data=complete_input())
        assert services.check_duplicates(application_id=application.pk) == []
        assert services.check_duplicates(application_id=application.pk) is None  # checked already
        draft = services.save_draft(call=call, data=complete_input(email="entwurf@example.org"))
        assert services.check_duplicates(application_id=draft.pk) is None
        assert services.check_duplicates(application_id=draft.pk + 1000) is None  # erased meanwhile
        assert services.check_pending_duplicates() == 0  # the draft is not the sweep's business

    def test_the_sweep_is_scheduled_every_minute_and_has_a_command(self, settings, call):
        entry = settings.CELERY_BEAT_SCHEDULE["pool-duplicates"]
        assert (entry["task"], entry["schedule"]) == ("pool.check_pending_duplicates", 60.0)
        services.submit_application(call=call, data=complete_input())
        out = StringIO()
        call_command("check_duplicates", stdout=out)
        assert out.getvalue().strip() == "1 applications checked for duplicates"


class TestStatusChanges:
    def test_each_move_along_the_table_is_recorded_with_who_and_why(self, application, staff):
        services.start_review(application=application, by=staff, reason="vollständig")
        services.shortlist(application=application, by=staff, reason="stark")
        services.invite_to_interview(application=application, by=staff)
        services.reject(application=application, by=staff, reason="Pool schon vielfältig besetzt")

        application.refresh_from_db()
        assert application.status == Status.REJECTED
        assert application.decided_at is not None
        history = list(application.status_changes.values_list("from_status", "to_status", "changed_by", "reason"))
        assert history == [
            (Status.SUBMITTED, Status.IN_REVIEW, staff.pk, "vollständig"),
            (Status.IN_REVIEW, Status.SHORTLISTED, staff.pk, "stark"),
            (Status.SHORTLISTED, Status.INTERVIEW, staff.pk, ""),
            (Status.INTERVIEW, Status.REJECTED, staff.pk, "Pool schon vielfältig besetzt"),
        ]

    def test_a_move_outside_the_table_is_refused_and_changes_nothing(self, application, staff):
        with pytest.raises(Refused):
            services.invite_to_interview(application=application, by=staff)  # submitted → interview skips a step
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED
        assert not application.status_changes.exists()

    def test_rejecting_needs_a_reason(self, application, staff):
        with pytest.raises(Refused):
            services.reject(application=application, by=staff, reason="  ")

    def test_withdrawing_is_possible_until_decided(self, call, staff):
        open_one = ApplicationFactory(call=call, status=Status.SHORTLISTED)
        services.withdraw_application(application=open_one)
        open_one.refresh_from_db()
        assert open_one.status == Status.WITHDRAWN

        decided = ApplicationFactory(call=call, status=Status.REJECTED)
        with pytest.raises(Refused):
            services.withdraw_application(application=decided)


class TestSelection:
    def test_selecting_creates_the_advisor_record(self, closed_call, staff):
        call = closed_call
        application = ApplicationFactory(call=call, status=Status.SHORTLISTED, first_name="Amina", email="a@x.org")
        advisor = services.select_application(application=application, by=staff)
        assert advisor.application == application
        assert (advisor.first_name, advisor.email, advisor.call) == ("Amina", "a@x.org", call)
        assert advisor.status == Advisor.Status.IN_QUALIFICATION

    def test_selection_is_refused_when_the_pool_is_full(self, staff):
        call = CallFactory(closed=True, pool_size=2)
        AdvisorFactory.create_batch(2, call=call)
        candidate = ApplicationFactory(call=call, status=Status.SHORTLISTED)
        with pytest.raises(Refused, match="voll"):
            services.select_application(application=candidate, by=staff)
        candidate.refresh_from_db()
        assert candidate.status == Status.SHORTLISTED
        assert Advisor.objects.count() == 2

    def test_reserve_list_needs_consent(self, closed_call, staff):
        without = ApplicationFactory(call=closed_call, status=Status.SHORTLISTED, reserve_consent_at=None)
        with pytest.raises(Refused, match="Einwilligung"):
            services.place_on_reserve(application=without, by=staff)

    def test_reserve_consent_expires_after_the_calls_period(self, staff):
        call = CallFactory(closed=True, reserve_consent_months=12)
        now = timezone.now()
        application = ApplicationFactory(call=call, status=Status.SHORTLISTED, reserve_consent_at=now)
        services.place_on_reserve(application=application, by=staff, now=now)
        application.refresh_from_db()
        assert application.reserve_until.date() == (now + timedelta(days=365)).date()
        assert list(Application.objects.reserve_active(now + timedelta(days=364))) == [application]
        assert not Application.objects.reserve_active(now + timedelta(days=366)).exists()

        with pytest.raises(Refused, match="abgelaufen"):
            services.select_application(application=application, by=staff, now=now + timedelta(days=400))

    def test_moving_up_from_the_reserve_list_needs_a_free_place(self, staff):
        call = CallFactory(closed=True, pool_size=1)
        member = AdvisorFactory(call=call)
        now = timezone.now()
        reserve = ApplicationFactory(
            call=call,
            status=Status.RESERVE,
            reserve_consent_at=now,
            reserve_until=now + timedelta(days=30),
            decision_sent_at=now,
        )
        with pytest.raises(Refused):
            services.select_application(application=reserve, by=staff)

        member.status = Advisor.Status.LEFT  # someone leaves the pool
        member.save()
        services.select_application(application=reserve, by=staff)
        reserve.refresh_from_db()
        assert reserve.status == Status.SELECTED
        assert reserve.reserve_until is None
        # The new decision is told, although the reserve decision was told before.
        assert services.send_decision_emails(applications=[reserve]) == 1
        assert OutboxMessage.objects.for_object(reserve).get().template == "pool/decision_selected"

    def test_renewing_reserve_consent_extends_it(self, call):
        now = timezone.now()
        application = ApplicationFactory(
            call=call, status=Status.RESERVE, reserve_consent_at=now, reserve_until=now + timedelta(days=10)
        )
        later = now + timedelta(days=5)
        services.renew_reserve_consent(application=application, now=later)
        application.refresh_from_db()
        assert application.reserve_until > now + timedelta(days=360)


class TestDecisionEmails:
    def test_decisions_are_sent_once_in_the_applicants_language(self, call, staff):
        selected = ApplicationFactory(call=call, status=Status.SELECTED, language="en")
        rejected = ApplicationFactory(call=call, status=Status.REJECTED)
        undecided = ApplicationFactory(call=call, status=Status.SHORTLISTED)

        all_three = [selected, rejected, undecided]
        assert services.send_decision_emails(applications=all_three) == 2
        assert services.send_decision_emails(applications=all_three) == 0  # already told

        assert OutboxMessage.objects.for_object(selected).get().language == "en"
        assert OutboxMessage.objects.for_object(rejected).count() == 1
        assert not OutboxMessage.objects.for_object(undecided).exists()


class TestReviews:
    def scores(self, call, value=4):
        return {criterion.pk: value for criterion in call.criteria.all()}

    def test_a_panel_member_scores_each_criterion(self, application, panel_member):
        assert application.call.reviewers.filter(pk=panel_member.pk).exists()
        review = services.submit_review(
            application=application,
            reviewer=panel_member,
            scores=self.scores(application.call),
            recommendation="select",
            comment="überzeugend",
        )
        assert review.scores.count() == 3
        ranked = Application.objects.with_ranking().get(pk=application.pk)
        assert ranked.weighted_score == pytest.approx(4.0)
        assert ranked.review_count == 1

    def test_weighted_score_follows_the_weights(self, application, panel_member, staff):
        call = application.call
        heavy, medium, light = call.criteria.order_by("-weight")  # weights 3, 2, 1
        scores = {heavy.pk: 5, medium.pk: 2, light.pk: 1}
        services.submit_review(
            application=application, reviewer=panel_member, scores=scores, recommendation="select", comment=""
        )
        ranked = Application.objects.with_ranking().get(pk=application.pk)
        assert ranked.weighted_score == pytest.approx((5 * 3 + 2 * 2 + 1 * 1) / 6)

    def test_someone_outside_the_panel_of_this_call_cannot_review(self, application):
        from miglobe.core.tests.factories import PanelMemberFactory

        outsider = PanelMemberFactory(username="anderes-gremium")
        with pytest.raises(Refused):
            services.submit_review(
                application=application, reviewer=outsider, scores={}, recommendation="select", comment=""
            )

    def test_a_conflict_of_interest_records_no_scores_and_does_not_count(self, application, panel_member):
        review = services.submit_review(
            application=application,
            reviewer=panel_member,
            scores={},
            recommendation="",
            comment="",
            conflict_of_interest=True,
        )
        assert review.conflict_of_interest
        assert not review.scores.exists()
        ranked = Application.objects.with_ranking().get(pk=application.pk)
        assert (ranked.weighted_score, ranked.review_count) == (None, 0)

    def test_missing_or_out_of_range_scores_are_refused(self, application, panel_member):
        first = application.call.criteria.first()
        with pytest.raises(Refused):
            services.submit_review(
                application=application,
                reviewer=panel_member,
                scores={first.pk: 3},
                recommendation="select",
                comment="",
            )
        with pytest.raises(Refused):
            services.submit_review(
                application=application,
                reviewer=panel_member,
                scores=self.scores(application.call, value=6),
                recommendation="select",
                comment="",
            )

    def test_a_review_is_given_once(self, application, panel_member):
        arguments = {
            "application": application,
            "reviewer": panel_member,
            "scores": self.scores(application.call),
            "recommendation": "select",
            "comment": "",
        }
        services.submit_review(**arguments)
        with pytest.raises(Refused):
            services.submit_review(**arguments)

    def test_a_declared_conflict_does_not_open_the_others_reviews(self, application, panel_member):
        from pool.models import Review

        ReviewFactory(application=application, comment="vertraulich")
        services.submit_review(
            application=application,
            reviewer=panel_member,
            scores={},
            recommendation="",
            comment="",
            conflict_of_interest=True,
        )
        visible = Review.objects.visible_to(panel_member)
        assert [review.reviewer for review in visible] == [panel_member]

    def test_a_reviewer_removed_from_the_panel_no_longer_sees_reviews(self, application, panel_member):
        from pool.models import Review

        services.submit_review(
            application=application,
            reviewer=panel_member,
            scores=self.scores(application.call),
            recommendation="select",
            comment="",
        )
        application.call.reviewers.remove(panel_member)
        assert not Review.objects.visible_to(panel_member).exists()

    def test_others_reviews_are_hidden_until_the_own_is_submitted(self, application, panel_member):
        from pool.models import Review

        others = ReviewFactory(application=application)  # by another panel member
        assert list(Review.objects.visible_to(panel_member)) == []

        services.submit_review(
            application=application,
            reviewer=panel_member,
            scores=self.scores(application.call),
            recommendation="reserve",
            comment="",
        )
        assert others in Review.objects.visible_to(panel_member)

    def test_programme_staff_see_every_review(self, application, staff):
        from pool.models import Review

        review = ReviewFactory(application=application)
        assert list(Review.objects.visible_to(staff)) == [review]
