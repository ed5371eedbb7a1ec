"""Demo data: the 2026 cohort part-way through its qualification.

Works on the advisors of the closed demo call `miglobe-2026` (pool/demo.py). The six module seminars lie
behind the cohort, with attendance as it happens: most came, some were excused or absent, one came only
partly. Ahead are a make-up date for module 3 and an exchange meeting, with answers. Some misses were made
up individually. Everyone who has every module is qualified, `beraterin` among them. Safe to run again.
"""

import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from miglobe.core.demo import DEMO_ADVISOR, DEMO_STAFF
from pool.models import Advisor

from . import services
from .models import Attendance, CatchUp, Curriculum, Invitation, Material, Module, Seminar
from .states import AttendanceState, InvitationStatus

DEMO_SLUG = "miglobe-2026"
NAMESPACE = uuid.UUID("5e3a1c2e-8a5b-4f7e-9d0c-000000002026")

MODULES = [
    (
        "Kommunale Entwicklungspolitik",
        "Municipal development policy",
        "Ziele, Akteure und Förderwege der kommunalen Entwicklungspolitik in Baden-Württemberg kennen.",
        "Know the goals, actors and funding of municipal development policy in Baden-Württemberg.",
    ),
    (
        "Kommunales Wissen",
        "Municipal knowledge",
        "Aufbau und Arbeitsweise von Gemeinden, Städten und Landkreisen verstehen.",
        "Understand how municipalities, towns and districts are organised and work.",
    ),
    (
        "Methodik interkulturelle Öffnung",
        "Methods of intercultural opening",
        "Methoden kennen, mit denen sich Verwaltungen interkulturell öffnen.",
        "Know methods that help administrations open up interculturally.",
    ),
    (
        "Berater*innenrolle",
        "The advisor's role",
        "Die eigene Rolle als Berater*in klären: Auftrag, Grenzen, Haltung.",
        "Clarify one's role as an advisor: mandate, limits, attitude.",
    ),
    (
        "Akteurslandschaft",
        "The landscape of actors",
        "Migrant*innenorganisationen, Eine-Welt-Gruppen und Netzwerke im Land kennen und verbinden.",
        "Know and connect migrant organisations, One World groups and networks in the state.",
    ),
    (
        "Praxistransfer und Moderation",
        "Practice transfer and facilitation",
        "Dialogforen planen und moderieren; das Gelernte in die Beratung übertragen.",
        "Plan and facilitate dialogue forums; carry what was learnt into consulting.",
    ),
]
VENUES = [
    ("Haus der Katholischen Kirche", "Königstraße 7\n70173 Stuttgart"),
    ("Welthaus Stuttgart", "Charlottenplatz 17\n70173 Stuttgart"),
    ("Tagungshaus Freiburg", "Wintererstraße 1\n79104 Freiburg im Breisgau"),
]


def _friday(days_from_now, now):
    """The Friday nearest to `days_from_now`: seminars run Friday 16:00 to Saturday 17:00, Berlin time."""
    day = timezone.localdate(now) + timedelta(days=days_from_now)
    day += timedelta(days=(4 - day.weekday()) % 7)
    return day


def _weekend(day: date):
    zone = timezone.get_default_timezone()
    starts = timezone.make_aware(datetime.combine(day, time(16, 0)), zone)
    ends = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(17, 0)), zone)
    return starts, ends


def _seminar(curriculum, key, *, module, days, title="", capacity=18, venue=0, trainers="", now):
    starts, ends = _weekend(_friday(days, now))
    name, address = VENUES[venue]
    seminar, _created = Seminar.objects.get_or_create(
        public_id=uuid.uuid5(NAMESPACE, key),
        defaults={
            "curriculum": curriculum,
            "module": module,
            "title": title,
            "starts_at": starts,
            "ends_at": ends,
            "venue": name,
            "address": address,
            "capacity": capacity,
            "trainers": trainers,
        },
    )
    return seminar


def _invite(seminar, advisor, status, now, note=""):
    # Invited four weeks ahead, but never before the person joined the pool nor after today.
    invited_at = min(max(seminar.starts_at - timedelta(days=28), advisor.joined_at), now)
    Invitation.objects.get_or_create(
        seminar=seminar,
        advisor=advisor,
        defaults={
            "status": status,
            "note": note,
            "invited_at": invited_at,
            "answered_at": None if status == InvitationStatus.INVITED else min(invited_at + timedelta(days=3), now),
            "waitlisted_at": now if status == InvitationStatus.WAITLISTED else None,
        },
    )


