"""The log, receipts and claims in the portal and the staff queue: permissions both ways, query counts,
exports and the PDF's masked bank details."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from consultations import fee_services
from consultations.choices import EntryStatus, Format
from consultations.models import Appointment, LogEntry
from consultations.portal_views import log_section_context
from miglobe.core.testing import assert_constant_queries, count_queries

from .fee_factories import bank_account, entry_data, make_entry, standard_rates, tandem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_the_logged_days():
    """The entries here are dated in March 2027 (the rates start in January); the log takes no future dates."""
    with time_machine.travel(datetime(2027, 4, 15, 10, 0, tzinfo=UTC)):
        yield


PDF_RECEIPT = b"%PDF-1.4\n% a receipt\n"


def post_entry(client, assignment, **overrides):
    data = {**entry_data(**overrides)}
    data["date"] = data["date"].isoformat()
    return client.post(reverse("consultations:case_log", args=[assignment.pk]), data)


def test_both_tandem_advisors_read_the_case_log_and_each_writes_their_own(client):
    _, mine, partner = tandem()
    client.force_login(mine.advisor.user)
    response = post_entry(client, mine, summary="Dialogforum im Rathaus")
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.assignment == mine and entry.status == EntryStatus.PENDING
    client.force_login(partner.advisor.user)
    page = client.get(reverse("consultations:case_log", args=[partner.pk])).content.decode()
    assert "Dialogforum im Rathaus" in page
    assert reverse("consultations:entry_edit", args=[entry.pk]) not in page  # not the partner's to edit
    assert client.get(reverse("consultations:entry_edit", args=[entry.pk])).status_code == 404
    # The partner cannot write into the other's assignment either.
    assert post_entry(client, mine).status_code == 404


def test_advisor_b_sees_neither_the_log_nor_the_claim_nor_the_receipts_of_a(client, staff):
    standard_rates()
    _, a, _ = tandem()
    _, b, _ = tandem()
    bank_account(a.advisor)
    entry = make_entry(a, kind="travel", travel_costs=Decimal("12.50"))
    entry.receipt.save("beleg.pdf", io.BytesIO(PDF_RECEIPT), save=True)
    make_entry(a, summary="Nur für das Tandem von A")
    fee_services.approve_entry(entry=entry, by=staff)
    claim = fee_services.prepare_claim(advisor=a.advisor, month=date(2027, 3, 1))

    client.force_login(a.advisor.user)
    assert "Nur für das Tandem von A" in client.get(reverse("consultations:case_log", args=[a.pk])).content.decode()
    assert client.get(reverse("consultations:claim_detail", args=[claim.pk])).status_code == 200
    download = client.get(reverse("consultations:receipt", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_RECEIPT
    assert client.get(reverse("consultations:claim_pdf", args=[claim.pk])).status_code == 200

    client.force_login(b.advisor.user)
    assert client.get(reverse("consultations:case_log", args=[a.pk])).status_code == 404
    assert client.get(reverse("consultations:claim_detail", args=[claim.pk])).status_code == 404
    assert client.post(reverse("consultations:claim_submit", args=[claim.pk])).status_code == 404
    assert client.get(reverse("consultations:receipt", args=[entry.pk])).status_code == 404
    assert client.get(reverse("consultations:claim_pdf", args=[claim.pk])).status_code == 404
    assert "Nur für das Tandem von A" not in client.get(reverse("portal:home")).content.decode()

    client.logout()
    assert client.get(reverse("consultations:receipt", args=[entry.pk])).status_code == 404
    assert client.get(reverse("consultations:staff_queue")).status_code == 302  # to the login
    client.force_login(a.advisor.user)
    assert client.get(reverse("consultations:staff_queue")).status_code == 403
    client.force_login(staff)
    response = client.get(reverse("consultations:receipt", args=[entry.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"


def test_a_receipt_must_be_a_real_pdf_or_image_and_travel_costs_need_one(client):
    _, mine, _ = tandem()
    client.force_login(mine.advisor.user)
    url = reverse("consultations:case_log", args=[mine.pk])
    data = {**entry_data(kind="travel", travel_costs="30.00", summary="Zug nach Eberbach"), "date": "2027-03-10"}
    response = client.post(url, data)
    assert response.status_code == 400 and "nur mit Beleg" in response.content.decode()
    assert "Zug nach Eberbach" in response.content.decode()  # nothing typed is lost
    fake = SimpleUploadedFile("beleg.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert client.post(url, {**data, "receipt": fake}).status_code == 400
    real = SimpleUploadedFile("beleg.pdf", PDF_RECEIPT, content_type="application/pdf")
    assert client.post(url, {**data, "receipt": real}).status_code == 302
    entry = LogEntry.objects.get()
    assert entry.receipt.name.startswith("consultations/receipts/") and "beleg" not in entry.receipt.name


def test_the_portal_log_keeps_its_query_count(client):
    _, mine, partner = tandem()
    client.force_login(mine.advisor.user)
    url = reverse("consultations:case_log", args=[mine.pk])

    def grow(n):
        for i in range(n):
            make_entry(mine, summary=f"eigener {i}")
            make_entry(partner, summary=f"Tandem {i}")

    count = assert_constant_queries(lambda: client.get(url), grow)
    assert count == 5


def test_the_portal_home_section_keeps_its_query_count(client):
    consultation, mine, _ = tandem()
    client.force_login(mine.advisor.user)
    url = reverse("portal:home")

    def grow(n):
        for i in range(n):
            Appointment.objects.create(
                request=consultation, kind=Format.WORKSHOP, starts_at=timezone.now() - timedelta(days=3 + i)
            )
            fee_services.return_entry(entry=make_entry(mine), by=None, comment="Bitte ergänzen.")

    assert_constant_queries(lambda: client.get(url), grow)
    # The section's own share of the page, pinned: dates to log, returned and pending, claims, anything to claim.
    assert count_queries(lambda: log_section_context(None, mine.advisor)) == 4
    page = client.get(url).content.decode()
    assert page.count("Bitte ergänzen.") == 10
    assert 'id="portal-log-to-write"' in page


def test_the_staff_queue_keeps_its_query_count_and_approves(client, staff):
    standard_rates()
    client.force_login(staff)
    url = reverse("consultations:staff_queue")

    def grow(n):
        for _ in range(n):
            _case, mine, _partner = tandem()
            make_entry(mine)

    count = assert_constant_queries(lambda: client.get(url), grow)
    assert count == 7  # with the page's count
    assert "<td>Dialogforum (vor Ort, 12 Teilnehmende)</td>" in client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>Dialogforum (first meeting) (on site, 12 participants)</td>" in english
    entry = LogEntry.objects.first()
    with translation.override("en"):  # the labels from the enum follow the language, as Django's own did
        assert (entry.get_kind_display(), entry.get_setting_display()) == ("Dialogforum (first meeting)", "on site")
    response = client.post(reverse("consultations:staff_entry_review", args=[entry.pk]), {"decision": "approve"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED and entry.fee == Decimal("250.00")
    other = LogEntry.objects.filter(status=EntryStatus.PENDING).first()
    client.post(reverse("consultations:staff_entry_review", args=[other.pk]), {"decision": "return", "comment": ""})
    other.refresh_from_db()
    assert other.status == EntryStatus.PENDING  # a return needs a comment


def test_each_queue_row_shows_its_entry_with_links_labels_and_plural(client, staff):
    """The rows are ready values (decision 0160): every cell checked against the entry, in both languages."""
    standard_rates()
    case, mine, _partner = tandem()
    one = make_entry(
        mine, participants=1, travel_costs=Decimal("7.35"), summary="<b>Rathaus</b> " + "x" * 300, date=date(2027, 3, 9)
    )
    one.receipt.save("beleg.pdf", io.BytesIO(PDF_RECEIPT), save=True)
    make_entry(mine, setting="online")
    client.force_login(staff)
    page = client.get(reverse("consultations:staff_queue")).content.decode()
    review = reverse("consultations:staff_entry_review", args=[one.pk])
    expected = [
        "<td>09.03.2027</td>",
        f"<td>{case.number} {case.municipality.short_name}</td>",
        f"<td>{mine.advisor.full_name}</td>",
        "<td>Dialogforum (vor Ort, 1 Teilnehmende*r)</td>",
        f'<td>7,35 <a href="{reverse("consultations:receipt", args=[one.pk])}">Beleg</a></td>',
        "<td>&lt;b&gt;Rathaus&lt;/b&gt; " + "x" * 184 + "…</td>",
        f'action="{review}" class="mb-1"',
        ">Eintrag vom 09.03.2027 freigeben</button>",
        f'for="comment-{one.pk}">Was soll geändert werden?</label>',
        "(online, 12 Teilnehmende)</td>",
    ]
    for cell in expected:
        assert cell in page, cell
    assert page.count(">Beleg</a>") == 1  # only the entry with a receipt
    english = client.get(reverse("consultations:staff_queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>Dialogforum (first meeting) (on site, 1 participant)</td>" in english
    assert ">Approve the entry of 09/03/2027</button>" in english and "7.35 <a" in english


def test_the_staff_queue_is_paged(client, staff, monkeypatch):
    from consultations import fee_staff_views

    monkeypatch.setattr(fee_staff_views, "QUEUE_PAGE_SIZE", 2)
    standard_rates()
    client.force_login(staff)
    for _ in range(3):
        _case, mine, _partner = tandem()
        make_entry(mine)
    url = reverse("consultations:staff_queue")
    first = client.get(url).content.decode()
    assert first.count('value="approve"') == 2
    assert "Seite 1 von 2" in first and 'href="?seite=2"' in first
    second = client.get(url, {"seite": 2}).content.decode()
    assert second.count('value="approve"') == 1
    assert 'href="?seite=1"' in second


def test_exports_and_the_masked_pdf(client, staff):
    standard_rates()
    _, mine, _ = tandem()
    bank_account(mine.advisor)
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60, travel_costs=Decimal("7.35")), by=staff)
    claim = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    claim = fee_services.submit_claim(claim=claim, advisor=mine.advisor)
    client.force_login(staff)
    csv_text = client.get(reverse("consultations:staff_claim_export", args=[claim.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "157,35" in csv_text and "150,00" in csv_text  # German decimal comma, exact cents
    xlsx = client.get(reverse("consultations:staff_claim_export", args=[claim.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(row=2, column=10).value == pytest.approx(157.35)

    def pdf_text(response):
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)

    accounting = pdf_text(client.get(reverse("consultations:claim_pdf", args=[claim.pk]), {"copy": "accounting"}))
    assert "DE89370400440532013000" in accounting.replace(" ", "")
    client.force_login(mine.advisor.user)
    own = pdf_text(client.get(reverse("consultations:claim_pdf", args=[claim.pk]), {"copy": "accounting"}))
    assert "DE89370400440532013000" not in own.replace(" ", "")
    assert "DE89 **** **** **** **30 00" in own  # the advisor's copy, even when asking for the other one
    assert "157,35" in own


def test_the_log_speaks_english_to_an_english_browser(client):
    _, mine, _ = tandem()
    make_entry(mine, kind="preparation")
    client.force_login(mine.advisor.user)
    page = client.get(reverse("consultations:case_log", args=[mine.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Consultation log" in page and "Preparation" in page and "awaiting approval" in page
    assert "Beratungsprotokoll" not in page


def test_an_approved_entry_is_not_changed_through_the_edit_page(client, staff):
    standard_rates()
    _, mine, _ = tandem()
    entry = fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    client.force_login(mine.advisor.user)
    url = reverse("consultations:entry_edit", args=[entry.pk])
    data = {**entry_data(duration_minutes=600), "date": "2027-03-10"}
    page = client.post(url, data).content.decode()
    assert "kann nicht mehr geändert werden" in page and "Eintrag speichern" not in page
    entry.refresh_from_db()
    assert entry.duration_minutes == 60 and entry.fee == Decimal("150.00")


def test_the_staff_tables_written_by_rows_escape_what_people_typed(client, staff):
    # {% rows %} writes the cells by string joining: names and free text must still arrive escaped.
    from pool.models import Advisor

    from .factories import MunicipalityFactory

    evil = '<script>alert("x")</script>'
    case, mine, _partner = tandem(municipality=MunicipalityFactory(name=f"{evil}, Stadt"))
    Advisor.objects.filter(pk=mine.advisor.pk).update(last_name=evil)
    make_entry(mine, summary=f"{evil} & mehr")
    client.force_login(staff)
    for url in (
        reverse("consultations:staff_queue"),
        reverse("consultations:staff_request_list"),
        reverse("consultations:staff_request", args=[case.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page, url


def test_a_future_date_is_refused_with_a_clear_message_and_what_was_typed_stays(client):
    """Found in the new-user trial: an entry dated five months ahead was saved and went to the staff queue."""
    _, mine, _ = tandem()
    client.force_login(mine.advisor.user)
    refused = post_entry(client, mine, date=date(2027, 4, 16), summary="Workshop im Rathaus")
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Das Datum liegt in der Zukunft." in page
    assert "Workshop im Rathaus" in page and 'value="2027-04-16"' in page
    assert not LogEntry.objects.exists()
    assert post_entry(client, mine, date=date(2027, 4, 15)).status_code == 302  # today is fine
    url = reverse("consultations:case_log", args=[mine.pk])
    data = {**entry_data(), "date": "2027-05-01"}
    english = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The date is in the future." in english
