"""The whole seminar journey in a browser, axe-clean: staff create a seminar and invite, the advisor answers in
the portal, staff record attendance, the advisor is qualified and downloads the certificate."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible, deliver_outbox
from miglobe.core.tests.factories import StaffFactory, UserFactory
from pool.models import Advisor
from seminars import services
from seminars.models import Invitation, Seminar

from .factories import CurriculumFactory, SeminarFactory, cohort_advisor, past_seminar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, user, live_server):
    """Start the browser's session as `user` (the login form itself is core's and tested there)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_seminar_from_creation_to_certificate(page, live_server):
    staff = StaffFactory(username="programmteam")
    curriculum = CurriculumFactory()
    advisor = cohort_advisor(curriculum, user=UserFactory(username="beraterin"), first_name="Ayşe", last_name="Yılmaz")
    for number in range(1, 6):  # modules 1–5 behind her; module 6 is the one this journey is about
        services.record_attendance(
            seminar=past_seminar(curriculum, number), advisor=advisor, state="attended", by=staff
        )

    log_in(page, staff, live_server)
    page.goto(reverse("seminars:seminar_create"))
    assert_accessible(page)
    page.get_by_label("Curriculum").select_option(label=str(curriculum))
    page.get_by_label("Modul").select_option(label=f"{curriculum}: 6. Praxistransfer und Moderation")
    starts = timezone.localtime() + timedelta(days=21)
    page.get_by_label("Beginn").fill(starts.strftime("%Y-%m-%dT16:00"))
    page.get_by_label("Ende").fill((starts + timedelta(days=1)).strftime("%Y-%m-%dT17:00"))
    page.get_by_label("Ort").fill("Welthaus Stuttgart")
    page.get_by_label("Adresse").fill("Charlottenplatz 17, 70173 Stuttgart")
    page.get_by_label("Plätze").fill("12")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Das Seminar ist angelegt.")).to_be_visible()
    page.get_by_role("button", name="Ganzen Jahrgang einladen").click()
    expect(page.get_by_text("1 Person hat noch nicht geantwortet")).to_be_visible()
    assert_accessible(page)

    log_in(page, advisor.user, live_server)
    page.goto(reverse("seminars:my_seminars"))
    assert_accessible(page)
    card = page.get_by_role("region", name="6. Praxistransfer und Moderation")
    card.get_by_label("Ich komme").check()
    card.get_by_label("Anmerkung (freiwillig)").fill("Ich reise am Freitag an.")
    card.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ihre Antwort ist gespeichert: zugesagt.")).to_be_visible()
    assert Invitation.objects.get(advisor=advisor).status == "accepted"

    # The weekend passes.
    seminar = Seminar.objects.get(module__number=6)
    Seminar.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    log_in(page, staff, live_server)
    page.goto(reverse("seminars:attendance", args=[seminar.pk]))
    assert_accessible(page)
    # Keyboard only: the first choice of her row, then arrow keys to "teilgenommen", then Enter submits.
    page.get_by_role("group", name="Ayşe Yılmaz").get_by_label("keine Angabe").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("group", name="Ayşe Yılmaz").get_by_label("teilgenommen")).to_be_checked()
    page.get_by_role("button", name="Teilnahme speichern").click()
    expect(page.get_by_text("Teilnahme gespeichert (1 Änderungen).")).to_be_visible()
    advisor.refresh_from_db()
    assert advisor.status == Advisor.Status.QUALIFIED

    page.goto(reverse("seminars:matrix", args=[curriculum.pk]))
    expect(page.get_by_role("row", name="Ayşe Yılmaz")).to_contain_text("qualifiziert")
    assert_accessible(page)

    log_in(page, advisor.user, live_server)
    page.goto(reverse("portal:home"))
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Zertifikat herunterladen (PDF)").first.click()
    assert download.value.suggested_filename == "miglobe-zertifikat.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_on_a_phone_a_declined_place_moves_the_waiting_list_up(phone_page, live_server):
    page = phone_page
    staff = StaffFactory(username="programmteam")
    curriculum = CurriculumFactory()
    first = cohort_advisor(curriculum, user=UserFactory(username="erste"), first_name="Olena", last_name="Shevchenko")
    waiting = cohort_advisor(curriculum, first_name="Tran", last_name="Văn Minh")
    seminar = SeminarFactory(curriculum=curriculum, capacity=1)
    services.invite_advisors(seminar=seminar, by=staff)
    services.answer_invitation(invitation=Invitation.objects.get(advisor=first), accept=True)
    services.answer_invitation(invitation=Invitation.objects.get(advisor=waiting), accept=True)
    assert Invitation.objects.get(advisor=waiting).status == "waitlisted"

    log_in(page, first.user, live_server)
    page.goto(reverse("seminars:my_seminars"))
    assert_accessible(page)
    card = page.get_by_role("region", name=seminar.display_title)
    card.get_by_label("Ich kann nicht kommen").check()
    card.get_by_label("Anmerkung (freiwillig)").fill("Leider krank.")
    card.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ihre Antwort ist gespeichert: abgesagt.")).to_be_visible()
    assert_accessible(page)

    assert Invitation.objects.get(advisor=waiting).status == "accepted"
    told = [m for m in deliver_outbox() if waiting.email in m.to[0]]
    assert [m.subject for m in told] == [f"Sie haben einen Platz: {seminar.display_title}"]
