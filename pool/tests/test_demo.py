"""The demo data tells the truth: distinct people, flagged duplicates, a CV for every submission, a closed call
whose 18 selected people are the pool, and an open call where nothing is decided yet."""

import io
from collections import Counter

import pytest
from anyascii import anyascii
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from pypdf import PdfReader

from miglobe.core.outbox import OutboxMessage
from pool.demo import CLOSED_DEMO_SLUG, DUPLICATES, OPEN_DEMO_SLUG
from pool.models import Advisor, Application, Call, DuplicateFlag, Review
from pool.uploads import PDF, check_cv

# `make run` seeds on SQLite; the smoke subset runs there in CI too.
pytestmark = [pytest.mark.django_db, pytest.mark.smoke]
Status = Application.Status


def storages(location):
    return {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }


@pytest.fixture(scope="module")
def demo_storage(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_storage):
    """Seeded once for the module (twice, to prove it is idempotent) in a transaction rolled back at the end;
    the tests only read. Seeding per test would take most of this module's time."""
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, STORAGES=storages(demo_storage)),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        counts = (Call.objects.count(), Application.objects.count(), Advisor.objects.count())
        call_command("seed_demo", stdout=io.StringIO())
        yield counts
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_data, settings, demo_storage):
    settings.STORAGES = storages(demo_storage)  # where the seed stored the CVs (conftest moves it per test)
    return demo_data


def test_seeding_twice_adds_nothing(demo):
    assert (Call.objects.count(), Application.objects.count(), Advisor.objects.count()) == demo
    assert set(Call.objects.values_list("slug", flat=True)) == {CLOSED_DEMO_SLUG, OPEN_DEMO_SLUG}


def test_no_name_appears_twice(demo):
    names = Counter(Application.objects.values_list("first_name", "last_name"))
    assert names and max(names.values()) == 1
    # Also folded for diacritics and word order, except the deliberate duplicate pairs.
    twins = {(first, last) for _original, (first, last, _email, _phone) in DUPLICATES}
    rows = Application.objects.values_list("first_name", "last_name", "name_key")
    keys = Counter(key for first, last, key in rows if (first, last) not in twins)
    assert max(keys.values()) == 1


def test_the_deliberate_duplicates_show_in_the_staff_queue(demo):
    open_call = Call.objects.get(slug=OPEN_DEMO_SLUG)
    flagged = {
        frozenset(
            {(flag.application.first_name, flag.application.last_name), (flag.other.first_name, flag.other.last_name)}
        )
        for flag in DuplicateFlag.objects.unresolved()
        .filter(application__call=open_call)
        .select_related("application", "other")
    }
    # The exact email, the swapped names typed without diacritics, a transliteration and the person who
    # applied to the earlier call – and nobody else.
    assert frozenset({("Kwabena", "Asante"), ("Kwabena K.", "Asante")}) in flagged
    assert frozenset({("Ayşe", "Öztürk"), ("Ozturk", "Ayse")}) in flagged
    assert any(("Muhammad", "Al Rashid") in pair for pair in flagged)
    petrovic = Application.objects.filter(email="dragan.petrovic@example.org")
    assert {a.call.slug for a in petrovic} == {OPEN_DEMO_SLUG, CLOSED_DEMO_SLUG}
    assert any({(a.first_name, a.last_name) for a in petrovic} & pair for pair in flagged)
    assert len(flagged) == 4


def test_every_submitted_application_has_a_pdf_cv_in_the_private_storage(demo):
    submitted = list(Application.objects.submitted())
    assert len(submitted) > 50
    for application in submitted:
        assert application.cv.name.startswith("cv/") and application.cv_original_name.endswith(".pdf")
        with application.cv.open("rb") as file:
            content = file.read()
        assert check_cv(ContentFile(content, name=application.cv_original_name)).kind == PDF  # as an upload
        text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        assert anyascii(application.last_name) in anyascii(text)
    assert not Application.objects.filter(status=Status.DRAFT).exclude(cv="").exists()


def test_the_closed_call_selected_18_who_are_the_pool(demo):
    call = Call.objects.get(slug=CLOSED_DEMO_SLUG)
    assert not call.is_open() and call.closes_at < timezone.now()
    selected = call.applications.filter(status=Status.SELECTED)
    assert selected.count() == 18 == call.advisors.count()
    assert set(call.advisors.values_list("application_id", flat=True)) == set(selected.values_list("pk", flat=True))
    # Decided after the deadline, in the order of the ranking, and told.
    decided = call.applications.filter(status__in=Application.DECIDED)
    assert not decided.filter(decided_at__lt=call.closes_at).exists()
    assert not decided.filter(decision_sent_at__isnull=True).exists()
    ranked = list(call.applications.filter(status__in=Application.IN_SELECTION).with_ranking())
    lowest_selected = min(a.weighted_score for a in ranked if a.status == Status.SELECTED)
    assert all(a.weighted_score < lowest_selected for a in ranked if a.status == Status.RESERVE)
    # Emails about the past were sent then, not now.
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED).exists()
    # …with their text, also the confirmations the worker writes (decision 0180).
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, subject="").exists()
    assert OutboxMessage.objects.filter(template="pool/application_submitted", status=OutboxMessage.Status.SENT)


def test_the_closed_call_has_a_reserve_list_with_one_expired_consent_and_rejections(demo):
    call = Call.objects.get(slug=CLOSED_DEMO_SLUG)
    reserve = call.applications.filter(status=Status.RESERVE)
    assert reserve.count() == 4 and not reserve.filter(reserve_consent_at__isnull=True).exists()
    assert Application.objects.reserve_active(timezone.now()).filter(call=call).count() == 3
    assert call.applications.filter(status=Status.REJECTED).count() >= 5
    assert call.applications.filter(status=Status.WITHDRAWN).count() == 1


def test_the_advisor_login_belongs_to_a_selected_person_with_a_plausible_name(demo):
    user = get_user_model().objects.get(username="beraterin")
    advisor = Advisor.objects.get(user=user)
    assert advisor.email == "beraterin@miglobe.example" and advisor.call.slug == CLOSED_DEMO_SLUG
    assert (user.first_name, user.last_name) == (advisor.first_name, advisor.last_name) == ("Amina", "Diallo")
    assert user.check_password("miglobe-demo")


def test_nothing_is_decided_in_the_open_call(demo):
    call = Call.objects.get(slug=OPEN_DEMO_SLUG)
    assert call.is_open()
    statuses = Counter(call.applications.values_list("status", flat=True))
    assert not set(statuses) & set(Application.DECIDED)
    assert not call.advisors.exists()
    assert statuses[Status.DRAFT] == 3 and statuses[Status.IN_REVIEW] and statuses[Status.SHORTLISTED]
    reviews = Review.objects.filter(application__call=call, submitted_at__isnull=False)
    assert {r.reviewer.username for r in reviews} == {"gremium", "team"}
    assert reviews.filter(conflict_of_interest=True).count() == 1


def test_the_demo_calls_are_bilingual(demo):
    call = Call.objects.get(slug=OPEN_DEMO_SLUG)
    with translation.override("en"):
        assert call.title.startswith("MiGlobe – advisors")
        criterion = call.criteria.get(position=3)
        assert criterion.name == "Motivation and advisory skills"
        assert criterion.description == "Moderation, Beratung, Bildungsarbeit."  # falls back to German
