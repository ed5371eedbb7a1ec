"""The bilingual journey: staff add the English texts of a call in the admin, an English visitor reads them."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_write_the_english_texts_and_an_english_visitor_reads_them(page, chromium, live_server, call, staff):
    # The call has three German-only criteria (conftest), among them "Bezug zu Kommunen".
    page.goto(reverse("admin:login"))
    page.get_by_label("Benutzername").fill(staff.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")

    page.goto(reverse("admin:pool_call_change", args=[call.pk]))
    expect(page.get_by_label("Titel [en]")).to_be_hidden()  # the English section is closed until needed
    page.get_by_text("Englische Fassung").click()
    page.get_by_label("Titel [en]").fill("MiGlobe – advisors wanted")
    page.get_by_label("Beschreibung [en]").fill("We are looking for advisors with their own history of migration.")
    criterion = page.locator(".inline-related", has=page.locator("input[value='Bezug zu Kommunen']"))
    criterion.get_by_label("Kriterium [en]").fill("Links with municipalities")
    assert_accessible(page)
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich geändert")

    english = chromium.new_context(locale="en-GB", base_url=live_server.url)
    visitor = english.new_page()
    try:
        visitor.goto(call.get_absolute_url())
        expect(visitor.get_by_role("heading", level=1)).to_have_text("MiGlobe – advisors wanted")
        expect(visitor.get_by_text("We are looking for advisors with their own history")).to_be_visible()
        # No English eligibility was written: the German text stands in for it.
        expect(visitor.get_by_text(call.eligibility_de)).to_be_visible()
        assert_accessible(visitor)
        visitor.goto(reverse("pool:application_create", args=[call.slug]))
        expect(visitor.locator("p.lead")).to_have_text("MiGlobe – advisors wanted")
        assert_accessible(visitor)
    finally:
        english.close()
    call.refresh_from_db()
    assert call.criteria.get(name_de="Bezug zu Kommunen").name_en == "Links with municipalities"
