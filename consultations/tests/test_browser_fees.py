"""The journey of issue #12: a tandem logs a Dialogforum, staff approve it, the monthly claim is produced and
exported, the case is completed, and the municipality gives feedback. Each page is scanned with axe."""

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from consultations.choices import ClaimStatus, EntryStatus, Stage
from consultations.links import REQUEST_LINK
from consultations.models import FeeClaim, Feedback, LogEntry
from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import PASSWORD

from .fee_factories import standard_rates, tandem
from .test_browser_journey import log_in, new_page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_log_approve_claim_export_complete_and_feedback(page, chromium, live_server, staff):
    standard_rates(valid_from=date(2020, 1, 1))
    consultation, mine, partner = tandem(stage=Stage.DIALOGFORUM_HELD, municipality__name="Eberbach, Stadt")

    # 1. One advisor of the tandem logs the Dialogforum in the portal.
    advisor_page = new_page(chromium, live_server)
    log_in(advisor_page, mine.advisor.user.username)
    advisor_page.get_by_role("link", name="Protokoll Eberbach").click()
    assert_accessible(advisor_page)
    advisor_page.get_by_label("Art", exact=True).select_option(label="Dialogforum")
    advisor_page.get_by_label("Dauer (Minuten)").fill("180")
    advisor_page.get_by_label("vor Ort", exact=True).check()
    advisor_page.get_by_label("Teilnehmende").fill("14")
    advisor_page.get_by_label("Zusammenfassung").fill("Dialogforum mit Verwaltung und Diaspora-Vereinen.")
    advisor_page.get_by_label("vereinbarte nächste Schritte").fill("Beirat gründen.")
    advisor_page.get_by_role("button", name="Eintrag speichern").click()
    expect(advisor_page.get_by_text("Der Eintrag ist gespeichert und wartet auf Freigabe.")).to_be_visible()
    assert_accessible(advisor_page)

    # … and the partner reads it in the same case log.
    partner_page = new_page(chromium, live_server)
    log_in(partner_page, partner.advisor.user.username)
    partner_page.goto(reverse("consultations:case_log", args=[partner.pk]))
    expect(partner_page.locator("#log-entries")).to_contain_text("Dialogforum mit Verwaltung und Diaspora-Vereinen.")
    partner_page.context.close()

    # 2. Staff approve it in their queue.
    staff_page = new_page(chromium, live_server)
    staff_page.goto(f"/admin/login/?next={reverse('consultations:staff_queue')}")
    staff_page.get_by_label("Benutzername").fill(staff.username)
    staff_page.get_by_label("Passwort").fill(PASSWORD)
    staff_page.get_by_role("button", name="Anmelden").click()
    expect(staff_page.locator("#queue-entries")).to_contain_text("Dialogforum")
    assert_accessible(staff_page)
    staff_page.get_by_role("button", name="freigeben").click()
    expect(staff_page.get_by_text("Der Eintrag ist freigegeben.")).to_be_visible()
    assert LogEntry.objects.get().status == EntryStatus.APPROVED

    # 3. The advisor gives the bank details, produces the claim of the month and submits it.
    advisor_page.goto(reverse("consultations:bank_account"))
    assert_accessible(advisor_page)
    advisor_page.get_by_label("Kontoinhaber*in").fill("Amina Haddad")
    advisor_page.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 00")
    advisor_page.get_by_role("button", name="Speichern").click()
    advisor_page.get_by_role("button", name="Abrechnung des Monats erstellen").click()
    expect(advisor_page.locator("#claim-total")).to_have_text("250,00")
    assert_accessible(advisor_page)
    advisor_page.get_by_role("button", name="Abrechnung einreichen").click()
    expect(advisor_page.locator("#claim-status")).to_have_text("eingereicht")
    claim = FeeClaim.objects.get()

    # 4. Staff export it for accounting and approve it.
    staff_page.goto(reverse("consultations:staff_claim", args=[claim.pk]))
    assert_accessible(staff_page)
    with staff_page.expect_download() as download:
        staff_page.get_by_role("link", name="CSV für die Buchhaltung").click()
    assert "250,00" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    staff_page.get_by_role("button", name="Abrechnung als geprüft markieren").click()
    expect(staff_page.locator("#claim-status")).to_have_text("geprüft")
    staff_page.context.close()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED

    # 5. The advisor completes the case as "Dialogforum only" with a short report.
    advisor_page.goto(reverse("consultations:case_log", args=[mine.pk]))
    advisor_page.get_by_label("nur Dialogforum").check()
    advisor_page.get_by_label("Was wurde gemacht?").fill("Ein Dialogforum mit 14 Personen.")
    advisor_page.get_by_label("Was plant die Kommune als Nächstes?").fill("Einen Beirat.")
    advisor_page.get_by_role("button", name="Fall abschließen").click()
    expect(advisor_page.get_by_text("Der Fall ist abgeschlossen.")).to_be_visible()
    assert_accessible(advisor_page)
    advisor_page.context.close()

    # 6. The municipality answers the survey on its private page.
    link = urlsplit(REQUEST_LINK.url(consultation))
    page.goto(f"{link.path}?{link.query}")
    assert_accessible(page)
    page.get_by_label("5").check()
    page.get_by_role("textbox", name="Ihre Rückmeldung").fill("Sehr hilfreich, danke!")
    page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_text("Vielen Dank für Ihre Rückmeldung!").first).to_be_visible()
    assert_accessible(page)
    assert Feedback.objects.get().rating == 5


def test_returned_entry_feedback_list_and_figures_are_accessible(page, chromium, live_server, staff):
    from consultations import fee_services

    from .fee_factories import make_entry
    from .test_completion import complete

    consultation, mine, _ = tandem()
    # Dated today: the edit form refuses a future date, and the factory's default (March 2027) may be one.
    entry = make_entry(mine, date=timezone.localdate(), summary="Workshop ohne Teilnehmendenzahl")
    fee_services.return_entry(entry=entry, by=staff, comment="Bitte die Teilnehmenden ergänzen.")
    complete(consultation, mine)

    log_in(page, mine.advisor.user.username)
    expect(page.locator("#portal-log-returned")).to_contain_text("Bitte die Teilnehmenden ergänzen.")
    page.locator("#portal-log-returned").get_by_role("link").click()
    expect(page.get_by_text("Kommentar des Programmteams: Bitte die Teilnehmenden ergänzen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Teilnehmende").fill("9")
    page.get_by_role("button", name="Eintrag speichern").click()
    expect(page.get_by_text("Der Eintrag ist geändert und wartet auf Freigabe.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING and entry.participants == 9

    staff_page = new_page(chromium, live_server)
    staff_page.goto(f"/admin/login/?next={reverse('consultations:staff_feedback')}")
    staff_page.get_by_label("Benutzername").fill(staff.username)
    staff_page.get_by_label("Passwort").fill(PASSWORD)
    staff_page.get_by_role("button", name="Anmelden").click()
    expect(staff_page.locator("#feedback")).to_contain_text("noch keine Antwort")
    assert_accessible(staff_page)
    staff_page.goto(reverse("consultations:staff_figures"))
    expect(staff_page.locator("#funnel")).to_contain_text("Dialogforen")
    assert_accessible(staff_page)
    staff_page.context.close()
