"""Demo data of consultations: the real municipality directory of Baden-Württemberg (shipped in data/), and
requests of real municipalities in every stage, with assignments accepted, declined and open.

Idempotent: each demo request is found again by its fixed submission token.
"""

import gzip
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

from django.utils import timezone

from pool.models import Advisor, Topic

from . import demo_fees
from .choices import AssignmentStatus, Format, Stage, TieKind
from .directory import import_municipalities
from .models import AdvisorTie, Appointment, Assignment, ConsultationRequest, Municipality, StageChange

DIRECTORY_FILE = Path(__file__).parent / "data" / "GV100AD_31082025_BW.txt.gz"
DEMO_ADVISOR_CALL = "miglobe-2026"
DEMO_ADVISOR_EMAIL = "beraterin@miglobe.example"

# (key, stage, format, topics, communities, assignments: list of statuses, days ago filed)
REQUESTS = [
    ("08221000", Stage.RECEIVED, Format.DIALOGFORUM, ["Flucht und Migration"], "Arabisch, Farsi", [], 1),
    ("08436064", Stage.RECEIVED, Format.TALK, ["Fairer Handel und faire Beschaffung"], "", [], 2),
    ("08116", Stage.IN_REVIEW, Format.WORKSHOP, ["Agenda 2030 / Global Nachhaltige Kommune"], "Türkisch", [], 6),
    ("08311000", Stage.IN_REVIEW, Format.COUNSELLING, ["Menschenrechte und Antidiskriminierung"], "", [], 9),
    (
        "08226013",
        Stage.ADVISORS_PROPOSED,
        Format.DIALOGFORUM,
        ["Flucht und Migration", "Diaspora-Engagement und Migrant*innenorganisationen"],
        "Arabisch, syrische Community",
        [AssignmentStatus.PROPOSED, AssignmentStatus.PROPOSED, AssignmentStatus.DECLINED],
        12,
    ),
    (
        "08415061",
        Stage.DIALOGFORUM_AGREED,
        Format.DIALOGFORUM,
        ["Kommunale Partnerschaften mit dem Globalen Süden"],
        "Französisch, westafrikanische Community",
        [AssignmentStatus.ACCEPTED, AssignmentStatus.ACCEPTED],
        30,
    ),
    (
        "08416041",
        Stage.DIALOGFORUM_HELD,
        Format.DIALOGFORUM,
        ["Entwicklungspolitische Bildung / Globales Lernen"],
        "Englisch",
        [AssignmentStatus.ACCEPTED, AssignmentStatus.ACCEPTED],
        60,
    ),
    (
        "08222000",
        Stage.BERATUNG_RUNNING,
        Format.PROCESS_SUPPORT,
        ["Diaspora-Engagement und Migrant*innenorganisationen", "Flucht und Migration"],
        "Türkisch, Kurdisch",
        [AssignmentStatus.ACCEPTED, AssignmentStatus.DECLINED, AssignmentStatus.ACCEPTED],
        120,
    ),
    (
        "08226",
        Stage.BERATUNG_RUNNING,
        Format.PROCESS_SUPPORT,
        ["Agenda 2030 / Global Nachhaltige Kommune"],
        "",
        [AssignmentStatus.ACCEPTED, AssignmentStatus.ACCEPTED],
        150,
    ),
    (
        "08335043",
        Stage.COMPLETED,
        Format.WORKSHOP,
        ["Klimaschutz und Klimagerechtigkeit"],
        "Spanisch",
        [AssignmentStatus.ACCEPTED],
        300,
    ),
    ("08119008", Stage.NOT_PURSUED, Format.DIALOGFORUM, ["Fairer Handel und faire Beschaffung"], "", [], 200),
    ("08125038", Stage.WITHDRAWN, Format.TALK, ["Flucht und Migration"], "Ukrainisch", [], 100),
]

# The stages a request passed to reach the one it is in (for its history).
PATH = [
    Stage.RECEIVED,
    Stage.IN_REVIEW,
    Stage.ADVISORS_PROPOSED,
    Stage.DIALOGFORUM_AGREED,
    Stage.DIALOGFORUM_HELD,
    Stage.BERATUNG_RUNNING,
    Stage.COMPLETED,
]