def _attend(seminar, advisor, state, staff, now):
    if not Attendance.objects.filter(seminar=seminar, advisor=advisor).exists():
        services.record_attendance(seminar=seminar, advisor=advisor, state=state, by=staff, now=seminar.ends_at)


def seed(*, stdout):
    advisors = list(Advisor.objects.filter(call__slug=DEMO_SLUG).in_pool().order_by("pk"))
    if not advisors:
        stdout.write(f"Seminare: keine Berater*innen der Ausschreibung „{DEMO_SLUG}“ – nichts angelegt.")
        return
    now = timezone.now()
    staff = get_user_model().objects.filter(username=DEMO_STAFF).first()
    curriculum, _created = Curriculum.objects.get_or_create(call=advisors[0].call)
    modules = []
    for number, (title, title_en, goals, goals_en) in enumerate(MODULES, start=1):
        module, _created = Module.objects.get_or_create(
            curriculum=curriculum,
            number=number,
            defaults={
                "title_de": title,
                "title_en": title_en,
                "learning_goals_de": goals,
                "learning_goals_en": goals_en,
            },
        )
        modules.append(module)

    trainers = ["Dr. Meral Şahin", "Jean-Pierre Ndiaye", "Katarzyna Wójcik", "Nguyễn Văn An"]
    # The six weekends fall between two weeks after the cohort joined the pool and a month ago, evenly.
    joined = timezone.localdate(max(advisor.joined_at for advisor in advisors))
    first = max((timezone.localdate(now) - joined).days - 14, 60)
    spacing = (first - 30) // (len(modules) - 1)
    past = [
        _seminar(
            curriculum,
            f"module-{m.number}",
            module=m,
            days=-first + spacing * i,
            venue=i % 3,
            trainers=trainers[i % 4],
            now=now,
        )
        for i, m in enumerate(modules)
    ]
    make_up = _seminar(
        curriculum,
        "module-3-make-up",
        module=modules[2],
        days=17,  # a Friday two and a half weeks ahead (24 days put it on Christmas in the demo's year)
        title="Nachholtermin: Methodik interkulturelle Öffnung",
        capacity=3,
        venue=1,
        trainers=trainers[2],
        now=now,
    )
    # No title: the exchange meeting is then named in the reader's language ("Exchange meeting" in English).
    exchange = _seminar(curriculum, "exchange-1", module=None, days=45, venue=1, now=now)

    beraterin = next((a for a in advisors if a.user and a.user.username == DEMO_ADVISOR), None)
    for index, advisor in enumerate(advisors):
        pattern = None if advisor == beraterin else index % 6
        for number, seminar in enumerate(past, start=1):
            _invite(seminar, advisor, InvitationStatus.ACCEPTED, now)
            state = AttendanceState.ATTENDED
            if pattern == 1 and number == 3:
                state = AttendanceState.EXCUSED  # makes module 3 up at the repeat date ahead
            elif pattern == 2 and number == 5:
                state = AttendanceState.ABSENT  # made up individually
            elif pattern == 3 and number == 2:
                state = AttendanceState.EXCUSED  # made up individually
            elif pattern == 4 and number == 4:
                state = AttendanceState.PARTLY  # does not count under the default rule: module 4 is still open
            _attend(seminar, advisor, state, staff, now)
        if pattern in (2, 3):
            module = modules[4] if pattern == 2 else modules[1]
            if not CatchUp.objects.filter(advisor=advisor, module=module).exists():
                services.record_catch_up(
                    advisor=advisor,
                    module=module,
                    done_on=timezone.localdate(now) - timedelta(days=14),
                    note="Einzelgespräch mit der Trainerin und Lektüre des Readers",
                    by=staff,
                    now=now,
                )
        if pattern == 1:
            _invite(make_up, advisor, InvitationStatus.ACCEPTED, now, note="Ich komme mit der Bahn.")
        exchange_answer = [InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.INVITED][index % 3]
        _invite(exchange, advisor, exchange_answer, now)

    if not past[0].materials.exists():
        material = Material(seminar=past[0], title="Reader Modul 1", original_name="reader-modul-1.txt")
        material.file.save("reader.txt", ContentFile(b"Reader: Kommunale Entwicklungspolitik\n"), save=True)

    qualified = curriculum.qualifications.valid().count()
    stdout.write(
        f"Seminare: {len(past)} Modulseminare, ein Nachholtermin, ein Austauschtreffen; "
        f"{qualified} von {len(advisors)} Berater*innen qualifiziert."
    )
