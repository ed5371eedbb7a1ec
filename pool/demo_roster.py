"""Demo roster: the 18 advisors of the closed demo call in every membership state (CONTRACTS §5).

The integrator calls `seed(stdout=...)` at the end of pool/demo.py, which creates the closed call and its
selected advisors. Status changes go through the roster services, as in real use, so the demo has a
history and an audit trail. Idempotent: a second run finds the roster seeded and changes nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from miglobe.core.demo import DEMO_ADVISOR

from . import roster_services
from .models import Advisor, Application, Topic

DEMO_CALL_SLUG = "miglobe-2026"  # pool.demo.CLOSED_DEMO_SLUG
DEMO_ADVISOR_EMAIL = "beraterin@miglobe.example"
Status = Advisor.Status

# In this order, over the advisors sorted by name (the demo login first): what each one becomes.
PLAN = [Status.ACTIVE] * 6 + [Status.QUALIFIED] * 4 + [Status.IN_QUALIFICATION] * 5 + [Status.PAUSED] * 2
PROFILES = [
    ("Ich begleite Kommunen bei Partnerschaften mit Westafrika und berate zu fairer Beschaffung.", "Westafrika"),
    ("Ich verbinde Migrant*innenorganisationen mit Rathäusern und moderiere Dialogforen.", "Naher Osten"),
    ("Mein Schwerpunkt ist Globales Lernen in Schulen und Volkshochschulen.", "Ostafrika"),
]


def _demo_advisor_first(advisors):
    return sorted(advisors, key=lambda a: (a.email != DEMO_ADVISOR_EMAIL, a.last_name, a.first_name, a.pk))


def _full_profile(advisor, number, *, public):
    bio, regions = PROFILES[number % len(PROFILES)]
    roster_services.update_profile(
        advisor=advisor,
        fields={
            "phone": f"0711 555{number:04d}",
            "bio": bio,
            "bio_en": "I support municipalities in their development work." if number % 2 == 0 else "",
            "expertise_regions": regions,
            "home_region": ["08111", "08221", "08311", "08421", "08212"][number % 5],
            "availability_days": 2 + number % 5,
            "topics": list(Topic.objects.order_by("position")[number % 4 : number % 4 + 2]),
            "public_listing": public,
            "public_bio": public,
            "public_topics": public,
            "public_languages": public,
            "public_home_region": public and number % 2 == 0,
        },
        languages=[("Deutsch", "fluent"), (["Twi", "Arabisch", "Swahili", "Türkisch"][number % 4], "native")],
        by=advisor.user,
    )


def _ensure_reserve_with_one_expired(call, now):
    """The reserve list of the closed call holds one person whose consent has run out."""
    reserve = list(Application.objects.filter(call=call, status=Application.Status.RESERVE).order_by("pk"))
    if len(reserve) >= 2 and not any(a.reserve_until and a.reserve_until <= now for a in reserve):
        expired = reserve[-1]
        expired.reserve_until = now - timedelta(days=3)
        expired.save(update_fields=["reserve_until"])


def seed(*, stdout):
    advisors = _demo_advisor_first(Advisor.objects.filter(call__slug=DEMO_CALL_SLUG).select_related("call", "user"))
    if not advisors:
        stdout.write(f"Keine Berater*innen der Demo-Ausschreibung {DEMO_CALL_SLUG}; Pool-Demo übersprungen.")
        return
    if any(a.status != Status.IN_QUALIFICATION or a.qualified_at for a in advisors):
        stdout.write("Demo-Pool vorhanden.")
        return
    now = timezone.now()
    team = get_user_model().objects.filter(username="team").first()
    demo_user = get_user_model().objects.filter(username=DEMO_ADVISOR).first()
    plan = [*PLAN, *[Status.LEFT] * (len(advisors) - len(PLAN))][: len(advisors)]
    for number, (advisor, target) in enumerate(zip(advisors, plan, strict=True)):
        if advisor.email == DEMO_ADVISOR_EMAIL and demo_user and not advisor.user_id:
            Advisor.objects.filter(pk=advisor.pk).update(user=demo_user)
            advisor.user = demo_user
        if advisor.user_id:
            Advisor.objects.filter(pk=advisor.pk).update(
                invitation_sent_at=now - timedelta(days=200), invitation_accepted_at=now - timedelta(days=199)
            )
        elif target != Status.LEFT and number % 3 != 0:
            roster_services.invite_advisor(advisor=advisor, by=team, now=now - timedelta(days=20))
        if target in (Status.ACTIVE, Status.QUALIFIED) or (target == Status.PAUSED and number % 2 == 0):
            roster_services.mark_qualified(
                advisor=advisor, by=team, at=now - timedelta(days=120), reason="Alle sechs Module besucht (Demo)"
            )
        if target == Status.ACTIVE:
            roster_services.activate(advisor=advisor, by=team, now=now - timedelta(days=100))
            _full_profile(advisor, number, public=number % 3 != 2)
        elif target == Status.PAUSED:
            roster_services.pause(
                advisor=advisor,
                by=team,
                starts_on=timezone.localdate() - timedelta(days=30),
                ends_on=timezone.localdate() + timedelta(days=60) if number % 2 else None,
                reason="Elternzeit (Demo)",
            )
        elif target == Status.LEFT:
            roster_services.leave_pool(advisor=advisor, by=team, reason="Umzug aus Baden-Württemberg (Demo)")
        # Some activity, and a few who have been quiet for long enough to be flagged.
        quiet = number in (7, 12)
        Advisor.objects.filter(pk=advisor.pk).update(
            last_activity_at=now - timedelta(days=200 if quiet else number + 1),
        )
    _ensure_reserve_with_one_expired(advisors[0].call, now)
    stdout.write(
        f"Demo-Pool: {len(advisors)} Berater*innen in allen Status; Login {DEMO_ADVISOR} mit vollständigem Profil."
    )
