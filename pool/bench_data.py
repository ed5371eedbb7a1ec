"""The pool's part of `manage.py seed_bench` (benchmark volumes; never demo or production data).

At scale 1: 10 calls (the newest open, the others closed) with 5,000 applications in all, each reviewed
by two panel members on three criteria, with languages, topics and duplicate-detection codes as the form
would leave them; 60 advisors in 3 cohorts. A staff login `bench-team`, panel logins `bench-panel*`
and an advisor login `bench-beraterin` (no usable passwords: the benchmark opens sessions for them
directly).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from miglobe.core.roles import PROGRAMME_TEAM, SELECTION_PANEL

from .choices import AdvisorStatus, ApplicationStatus
from .duplicates import email_key, name_key, name_words, word_codes
from .models import (
    Advisor,
    AdvisorLanguage,
    Application,
    ApplicationLanguage,
    Call,
    NameCode,
    Review,
    Score,
    SelectionCriterion,
    Topic,
)
from .regions import HomeRegion

SLUG_PREFIX = "bench-"
OPEN_CALL_SLUG = "bench-offen"
STAFF_USERNAME = "bench-team"
PANEL_USERNAMES = ("bench-panel", "bench-panel-2")
ADVISOR_USERNAME = "bench-beraterin"
BENCH_DEVICE = "bench"
CALLS = 10
APPLICATIONS = 5000
ADVISORS = 60
COHORTS = 3

FIRST_NAMES = [
    "Ayşe", "Mehmet", "Amina", "Olena", "Kwame", "Fatima", "Dmitri", "Leyla", "Youssef", "Mariam", "Nguyen",
    "Sofía", "Ahmad", "Natalja", "Chiara", "Samuel", "Grace", "Hamid", "Irina", "Joseph", "Zeynep", "Tariq",
]  # fmt: skip
LAST_NAMES = [
    "Öztürk", "Yılmaz", "Haddad", "Kovalenko", "Mensah", "Benali", "Petrov", "Rahimi", "El Amrani", "Nasser",
    "Tran", "García", "Karimi", "Iwanowa", "Rossi", "Okoro", "Achieng", "Sultani", "Smirnova", "Mwangi",
]  # fmt: skip
LANGUAGES = ["Deutsch", "Türkisch", "Arabisch", "Englisch", "Französisch", "Russisch", "Ukrainisch", "Farsi"]
STATUSES = [
    (ApplicationStatus.SUBMITTED, 30),
    (ApplicationStatus.IN_REVIEW, 40),
    (ApplicationStatus.SHORTLISTED, 10),
    (ApplicationStatus.REJECTED, 15),
    (ApplicationStatus.WITHDRAWN, 5),
]


def _user(username, *, group, email):
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"email": email, "is_staff": group is not None, "first_name": "Bench", "last_name": username},
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
        # Production requires staff to sign in with a second factor: the benchmark's staff have one, and the
        # driver opens sessions that gave it (benchmarks/http/run.py).
        TOTPDevice.objects.get_or_create(user=user, name=BENCH_DEVICE, defaults={"confirmed": True})
    return user


def forget():
    calls = Call.objects.filter(slug__startswith=SLUG_PREFIX)
    Advisor.objects.filter(call__in=calls).delete()
    # Scores, reviews, languages, codes and flags go with their application (CASCADE).
    Application.objects.filter(call__in=calls).delete()
    calls.delete()


def seed(*, scale, rng, stdout):
    now = timezone.now()
    staff = _user(STAFF_USERNAME, group=PROGRAMME_TEAM, email="bench-team@miglobe.example")
    panel = [_user(name, group=SELECTION_PANEL, email=f"{name}@miglobe.example") for name in PANEL_USERNAMES]
    topics = list(Topic.objects.all())
    regions = [value for value, _label in HomeRegion.choices]

    calls = []
    for index in range(CALLS):
        newest = index == CALLS - 1
        opens = now - timedelta(days=7) if newest else now - timedelta(days=400 * (CALLS - index))
        calls.append(
            Call(
                title=f"MiGlobe-Ausschreibung Bench {index + 1}",
                slug=OPEN_CALL_SLUG if newest else f"{SLUG_PREFIX}{index + 1}",
                description="Wir suchen Berater*innen mit eigener Migrationsgeschichte. " * 8,
                eligibility="Menschen mit Migrationsgeschichte, die in Baden-Württemberg aktiv sind.",
                work_description="Sechs Wochenendseminare, danach Beratungen in Kommunen gegen Honorar.",
                opens_at=opens,
                closes_at=now + timedelta(days=60) if newest else opens + timedelta(days=42),
                reference_prefix="BN",
            )
        )
    calls = Call.objects.bulk_create(calls)
    criteria = SelectionCriterion.objects.bulk_create(
        SelectionCriterion(call=call, name=name, weight=weight, position=position)
        for call in calls
        for position, (name, weight) in enumerate(
            [("Erfahrung in der Kommune", 3), ("Engagement", 2), ("Sprachen und Netzwerke", 1)]
        )
    )
    for call in calls:
        call.reviewers.add(*panel)

    total = max(1, round(APPLICATIONS * scale))
    statuses, weights = zip(*STATUSES, strict=True)
    applications = []
    for number in range(total):
        call = calls[number % CALLS]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"bewerbung{number}@example.org"
        submitted = call.opens_at + timedelta(minutes=rng.randrange(0, 40 * 24 * 60))
        applications.append(
            Application(
                call=call,
                status=rng.choices(statuses, weights)[0],
                reference=f"BN-{call.pk}-{number + 1:05d}",
                first_name=first,
                last_name=last,
                email=email,
                phone=f"0711 {rng.randrange(1000000, 9999999)}",
                home_region=rng.choice(regions),
                expertise_regions="Westafrika, Türkei",
                engagement="Vorstand im Verein, Fairtrade-Stadt. " * rng.randrange(1, 6),
                municipal_experience="Integrationsbeirat der Stadt.",
                motivation="Ich möchte Kommunen bei der interkulturellen Öffnung begleiten. " * rng.randrange(1, 8),
                availability_days=rng.randrange(1, 8),
                privacy_consent_at=submitted,
                submitted_at=submitted,
                duplicates_checked_at=submitted,  # as the worker leaves them
                email_key=email_key(email),
                name_key=name_key(first, last),
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=2000)
    Application.topics.through.objects.bulk_create(
        (
            Application.topics.through(application_id=a.pk, topic_id=topic.pk)
            for a in applications
            for topic in rng.sample(topics, k=min(len(topics), rng.randrange(1, 4)))
        ),
        batch_size=5000,
    )
    ApplicationLanguage.objects.bulk_create(
        (
            ApplicationLanguage(application=a, name=name, level=rng.choice(Application.Level.values))
            for a in applications
            for name in rng.sample(LANGUAGES, k=2)
        ),
        batch_size=5000,
    )
    NameCode.objects.bulk_create(
        (
            NameCode(application=a, code=code)
            for a in applications
            for code in sorted(set().union(*(word_codes(w) for w in name_words(a.first_name, a.last_name))))
        ),
        batch_size=5000,
    )
    reviews = Review.objects.bulk_create(
        (
            Review(application=a, reviewer=reviewer, recommendation="", submitted_at=a.submitted_at)
            for a in applications
            if a.status != ApplicationStatus.SUBMITTED
            for reviewer in panel
        ),
        batch_size=5000,
    )
    by_call = {}
    for criterion in criteria:
        by_call.setdefault(criterion.call_id, []).append(criterion)
    call_of = {a.pk: a.call_id for a in applications}
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=rng.randrange(1, 6))
            for review in reviews
            for criterion in by_call[call_of[review.application_id]]
        ),
        batch_size=5000,
    )

    # Three cohorts: the advisors come from the three oldest calls.
    advisors = []
    for number in range(ADVISORS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        call = calls[number % COHORTS]
        advisors.append(
            Advisor(
                call=call,
                first_name=first,
                last_name=last,
                email=f"beraterin{number}@example.org",
                status=rng.choice([AdvisorStatus.ACTIVE, AdvisorStatus.ACTIVE, AdvisorStatus.QUALIFIED]),
                joined_at=call.closes_at + timedelta(days=30),
                **_directory_consent(rng, regions),
            )
        )
    advisors[0].user = _user(ADVISOR_USERNAME, group=None, email="bench-beraterin@miglobe.example")
    Advisor.objects.bulk_create(advisors)
    # What the public directory shows of those who agreed (it lists the active ones whom the seminars'
    # part of seed_bench qualifies).
    Advisor.topics.through.objects.bulk_create(
        Advisor.topics.through(advisor_id=advisor.pk, topic_id=topic.pk)
        for advisor in advisors
        for topic in rng.sample(topics, k=min(len(topics), rng.randrange(1, 4)))
    )
    AdvisorLanguage.objects.bulk_create(
        AdvisorLanguage(advisor=advisor, name=name, level=Application.Level.FLUENT)
        for advisor in advisors
        for name in rng.sample(LANGUAGES, k=2)
    )
    stdout.write(
        f"pool: {len(calls)} calls, {len(applications)} applications, {len(reviews)} reviews, "
        f"{len(advisors)} advisors; logins {staff.username}, {', '.join(u.username for u in panel)}"
    )


def _directory_consent(rng, regions):
    """Two of three advisors agree to the public directory, each with the fields they chose to show."""
    if rng.random() >= 2 / 3:
        return {}
    return {
        "public_listing": True,
        "bio": "Ich berate Kommunen zur interkulturellen Öffnung ihrer Entwicklungspolitik.",
        "expertise_regions": rng.choice(["Westafrika", "Naher Osten", "Südosteuropa", "Südamerika"]),
        "home_region": rng.choice(regions),
        **{f"public_{name}": rng.random() < 0.8 for name in ("bio", "topics", "languages", "home_region")},
        "public_expertise_regions": True,
        "public_email": rng.random() < 0.5,
    }
