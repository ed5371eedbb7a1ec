"""Demo data that tells the truth: two calls whose applications went through the same services as real ones.

- `miglobe-2026` (CLOSED_DEMO_SLUG) closed months ago. The panel and the team rated it, the best 18 were
  selected and are the demo pool (`Advisor`s: roster, seminars and consultations build on them), four are
  on the reserve list (one of them with an expired consent), the others were rejected, one withdrew.
  The decisions were sent.
- `miglobe-2027` (OPEN_DEMO_SLUG) is open: applications in review, some rated, drafts; nothing decided.
  A few deliberate duplicates show in "Mögliche Dubletten".

Every person is invented and appears once (pool/demo_people.py); every submitted application has a PDF CV
(pool/demo_cv.py) in the private storage. Emails about events in the past are marked as sent at their
moment, so `make run` does not send them now. Decision 0031. Idempotent: a call that exists is left alone.
"""

import random
import re
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec

from anyascii import anyascii
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.utils import timezone

from miglobe.core.demo import DEMO_ADVISOR, DEMO_PASSWORD, DEMO_STAFF
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import write_queued
from miglobe.core.roles import SELECTION_PANEL

from . import services
from .demo_cv import cv_file
from .demo_people import CLOSED_CALL_PEOPLE, OPEN_CALL_PEOPLE
from .demo_texts import CRITERIA, applicant_texts, call_texts
from .models import Advisor, Application, Call, Topic
from .regions import HomeRegion

CLOSED_DEMO_SLUG = "miglobe-2026"
OPEN_DEMO_SLUG = "miglobe-2027"
DEMO_PANEL = "gremium"
ADVISOR_EMAIL = "beraterin@miglobe.example"  # the `beraterin` login (miglobe/core/demo.py) is this advisor
Status = Application.Status

RESERVE_PLACES = 4
NOT_ELIGIBLE = ("Wei", "Zhang")  # lives outside Baden-Württemberg
WITHDREW = ("Sofia", "Papadopoulou")
NO_RESERVE_CONSENT = {("Yaw", "Mensah"), ("Bilal", "Qureshi"), ("Carlos", "Mendoza")}
WRITES_IN_ENGLISH = {("Grace", "Achieng"), ("Emmanuel", "Nkurunziza"), ("Kiran", "Patel")}

# The open call: who is where (every other person there is submitted and not yet looked at).
OPEN_SHORTLISTED = {("Nadia", "Hamdan"), ("Oksana", "Melnyk"), ("Emmanuel", "Nkurunziza")}
OPEN_IN_REVIEW = [
    ("Ayşe", "Öztürk"),
    ("Mohammed", "Al-Rashid"),
    ("Minh", "Tran"),
    ("Aylin", "Demir"),
    ("Gabriel", "Oliveira"),
    ("Zainab", "Bello"),
    ("Reza", "Hosseini"),
    ("Hana", "Kebede"),
    ("Valentina", "Cruz"),
]
OPEN_WITHDREW = ("Luan", "Berisha")
OPEN_DRAFTS = {("Mira", "Khoury"), ("Tomasz", "Nowak"), ("Adaeze", "Eze")}
PANEL_CONFLICT = ("Valentina", "Cruz")  # the panel member knows her from their own association

# Deliberate duplicates, each submitted after the first application of the pair (first, last, email, phone):
# the same email twice; swapped names typed without diacritics; a transliteration variant of the first name
# (found once duplicate detection knows such variants); and a person rejected in 2026 applying again.
DUPLICATES = [
    (("Kwabena", "Asante"), ("Kwabena K.", "Asante", None, None)),
    (("Ayşe", "Öztürk"), ("Ozturk", "Ayse", "ayse.o@example.net", "0151 23456789")),
    (("Mohammed", "Al-Rashid"), ("Muhammad", "Al Rashid", "m.alrashid@example.net", "0176 98765432")),
    (("Dragan", "Petrović"), ("Dragan", "Petrovic", None, "0162 4455667")),
]


@dataclass
class Person:
    first: str
    last: str
    language: str
    regions: str
    email: str
    phone: str

    @property
    def key(self):
        return (self.first, self.last)

    @property
    def name(self):
        return f"{self.first} {self.last}"


