"""The seminars' part of `manage.py seed_bench` (benchmark volumes; never demo or production data).

For each of the three bench cohorts (the calls the 60 bench advisors come from): a curriculum of the six
modules, the six weekend seminars after the cohort joined the pool, every advisor in the pool invited to each
with an answer, attendance as it happens (most came; some were excused, absent or came only partly), some
misses made up individually, and the qualifications of those who met the rule. Ahead lie a make-up date and
an exchange meeting per cohort, with answers, so the matrix also shows "registered". The cohorts do not grow
with --scale: the pool has 60 advisors at every scale.
"""

import uuid
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pool.bench_data import SLUG_PREFIX, STAFF_USERNAME
from pool.models import Advisor, Call

from .demo import MODULES, VENUES
from .models import Attendance, CatchUp, Curriculum, Invitation, Module, Qualification, Seminar
from .progress import progress_for
from .states import AttendanceState, InvitationStatus

WEEKS_BETWEEN = 6
ANSWERS = [(InvitationStatus.ACCEPTED, 90), (InvitationStatus.DECLINED, 7), (InvitationStatus.INVITED, 3)]
STATES = [
    (AttendanceState.ATTENDED, 85),
    (AttendanceState.PARTLY, 4),
    (AttendanceState.EXCUSED, 7),
    (AttendanceState.ABSENT, 4),
]
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # as seminars.models.verification_code, but from the seed


def _bench_calls():
    return Call.objects.filter(slug__startswith=SLUG_PREFIX)


def forget():
    curricula = Curriculum.objects.filter(call__in=_bench_calls())
    Qualification.objects.filter(curriculum__in=curricula).delete()
    CatchUp.objects.filter(module__curriculum__in=curricula).delete()
    # Invitations, attendance and materials go with their seminar (CASCADE).
    Seminar.objects.filter(curriculum__in=curricula).delete()
    Module.objects.filter(curriculum__in=curricula).delete()
    curricula.delete()


def _weekend(day):
    """Friday 16:00 to Saturday 17:00, Berlin time, of the week of `day`."""
    day += timedelta(days=(4 - day.weekday()) % 7)
    zone = timezone.get_default_timezone()
    starts = timezone.make_aware(datetime.combine(day, time(16, 0)), zone)
    return starts, starts + timedelta(hours=25)


def _seminar(rng, curriculum, module, day, venue, *, title=""):
    starts, ends = _weekend(day)
    name, address = VENUES[venue % len(VENUES)]
    return Seminar(
        public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        curriculum=curriculum,
        module=module,
        title=title,
        starts_at=starts,
        ends_at=ends,
        venue=name,
        address=address,
        capacity=25,
        trainers="Dr. Meral Şahin",
    )


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def seed(*, scale, rng, stdout):
    now = timezone.now()
    today = timezone.localdate(now)
    staff = get_user_model().objects.filter(username=STAFF_USERNAME).first()
    advisors_by_call = {}
    for advisor in Advisor.objects.filter(call__in=_bench_calls()).in_pool().order_by("pk"):
        advisors_by_call.setdefault(advisor.call_id, []).append(advisor)
    calls = list(_bench_calls().filter(pk__in=advisors_by_call).order_by("opens_at"))
    curricula = Curriculum.objects.bulk_create(Curriculum(call=call) for call in calls)
    modules = Module.objects.bulk_create(
        Module(
            curriculum=curriculum,
            number=number,
            title=title,
            title_de=title,
            title_en=title_en,
            learning_goals=goals,
            learning_goals_de=goals,
            learning_goals_en=goals_en,
        )
        for curriculum in curricula
        for number, (title, title_en, goals, goals_en) in enumerate(MODULES, start=1)
    )
    modules_of = {}
    for module in modules:
        modules_of.setdefault(module.curriculum_id, []).append(module)

    seminars, ahead = [], []
    for curriculum, call in zip(curricula, calls, strict=True):
        joined = timezone.localdate(max(a.joined_at for a in advisors_by_call[call.pk]))
        for index, module in enumerate(modules_of[curriculum.pk]):
            day = joined + timedelta(days=14 + 7 * WEEKS_BETWEEN * index)
            seminars.append(_seminar(rng, curriculum, module, day, index))
        make_up = modules_of[curriculum.pk][2]
        ahead.append(
            _seminar(rng, curriculum, make_up, today + timedelta(days=17), 1, title=f"Nachholtermin: {make_up.title}")
        )
        ahead.append(_seminar(rng, curriculum, None, today + timedelta(days=45), 1))
    # The past seminars come first: who missed a module is known before the make-up date is offered.
    seminars = Seminar.objects.bulk_create(seminars + ahead)

    invitations, attendances, catch_ups = [], [], []
    missed = set()
    for seminar in seminars:
        future = seminar.starts_at > now
        for advisor in advisors_by_call[seminar.curriculum.call_id]:
            if seminar.module_id and future and (advisor.pk, seminar.module_id) not in missed:
                continue  # the make-up date is for those who missed the module
            invited_at = min(max(seminar.starts_at - timedelta(days=28), advisor.joined_at), now)
            answer = _pick(rng, ANSWERS)
            invitations.append(
                Invitation(
                    seminar=seminar,
                    advisor=advisor,
                    status=answer,
                    invited_at=invited_at,
                    answered_at=None if answer == InvitationStatus.INVITED else invited_at + timedelta(days=3),
                )
            )
            if future or seminar.module_id is None:
                continue
            state = _pick(rng, STATES) if answer == InvitationStatus.ACCEPTED else AttendanceState.EXCUSED
            recorded = {"recorded_by": staff, "recorded_at": seminar.ends_at}
            attendances.append(Attendance(seminar=seminar, advisor=advisor, state=state, **recorded))
            if state != AttendanceState.ATTENDED:
                if rng.random() < 0.4:
                    catch_ups.append(
                        CatchUp(
                            advisor=advisor,
                            module_id=seminar.module_id,
                            done_on=timezone.localdate(seminar.ends_at) + timedelta(days=30),
                            note="Einzelgespräch mit der Trainerin und Lektüre des Readers",
                            recorded_by=staff,
                            recorded_at=seminar.ends_at + timedelta(days=30),
                        )
                    )
                else:
                    missed.add((advisor.pk, seminar.module_id))
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    CatchUp.objects.bulk_create(catch_ups, batch_size=2000)

    qualifications = []
    for curriculum, call in zip(curricula, calls, strict=True):
        advisors = advisors_by_call[call.pk]
        _modules, progress = progress_for(curriculum, [a.pk for a in advisors], now)
        last = max(s.ends_at for s in seminars if s.curriculum_id == curriculum.pk and s.starts_at < now)
        qualifications += [
            Qualification(
                advisor=advisor,
                curriculum=curriculum,
                qualified_at=last,
                code="-".join("".join(rng.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3)),
            )
            for advisor in advisors
            if progress[advisor.pk].qualified
        ]
    Qualification.objects.bulk_create(qualifications)
    # The pool records the qualification on the advisor too (the public directory lists only qualified ones).
    for qualification in qualifications:
        Advisor.objects.filter(pk=qualification.advisor_id).update(qualified_at=qualification.qualified_at)
    stdout.write(
        f"seminars: {len(curricula)} curricula, {len(seminars)} seminars, {len(invitations)} invitations, "
        f"{len(attendances)} attendance records, {len(catch_ups)} make-ups, {len(qualifications)} qualified"
    )
