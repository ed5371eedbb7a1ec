"""The rule's edge cases: excused then made up, absent, partly, the rule changed, attendance withdrawn."""

from datetime import date

import pytest
from django.utils import timezone

from miglobe.core.models import AuditEntry
from pool.models import Advisor
from seminars import services
from seminars.models import Attendance, Qualification
from seminars.progress import progress_for
from seminars.states import ModuleState

from .factories import CurriculumFactory, SeminarFactory, cohort_advisor, past_seminar

pytestmark = pytest.mark.django_db


def attend_all(curriculum, advisor, staff, *, except_number=None, state="attended"):
    for module in curriculum.modules.all():
        if module.number != except_number:
            seminar = past_seminar(curriculum, module.number, days_ago=60 - module.number)
            services.record_attendance(seminar=seminar, advisor=advisor, state=state, by=staff)


def state_of(curriculum, advisor, number):
    _modules, progress = progress_for(curriculum, [advisor.pk], timezone.now())
    return progress[advisor.pk].states[curriculum.modules.get(number=number).pk]


def test_all_modules_attended_qualifies_and_stores_the_moment(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff)

    qualification = Qualification.objects.get(advisor=advisor)
    assert qualification.is_valid and qualification.qualified_at is not None
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.QUALIFIED and advisor.qualified_at == qualification.qualified_at
    assert Advisor.objects.assignable().filter(pk=advisor.pk).exists()
    actions = [e.action for e in AuditEntry.objects.for_object(qualification)]
    assert actions == ["seminars.qualification.granted"]


def test_five_of_six_is_not_enough(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=6)

    assert not Qualification.objects.filter(advisor=advisor).exists()
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.IN_QUALIFICATION


def test_excused_then_made_up_at_another_seminar_qualifies(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=3)
    first = past_seminar(curriculum, 3, days_ago=50)
    services.record_attendance(seminar=first, advisor=advisor, state="excused", by=staff)
    assert state_of(curriculum, advisor, 3) == ModuleState.EXCUSED
    assert not Qualification.objects.filter(advisor=advisor).exists()

    again = past_seminar(curriculum, 3, days_ago=5)
    services.record_attendance(seminar=again, advisor=advisor, state="attended", by=staff)

    assert state_of(curriculum, advisor, 3) == ModuleState.MADE_UP
    assert Qualification.objects.get(advisor=advisor).is_valid


def test_absent_then_individual_catch_up_qualifies(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=2)
    services.record_attendance(seminar=past_seminar(curriculum, 2), advisor=advisor, state="absent", by=staff)
    assert state_of(curriculum, advisor, 2) == ModuleState.ABSENT

    services.record_catch_up(
        advisor=advisor, module=curriculum.modules.get(number=2), done_on=date(2026, 11, 2), note="Lektüre", by=staff
    )

    assert state_of(curriculum, advisor, 2) == ModuleState.MADE_UP
    assert Qualification.objects.get(advisor=advisor).is_valid


def test_catch_up_needs_a_note(curriculum, advisor, staff):
    with pytest.raises(services.Refused):
        services.record_catch_up(
            advisor=advisor, module=curriculum.modules.first(), done_on=date(2026, 11, 2), note=" ", by=staff
        )


def test_partly_counts_only_when_staff_say_so(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=4)
    services.record_attendance(seminar=past_seminar(curriculum, 4), advisor=advisor, state="partly", by=staff)
    assert not Qualification.objects.filter(advisor=advisor).exists()
    assert state_of(curriculum, advisor, 4) == ModuleState.PARTLY

    services.change_rule(curriculum=curriculum, required_modules=None, partly_counts=True, by=staff)

    assert Qualification.objects.get(advisor=advisor).is_valid


def test_the_rule_changed_to_fewer_modules_and_back(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=6)
    services.change_rule(curriculum=curriculum, required_modules=5, partly_counts=False, by=staff)
    assert Qualification.objects.get(advisor=advisor).is_valid

    services.change_rule(curriculum=curriculum, required_modules=None, partly_counts=False, by=staff)

    qualification = Qualification.objects.get(advisor=advisor)
    assert not qualification.is_valid
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.IN_QUALIFICATION


def test_the_rule_refuses_more_modules_than_there_are(curriculum, staff):
    with pytest.raises(services.Refused):
        services.change_rule(curriculum=curriculum, required_modules=7, partly_counts=False, by=staff)


def test_withdrawing_attendance_evaluates_again_and_requalifying_gives_a_new_moment(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff)
    first_moment = Qualification.objects.get(advisor=advisor).qualified_at
    record = Attendance.objects.filter(advisor=advisor).first()
    seminar = record.seminar

    services.withdraw_attendance(attendance=record, by=staff)

    assert not Qualification.objects.get(advisor=advisor).is_valid
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.IN_QUALIFICATION

    services.record_attendance(seminar=seminar, advisor=advisor, state="attended", by=staff)
    again = Qualification.objects.get(advisor=advisor)
    assert again.is_valid and again.qualified_at > first_moment


def test_exchange_meetings_do_not_count(curriculum, advisor, staff):
    attend_all(curriculum, advisor, staff, except_number=1)
    meeting = past_seminar(curriculum, 1)
    meeting.module = None
    meeting.save()
    services.record_attendance(seminar=meeting, advisor=advisor, state="attended", by=staff)

    assert not Qualification.objects.filter(advisor=advisor).exists()


def test_attendance_is_refused_before_the_seminar_and_for_another_cohort(curriculum, advisor, staff):
    with pytest.raises(services.Refused):
        services.record_attendance(
            seminar=SeminarFactory(curriculum=curriculum), advisor=advisor, state="attended", by=staff
        )
    stranger = cohort_advisor(CurriculumFactory())
    with pytest.raises(services.Refused):
        services.record_attendance(seminar=past_seminar(curriculum, 1), advisor=stranger, state="attended", by=staff)


def test_each_attendance_change_is_audited(curriculum, advisor, staff):
    seminar = past_seminar(curriculum, 1)
    services.record_attendance(seminar=seminar, advisor=advisor, state="excused", by=staff)
    services.record_attendance(seminar=seminar, advisor=advisor, state="attended", by=staff)

    attendance = Attendance.objects.get(seminar=seminar, advisor=advisor)
    entries = list(AuditEntry.objects.for_object(attendance).order_by("pk"))
    assert [(e.action, e.actor_id, e.data["from"], e.data["to"]) for e in entries] == [
        ("seminars.attendance.recorded", staff.pk, None, "excused"),
        ("seminars.attendance.recorded", staff.pk, "excused", "attended"),
    ]