def _people(rows, *, phone_base):
    people = []
    for number, (first, last, language, regions) in enumerate(rows):
        local = re.sub(r"[^a-z]+", ".", anyascii(f"{first} {last}").lower()).strip(".")
        people.append(Person(first, last, language, regions, f"{local}@example.org", f"0711 {phone_base + number}"))
    return people


# --- users ---------------------------------------------------------------------------------------


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


def _demo_team_member():
    team = get_user_model().objects.get(username=DEMO_STAFF)
    # Art. 9 data is visible only with a permission given to individuals; the demo team member has it.
    team.user_permissions.add(Permission.objects.get(codename="view_special_category"))
    return team


def _link_demo_advisor():
    """The `beraterin` login belongs to the advisor with that address, and carries her name."""
    user = get_user_model().objects.filter(username=DEMO_ADVISOR).first()
    advisor = Advisor.objects.filter(email=ADVISOR_EMAIL, call__slug=CLOSED_DEMO_SLUG).first()
    if user is None or advisor is None:
        return
    if advisor.user_id != user.pk:
        advisor.user = user
        advisor.save(update_fields=["user"])
    if (user.first_name, user.last_name) != (advisor.first_name, advisor.last_name):
        user.first_name, user.last_name = advisor.first_name, advisor.last_name
        user.save(update_fields=["first_name", "last_name"])


# --- building blocks -----------------------------------------------------------------------------


def _mark_sent(obj, moment):
    """The emails about `obj` went out when it happened (months or days ago), not when the demo is loaded."""
    queued = OutboxMessage.objects.for_object(obj).filter(status=OutboxMessage.Status.QUEUED)
    for message in queued:
        if not message.is_written:
            write_queued(message)  # a form's confirmation, as the worker writes it before sending (decision 0180)
    queued.update(
        status=OutboxMessage.Status.SENT,
        attempts=1,
        created_at=moment,
        next_attempt_at=moment,
        sending_started_at=moment,
        sent_at=moment,
    )


def _create_call(*, slug, year, opens_at, closes_at, reviewers):
    call = Call.objects.create(slug=slug, opens_at=opens_at, closes_at=closes_at, **call_texts(year))
    call.reviewers.add(*reviewers)
    for position, texts in enumerate(CRITERIA, start=1):
        call.criteria.create(position=position, **texts)
    return call


def _input(person, *, rng, topics, at, reserve_consent=True, draft=False, home_region=None):
    texts = applicant_texts(person, rng=rng)
    special = rng.random() < 0.35
    fields = {
        "first_name": person.first,
        "last_name": person.last,
        "email": person.email,
        "phone": person.phone,
        "language": "en" if person.key in WRITES_IN_ENGLISH else "de",
        "home_region": home_region or rng.choice(BW_REGIONS),
        "expertise_regions": person.regions,
        "engagement": texts["engagement"],
        "municipal_experience": "" if draft else texts["municipal_experience"],
        "motivation": "" if draft else texts["motivation"],
        "availability_days": rng.randint(2, 6),
        "migration_background": texts["migration_background"] if special else "",
    }
    languages = [(person.language, "native"), ("Deutsch", rng.choice(["fluent", "fluent", "good"]))]
    if rng.random() < 0.6:
        languages.append(("Englisch", rng.choice(["good", "fluent"])))
    cv = None
    if not draft:
        cv = cv_file(
            name=person.name,
            email=person.email,
            home=HomeRegion(fields["home_region"]).label,
            languages=[name for name, _level in languages],
            sections=texts["cv_sections"],
            written_at=at,
        )
    return services.ApplicationInput(
        fields=fields,
        topics=rng.sample(topics, 2),
        languages=languages,
        cv=cv,
        privacy_consent=True,
        special_category_consent=special,
        reserve_consent=reserve_consent,
    )


def _submit(call, person, *, rng, topics, at, **kwargs):
    application = services.submit_application(
        call=call, data=_input(person, rng=rng, topics=topics, at=at, **kwargs), now=at
    )
    services.check_duplicates(application_id=application.pk, now=at)  # what the worker does after the commit
    _mark_sent(application, at)
    return application


def _review(application, reviewer, *, rng, quality, at, comment):
    """Scores around the person's quality (1–5), with the spread that different readers give."""
    criteria = list(application.call.criteria.all())
    scores = {c.pk: max(1, min(5, round(quality + rng.uniform(-0.7, 0.7)))) for c in criteria}
    average = sum(scores.values()) / len(scores)
    recommendation = "select" if average >= 3.8 else "reserve" if average >= 3 else "reject"
    services.submit_review(
        application=application,
        reviewer=reviewer,
        scores=scores,
        recommendation=recommendation,
        comment=comment,
        now=at,
    )


