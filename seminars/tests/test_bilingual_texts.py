"""Module texts in German and English through modeltranslation (seminars/translation.py, decision 0100)."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from miglobe.core.reminders import send_due_reminders
from miglobe.core.testing import deliver_outbox
from seminars import services
from seminars.models import Module, Seminar
from seminars.reminders import RULES
from seminars.states import AttendanceState

from .factories import SeminarFactory, past_seminar

pytestmark = pytest.mark.django_db


def english_first_module(curriculum):
    module = curriculum.modules.get(number=1)
    module.title_en = "Municipal development policy"
    module.save()
    return module


def test_title_follows_the_language_and_falls_back_to_german(curriculum):
    module = english_first_module(curriculum)
    second = curriculum.modules.get(number=2)

    with translation.override("en"):
        assert (str(module), second.title) == ("1. Municipal development policy", "Kommunales Wissen")
    with translation.override("de"):
        assert module.title == module.title_de != "Municipal development policy"


def test_english_email_shows_the_english_title(curriculum, staff, advisor):
    module = english_first_module(curriculum)
    advisor.language = "en"
    advisor.save(update_fields=["language"])
    SeminarFactory(curriculum=curriculum, module=module)
    services.invite_advisors(seminar=Seminar.objects.get(), by=staff)
    send_due_reminders(rules=RULES)

    (email,) = deliver_outbox()
    assert email.subject == "Invitation: 1. Municipal development policy"


def test_certificate_stays_german_for_an_english_reader(client, curriculum, staff, advisor):
    english_first_module(curriculum)
    for module in curriculum.modules.all():
        services.record_attendance(
            seminar=past_seminar(curriculum, module.number), advisor=advisor, state=AttendanceState.ATTENDED, by=staff
        )
    client.force_login(advisor.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    pdf = client.get(reverse("seminars:certificate", args=[advisor.pk])).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    assert f"1. {curriculum.modules.get(number=1).title_de}" in text and "Municipal" not in text


def test_staff_write_both_languages_in_the_admin(client, curriculum, staff):
    module = curriculum.modules.get(number=1)
    client.force_login(staff)
    url = reverse("admin:seminars_curriculum_change", args=[curriculum.pk])
    form = client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name != "call"}
    data.update(
        call=curriculum.call_id,
        required_modules="",
        **{"modules-TOTAL_FORMS": 1, "modules-INITIAL_FORMS": 1, "modules-MIN_NUM_FORMS": 0},
        **{"modules-MAX_NUM_FORMS": 1000, "modules-0-id": module.pk, "modules-0-curriculum": curriculum.pk},
        **{"modules-0-number": 1, "modules-0-title_de": "Entwicklungspolitik vor Ort"},
        **{"modules-0-title_en": "Development policy on the spot", "modules-0-learning_goals_de": "Ziele"},
        **{"modules-0-learning_goals_en": ""},
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    module = Module.objects.get(pk=module.pk)
    assert (module.title_de, module.title_en, module.learning_goals_de) == (
        "Entwicklungspolitik vor Ort",
        "Development policy on the spot",
        "Ziele",
    )
    assert not module.learning_goals_en  # not written: English pages show the German goals


def test_the_matrix_and_its_export_follow_the_staff_members_language(client, curriculum, staff):
    english_first_module(curriculum)
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("seminars:matrix", args=[curriculum.pk])

    assert "1. Municipal development policy" in client.get(url).content.decode()
    export = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert export.splitlines()[0].split(";")[1:3] == ["1. Municipal development policy", "2. Kommunales Wissen"]