def seed(*, stdout):
    report = import_municipalities(raw=gzip.decompress(DIRECTORY_FILE.read_bytes()), lands=["08"])
    stdout.write(f"Gemeindeverzeichnis Baden-Württemberg: {len(report.created)} neu, {report.unchanged} unverändert")
    advisors = list(
        Advisor.objects.filter(call__slug=DEMO_ADVISOR_CALL).assignable().order_by("last_name", "first_name", "pk")
    )
    # The demo login should have something to answer in the portal: put her first.
    advisors.sort(key=lambda a: a.email != DEMO_ADVISOR_EMAIL)
    now = timezone.now()
    created = 0
    for number, (key, stage, kind, topics, communities, statuses, days_ago) in enumerate(REQUESTS, start=1):
        municipality = Municipality.objects.get(key=key)
        consultation, made = ConsultationRequest.objects.get_or_create(
            submission_token=f"demo-{number}",
            defaults={
                "municipality": municipality,
                "office": "Stabsstelle Integration" if number % 2 else "Büro für Nachhaltigkeit",
                "contact_name": f"Kontaktperson {municipality.short_name}",
                "contact_role": "Referent*in",
                "email": f"kommune{number}@kommune.example",
                "phone": "0711 123456",
                "situation": "Erste Kontakte zu Migrant*innenorganisationen, aber keine feste Zusammenarbeit.",
                "goals": "Die entwicklungspolitische Arbeit der Kommune interkulturell öffnen.",
                "desired_format": kind,
                "preferred_period": "im nächsten Halbjahr",
                "communities": communities,
                "privacy_consent_at": now - timedelta(days=days_ago),
                "stage": stage,
                "stage_changed_at": now - timedelta(days=max(days_ago // 2, 1)),
                "created_at": now - timedelta(days=days_ago),
            },
        )
        if not made:
            continue
        created += 1
        consultation.topics.set(Topic.objects.filter(name__in=topics))
        _history(consultation, stage, now, days_ago)
        _assignments(consultation, statuses, advisors, number, now - timedelta(days=days_ago - 1))
        if stage in (Stage.DIALOGFORUM_AGREED, Stage.DIALOGFORUM_HELD, Stage.BERATUNG_RUNNING, Stage.COMPLETED):
            offset = timedelta(days=14) if stage == Stage.DIALOGFORUM_AGREED else -timedelta(days=days_ago // 3)
            Appointment.objects.create(
                request=consultation,
                kind=Format.DIALOGFORUM,
                starts_at=(now + offset).replace(hour=16, minute=0, second=0, microsecond=0),
                place=f"Rathaus {municipality.short_name}",
            )
    if advisors and len(advisors) > 3:
        # A known tie, so the matching page shows a conflict of interest.
        AdvisorTie.objects.get_or_create(
            advisor=advisors[3],
            municipality=Municipality.objects.get(key="08221000"),
            kind=TieKind.LIVES_IN,
        )
    note = "" if advisors else " (keine Berater*innen der Ausschreibung miglobe-2026: ohne Einsätze)"
    stdout.write(f"Beratungsanfragen: {created} neu{note}")
    demo_fees.seed(stdout=stdout)


def _history(consultation, stage, now, days_ago):
    if stage in PATH:
        steps = PATH[: PATH.index(stage) + 1]
    else:  # not pursued after review, or withdrawn right away
        steps = [Stage.RECEIVED, Stage.IN_REVIEW, stage] if stage == Stage.NOT_PURSUED else [Stage.RECEIVED, stage]
    for i, (source, target) in enumerate(pairwise(steps), start=1):
        StageChange.objects.create(
            request=consultation,
            from_stage=source,
            to_stage=target,
            changed_at=now - timedelta(days=days_ago) + timedelta(days=i),
            reason="Demo",
        )


def _assignments(consultation, statuses, advisors, number, proposed_at):
    """Different advisors per request, rotating through the pool; the demo login gets the first ones."""
    rotation = advisors[number % len(advisors) :] + advisors[: number % len(advisors)] if advisors else []
    if number in (5, 6) and advisors:  # an open question and an accepted case for the demo login
        rotation = [advisors[0]] + [a for a in rotation if a != advisors[0]]
    for advisor, status in zip(rotation, statuses, strict=False):
        Assignment.objects.create(
            request=consultation,
            advisor=advisor,
            status=status,
            proposed_at=proposed_at,
            answered_at=None if status == AssignmentStatus.PROPOSED else proposed_at + timedelta(days=1),
            note="Passt gut zu meinen Themen." if status == AssignmentStatus.ACCEPTED else "",
        )