BW_REGIONS = [value for value in HomeRegion.values if value != HomeRegion.OUTSIDE_BW]
REVIEW_COMMENTS = [
    "Langjähriges Engagement, gute Kontakte in die Kommunalverwaltung.",
    "Überzeugende Motivation; Erfahrung mit Kommunen noch gering.",
    "Bringt Sprachen und Netzwerke mit, die dem Pool fehlen.",
    "Solide Bewerbung, im Gespräch klären: zeitliche Verfügbarkeit.",
    "Sehr gute Moderationserfahrung aus der Bildungsarbeit.",
]


# --- the closed call -----------------------------------------------------------------------------


def _seed_closed_call(*, now, panel, team, topics):
    rng = random.Random(2026)  # noqa: S311 -- demo data, the same on every machine
    opens_at, closes_at = now - timedelta(days=210), now - timedelta(days=170)
    decided_at = closes_at + timedelta(days=20)
    call = _create_call(
        slug=CLOSED_DEMO_SLUG, year=2026, opens_at=opens_at, closes_at=closes_at, reviewers=[panel, team]
    )
    people = _people(CLOSED_CALL_PEOPLE, phone_base=2460100)
    people[0].email = ADVISOR_EMAIL
    applications, quality = {}, {}
    for number, person in enumerate(people):
        at = opens_at + timedelta(days=2 + number, hours=rng.randint(8, 20))
        home = HomeRegion.OUTSIDE_BW if person.key == NOT_ELIGIBLE else None
        consent = person.key not in NO_RESERVE_CONSENT
        applications[person.key] = _submit(
            call, person, rng=rng, topics=topics, at=at, reserve_consent=consent, home_region=home
        )
        quality[person.key] = 4.9 - number * 3.4 / len(people)  # the list is ordered best first

    services.withdraw_application(application=applications[WITHDREW], now=closes_at - timedelta(days=5))
    rated = [key for key in applications if key not in (WITHDREW, NOT_ELIGIBLE)]
    for key in [NOT_ELIGIBLE, *rated]:
        services.start_review(application=applications[key], by=team, now=closes_at + timedelta(hours=20))
    services.reject(
        application=applications[NOT_ELIGIBLE],
        by=team,
        reason="Wohnort außerhalb Baden-Württembergs; die Ausschreibung richtet sich an Menschen in Baden-Württemberg.",
        now=closes_at + timedelta(days=1),
    )
    for number, key in enumerate(rated):
        for day, reviewer in ((3, panel), (6, team)):
            at = closes_at + timedelta(days=day, hours=number % 9)
            comment = rng.choice(REVIEW_COMMENTS)
            _review(applications[key], reviewer, rng=rng, quality=quality[key], at=at, comment=comment)

    # The decisions follow the ranking the reviews produced, as the team's ranking page shows it.
    ranked = list(
        Application.objects.filter(pk__in=[applications[key].pk for key in rated])
        .with_ranking()
        .order_by(F("weighted_score").desc(), "reference")
    )
    shortlisted_at = closes_at + timedelta(days=12)
    shortlist = ranked[: call.pool_size + 2 * RESERVE_PLACES]
    for application in shortlist:
        services.shortlist(application=application, by=team, now=shortlisted_at)
    reserve = []
    for place, application in enumerate(ranked):
        application.refresh_from_db()
        if place < call.pool_size:
            advisor = services.select_application(application=application, by=team, now=decided_at)
            if advisor.email == ADVISOR_EMAIL:
                _link_demo_advisor()  # before the decisions go out, so her login is the one she is told about
        elif application in shortlist and application.reserve_consent_at and len(reserve) < RESERVE_PLACES:
            reserve.append(services.place_on_reserve(application=application, by=team, now=decided_at))
        else:
            reason = "Nach der Bewertung durch das Auswahlgremium nicht unter den ersten Plätzen."
            services.reject(application=application, by=team, reason=reason, now=decided_at)
    sent_at = decided_at + timedelta(days=1)
    decided = [*ranked, applications[NOT_ELIGIBLE]]
    services.send_decision_emails(applications=decided, now=sent_at)
    for application in decided:
        _mark_sent(application, sent_at)
    for advisor in call.advisors.all():
        _mark_sent(advisor, sent_at)  # what came with the selection for the advisor (an invitation, say)
    # One consent on the reserve list has run out. With the default 12 months none would have yet, so this
    # one is set to have ended two days ago: refilling must refuse her, and the retention job erases her.
    Application.objects.filter(pk=reserve[-1].pk).update(reserve_until=now - timedelta(days=2))
    return call


