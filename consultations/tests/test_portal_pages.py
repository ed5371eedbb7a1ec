"""The advisor's portal pages at volume (issue #13): the same queries at 1× and 10× of the advisor's cases,
entries and dates, and the rows – written from ready values instead of per-row lookups – still carry the
right links, labels and languages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import fee_services
from consultations.choices import AssignmentStatus, EntryStatus, Format
from consultations.models import Appointment
from miglobe.core.testing import assert_constant_queries

from .factories import AssignmentFactory, MunicipalityFactory, RequestFactory
from .fee_factories import make_entry, tandem

pytestmark = pytest.mark.django_db


def _assign(advisor, status, name):
    consultation = RequestFactory(municipality=MunicipalityFactory(name=name))
    return AssignmentFactory(request=consultation, advisor=advisor, status=status)


def test_the_portal_home_lists_every_open_assignment_with_the_same_queries(client):
    _, mine, _ = tandem()
    advisor = mine.advisor
    client.force_login(advisor.user)
    url = reverse("portal:home")

    def grow(n):
        for i in range(n):
            _assign(advisor, AssignmentStatus.PROPOSED, f"Gefragt {i}, Stadt")
            _assign(advisor, AssignmentStatus.ACCEPTED, f"Zugesagt {i}, Gemeinde")
            _assign(advisor, AssignmentStatus.DECLINED, f"Abgesagt {i}")

    assert_constant_queries(lambda: client.get(url), grow)
    page = client.get(url).content.decode()
    assert page.count("Antwort erbeten") == 10 and "Abgesagt" not in page
    accepted = advisor.assignments.filter(request__municipality__name="Zugesagt 3, Gemeinde").get()
    detail = reverse("consultations:assignment_detail", args=[accepted.pk])
    log = reverse("consultations:case_log", args=[accepted.pk])
    assert f'<a href="{detail}">Zugesagt 3, Gemeinde</a>' in page
    assert f'<a href="{log}">Protokoll Zugesagt 3</a>' in page  # the short name, without ", Gemeinde"


def test_the_portal_home_rows_are_in_the_page_language(client):
    _, mine, _ = tandem()
    _assign(mine.advisor, AssignmentStatus.PROPOSED, "Eberbach, Stadt")
    Appointment.objects.create(
        request=mine.request, kind=Format.DIALOGFORUM, starts_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(mine.advisor.user)
    short = mine.request.municipality.short_name
    log = reverse("consultations:case_log", args=[mine.pk])
    german = client.get(reverse("portal:home")).content.decode()
    assert "Antwort erbeten" in german and f">Protokoll {short}</a>" in german
    assert f'<li><a href="{log}">{short}: Dialogforum ' in german
    english = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "answer requested" in english and f">Log {short}</a>" in english and "Protokoll" not in english
    assert f'<li><a href="{log}">{short}: Dialogforum (first meeting) ' in english


def test_returned_entries_link_to_their_form_and_show_the_comment(client):
    _, mine, partner = tandem()
    entry = make_entry(mine)
    fee_services.return_entry(entry=entry, by=None, comment="Bitte <Dauer> prüfen.")
    fee_services.return_entry(entry=make_entry(partner), by=None, comment="Nicht meins.")
    client.force_login(mine.advisor.user)
    page = client.get(reverse("portal:home")).content.decode()
    edit = reverse("consultations:entry_edit", args=[entry.pk])
    assert f'<a href="{edit}">{mine.request.municipality.short_name}, {entry.date:%d.%m.%Y}</a>' in page
    assert "Bitte &lt;Dauer&gt; prüfen." in page and "Nicht meins." not in page


def test_the_case_log_links_only_the_advisors_own_editable_entries(client):
    _, mine, partner = tandem()
    own_pending = make_entry(mine, summary="eigener offen")
    own_approved = make_entry(mine, summary="eigener freigegeben")
    type(own_approved).objects.filter(pk=own_approved.pk).update(status=EntryStatus.APPROVED)
    theirs = make_entry(partner, summary="vom Tandem")
    client.force_login(mine.advisor.user)
    url = reverse("consultations:case_log", args=[mine.pk])
    page = client.get(url).content.decode()
    assert reverse("consultations:entry_edit", args=[own_pending.pk]) in page
    assert reverse("consultations:entry_edit", args=[own_approved.pk]) not in page
    assert reverse("consultations:entry_edit", args=[theirs.pk]) not in page
    assert page.count("<td>vor Ort</td>") == 3 and page.count("<td>zur Freigabe</td>") == 2
    assert "<td>freigegeben</td>" in page and f"<td>{partner.advisor.full_name}</td>" in page
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.count("<td>on site</td>") == 3 and "<td>Dialogforum (first meeting)</td>" in english


def test_the_log_form_offers_no_dashes_choice(client):
    _, mine, _partner = tandem()
    client.force_login(mine.advisor.user)
    page = client.get(reverse("consultations:case_log", args=[mine.pk])).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>– bitte wählen –</option>' in page  # the kind's select
    assert 'name="setting" value=""' not in page  # no empty radio button to tick
    assert 'name="setting" value="on_site"' in page
