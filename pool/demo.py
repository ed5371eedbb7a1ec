"""Demo data: an open call with weighted criteria and 40 applications in every status, with reviews."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from miglobe.core.demo import DEMO_PASSWORD, DEMO_STAFF
from miglobe.core.roles import SELECTION_PANEL

from .models import Advisor, Application, ApplicationLanguage, Call, Review, Score, StatusChange, Topic
from .regions import HomeRegion
from .services import email_key, name_key, next_reference, phone_key

DEMO_SLUG = "miglobe-2027"
DEMO_PANEL = "gremium"
Status = Application.Status

# (status, how many): every status of the path appears, roughly as a call looks mid-selection.
STATUS_MIX = [
    (Status.DRAFT, 3),
    (Status.SUBMITTED, 8),
    (Status.IN_REVIEW, 8),
    (Status.SHORTLISTED, 6),
    (Status.INTERVIEW, 4),
    (Status.SELECTED, 5),
    (Status.RESERVE, 3),
    (Status.REJECTED, 2),
    (Status.WITHDRAWN, 1),
]
PATHS = {
    Status.SUBMITTED: [],
    Status.IN_REVIEW: [Status.IN_REVIEW],
    Status.SHORTLISTED: [Status.IN_REVIEW, Status.SHORTLISTED],
    Status.INTERVIEW: [Status.IN_REVIEW, Status.SHORTLISTED, Status.INTERVIEW],
    Status.SELECTED: [Status.IN_REVIEW, Status.SHORTLISTED, Status.INTERVIEW, Status.SELECTED],
    Status.RESERVE: [Status.IN_REVIEW, Status.SHORTLISTED, Status.INTERVIEW, Status.RESERVE],
    Status.REJECTED: [Status.IN_REVIEW, Status.REJECTED],
    Status.WITHDRAWN: [Status.IN_REVIEW, Status.WITHDRAWN],
}
FIRST_NAMES = [
    "Ayşe", "Kwame", "Olena", "Mehmet", "Fatima", "Nguyen", "Amina", "Dragan", "Leila", "Samuel", "Chiara", "Yusuf",
    "Mariam", "Tesfaye", "Ana", "Reza", "Grace", "Hamid", "Irina", "Emeka",
]  # fmt: skip
LAST_NAMES = [
    "Öztürk", "Mensah", "Shevchenko", "Yılmaz", "El Amrani", "Thi Lan", "Diallo", "Petrović", "Haddad", "Okafor",
    "Rossi", "Demir", "Khalil", "Bekele", "Ferreira", "Karimi", "Achieng", "Noori", "Volkova", "Nwosu",
]  # fmt: skip
LANGUAGES = ["Türkisch", "Arabisch", "Englisch", "Französisch", "Ukrainisch", "Tigrinya", "Persisch", "Swahili"]


def _demo_panel_member():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_PANEL,
        defaults={
            "email": "gremium@miglobe.example",
            "first_name": "Gregor",
            "last_name": "Gremium (Demo)",
            "is_staff": True,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=SELECTION_PANEL))
    return user


def seed(*, stdout):
    panel = _demo_panel_member()
    if Call.objects.filter(slug=DEMO_SLUG).exists():
        stdout.write(f"Demo-Ausschreibung vorhanden; Auswahlgremium-Login: {DEMO_PANEL}")
        return
    now = timezone.now()
    call = Call.objects.create(
        title="MiGlobe – Berater*innen für die kommunale Entwicklungspolitik 2027",
        slug=DEMO_SLUG,
        description=(
            "Für das Programm MiGlobe suchen wir 18 Menschen mit eigener Migrationsgeschichte, die sich in "
            "Baden-Württemberg entwicklungspolitisch engagieren und Kommunen bei der interkulturellen Öffnung "
            "ihrer entwicklungspolitischen Arbeit beraten möchten."
        ),
        eligibility="Menschen mit eigener Migrationsgeschichte, die in Baden-Württemberg leben und sich engagieren.",
        work_description=(
            "Sechs Wochenendseminare zur Qualifizierung (u. a. kommunale Entwicklungspolitik, kommunales Wissen, "
            "Methodik interkulturelle Öffnung, Berater*innenrolle), danach Dialogforen und Beratungen in "
            "Gemeinden, Städten und Landkreisen. Die SKEW zahlt ein Honorar."
        ),
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=5),
    )
    call.reviewers.add(panel)
    criteria = [
        call.criteria.create(name="Entwicklungspolitisches Engagement", weight=3, position=1),
        call.criteria.create(name="Bezug zu Kommunen", weight=2, position=2),
        call.criteria.create(name="Motivation und Beratungskompetenz", weight=2, position=3),
        call.criteria.create(name="Sprachen und Communities", weight=1, position=4),
    ]
    team = get_user_model().objects.get(username=DEMO_STAFF)
    # Art. 9 data is visible only with a permission given to individuals; the demo team member has it.
    team.user_permissions.add(Permission.objects.get(codename="view_special_category"))
    call.reviewers.add(team)  # the demo reviews below are the team member's, so they sit on the panel
    rng = random.Random(2027)  # noqa: S311 -- demo data, the same on every machine
    topics = list(Topic.objects.all())
    regions = [value for value in HomeRegion.values if value != HomeRegion.OUTSIDE_BW]
    number = 0
    for status, count in STATUS_MIX:
        for _ in range(count):
            first, last = FIRST_NAMES[number % 20], LAST_NAMES[(number * 7) % 20]
            submitted_at = None if status == Status.DRAFT else now - timedelta(days=18 - number % 18, hours=number)
            phone = f"0711 {5550100 + number}"
            application = Application.objects.create(
                call=call,
                status=status,
                reference=None if status == Status.DRAFT else next_reference(call),
                first_name=first,
                last_name=last,
                email=f"demo{number + 1}@miglobe.example",
                phone=phone,
                home_region=rng.choice(regions),
                expertise_regions=rng.choice(["Westafrika", "Türkei", "Naher Osten", "Ostafrika", "Südostasien"]),
                engagement="Aktiv in einem Verein für globale Partnerschaften und im Weltladen.",
                municipal_experience=rng.choice(["", "Mitglied im Integrationsbeirat", "Projekt mit dem Rathaus"]),
                motivation="Ich möchte Kommunen helfen, die Expertise der Diaspora einzubeziehen.",
                availability_days=rng.randint(2, 6),
                privacy_consent_at=submitted_at,
                reserve_consent_at=submitted_at if status == Status.RESERVE or rng.random() < 0.5 else None,
                reserve_until=now + timedelta(days=365) if status == Status.RESERVE else None,
                submitted_at=submitted_at,
                decided_at=now - timedelta(days=1) if status in (*Application.DECIDED, Status.WITHDRAWN) else None,
                email_key=email_key(f"demo{number + 1}@miglobe.example"),
                phone_key=phone_key(phone),
                name_key=name_key(first, last),
            )
            application.topics.set(rng.sample(topics, 2))
            ApplicationLanguage.objects.create(application=application, name="Deutsch", level="fluent")
            ApplicationLanguage.objects.create(application=application, name=rng.choice(LANGUAGES), level="native")
            previous = Status.DRAFT
            for step in [Status.SUBMITTED, *PATHS.get(status, [])] if status != Status.DRAFT else []:
                StatusChange.objects.create(
                    application=application,
                    from_status=previous,
                    to_status=step,
                    changed_by=None if step == Status.SUBMITTED else team,
                    reason="Demo",
                    changed_at=submitted_at,
                )
                previous = step
            if status not in (Status.DRAFT, Status.SUBMITTED):
                review = Review.objects.create(
                    application=application,
                    reviewer=team,
                    recommendation=rng.choice(Review.Recommendation.values),
                    comment="Demo-Bewertung",
                    submitted_at=now - timedelta(days=2),
                )
                Score.objects.bulk_create(Score(review=review, criterion=c, value=rng.randint(2, 5)) for c in criteria)
            if status == Status.SELECTED:
                Advisor.objects.create(
                    application=application, call=call, first_name=first, last_name=last, email=application.email
                )
            number += 1
    stdout.write(f"Demo-Ausschreibung „{call.title}“ mit {number} Bewerbungen; Auswahlgremium-Login: {DEMO_PANEL}")