# --- the open call -------------------------------------------------------------------------------


def _seed_open_call(*, now, panel, team, topics):
    rng = random.Random(2027)  # noqa: S311 -- demo data, the same on every machine
    opens_at, closes_at = now - timedelta(days=20), now + timedelta(days=12)
    call = _create_call(slug=OPEN_DEMO_SLUG, year=2027, opens_at=opens_at, closes_at=closes_at, reviewers=[panel, team])
    people = _people(OPEN_CALL_PEOPLE, phone_base=2470100)
    applications = {}
    for number, person in enumerate(people):
        at = opens_at + timedelta(days=1, hours=14 * number)
        if person.key in OPEN_DRAFTS:
            data = _input(person, rng=rng, topics=topics, at=at, draft=True)
            draft = services.save_draft(call=call, data=data, now=at)
            _mark_sent(draft, at)
        else:
            applications[person.key] = _submit(call, person, rng=rng, topics=topics, at=at)
    by_key = {person.key: person for person in [*people, *_people(CLOSED_CALL_PEOPLE, phone_base=2460100)]}
    for number, (first_of_pair, (first, last, email, phone)) in enumerate(DUPLICATES):
        original = by_key[first_of_pair]
        twin = Person(
            first, last, original.language, original.regions, email or original.email, phone or original.phone
        )
        at = opens_at + timedelta(days=15, hours=10 * number)
        applications[twin.key] = _submit(call, twin, rng=rng, topics=topics, at=at)

    services.withdraw_application(application=applications[OPEN_WITHDREW], now=now - timedelta(days=6))
    started_at = opens_at + timedelta(days=16)
    for key in [*OPEN_IN_REVIEW, *OPEN_SHORTLISTED]:
        services.start_review(application=applications[key], by=team, now=started_at)
    for number, key in enumerate([*OPEN_SHORTLISTED, *OPEN_IN_REVIEW]):
        at = now - timedelta(days=3, hours=-number)
        quality = rng.uniform(4.0, 4.8) if key in OPEN_SHORTLISTED else rng.uniform(2.5, 4.5)
        if key == PANEL_CONFLICT:
            services.submit_review(
                application=applications[key],
                reviewer=panel,
                scores={},
                recommendation="",
                comment="",
                conflict_of_interest=True,
                now=at,
            )
            continue
        # Shortlisted ones were read by both; of the others the panel has read every other one, the team
        # every third, and some nobody yet.
        if key in OPEN_SHORTLISTED or number % 2 == 0:
            _review(applications[key], panel, rng=rng, quality=quality, at=at, comment=rng.choice(REVIEW_COMMENTS))
        if key in OPEN_SHORTLISTED or number % 3 == 0:
            at += timedelta(hours=5)
            _review(applications[key], team, rng=rng, quality=quality, at=at, comment=rng.choice(REVIEW_COMMENTS))
    for key in OPEN_SHORTLISTED:
        services.shortlist(application=applications[key], by=team, now=now - timedelta(days=1))
    return call


def seed(*, stdout):
    panel, team = _demo_panel_member(), _demo_team_member()
    now = timezone.now()
    topics = list(Topic.objects.order_by("position", "pk"))
    for slug, build in ((CLOSED_DEMO_SLUG, _seed_closed_call), (OPEN_DEMO_SLUG, _seed_open_call)):
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            call = build(now=now, panel=panel, team=team, topics=topics)
            stdout.write(f"Demo-Ausschreibung „{call.title}“ mit {call.applications.count()} Bewerbungen angelegt")
        else:
            stdout.write(f"Demo-Ausschreibung „{call.title}“ vorhanden")
    _link_demo_advisor()
    stdout.write(f"Auswahlgremium-Login: {DEMO_PANEL}; Berater*in-Login: {DEMO_ADVISOR} ({ADVISOR_EMAIL})")
    if find_spec("pool.demo_roster"):
        # The roster's states of the demo pool (CONTRACTS §5), once that module exists.
        import_module("pool.demo_roster").seed(stdout=stdout)
