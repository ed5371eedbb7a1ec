"""Staff screens fit: the application list and the call's page at 1280 × 800, ranking and review at 390 px.

Each page is measured as a new user would meet it: demo-like data with long names, German throughout.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import PASSWORD

from .factories import ApplicationFactory, ReviewFactory, ScoreFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def log_in(page, user):
    page.goto(reverse("admin:login"))
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def assert_fits(page):
    """No sideways scroll: not of the page, and not of a box inside it (the admin puts its result table in
    one, where cut-off columns would not widen the page)."""
    widths = page.evaluate(
        "() => ({document: document.documentElement.scrollWidth, body: document.body.scrollWidth,"
        " window: window.innerWidth})"
    )
    assert max(widths["document"], widths["body"]) <= widths["window"], f"{page.url}: {widths}"
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""
    )
    assert scrolling == [], f"{page.url}: {scrolling}"


def reviewed(call, **fields):
    application = ApplicationFactory(call=call, **fields)
    review = ReviewFactory(application=application)
    for criterion in call.criteria.all():
        ScoreFactory(review=review, criterion=criterion, value=4)
    return application


def test_the_application_list_and_the_call_page_fit_a_laptop(page, call, staff):
    for n in range(5):
        reviewed(call, first_name="Oluwaseun Adebayo-Chukwuemeka", last_name=f"Nwachukwu-Okonkwo {n}")
    page.set_viewport_size(LAPTOP)
    log_in(page, staff)

    page.goto(reverse("admin:pool_application_changelist"))
    for column in ("Dublette?", "von mir bewertet", "eingereicht", "Punkte (gewichtet)"):
        expect(page.get_by_role("columnheader", name=column)).to_be_visible()
    assert_fits(page)
    assert_accessible(page)

    page.goto(reverse("admin:pool_call_change", args=[call.pk]))
    expect(page.get_by_text("Verfügbare Mitglieder des Auswahlgremiums")).to_be_visible()
    expect(page.get_by_text("Choose ", exact=False)).to_have_count(0)
    assert_fits(page)
    assert_accessible(page)


def test_ranking_and_review_work_on_a_phone(page, call, panel_member):
    application = reviewed(call, first_name="Oluwaseun", last_name="Adebayo-Chukwuemeka-Nwachukwu")
    page.set_viewport_size(PHONE)
    log_in(page, panel_member)

    page.goto(reverse("admin:pool_application_review", args=[application.pk]))
    assert_fits(page)
    for criterion in call.criteria.all():
        page.get_by_role("group", name=f"{criterion.name} (×{criterion.weight})").get_by_label("4").check()
    page.get_by_label("Empfehlung").select_option("select")
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)

    page.goto(reverse("admin:pool_call_ranking", args=[call.pk]))
    expect(page.get_by_role("link", name=application.reference)).to_be_visible()
    assert_fits(page)
    assert_accessible(page)


def test_pool_overview_refill_and_history_keep_the_page_still_on_a_phone(page, closed_call, staff):
    """Found in the trial walk: at 390 px these pages scrolled sideways as a whole (the roster by 880 px), and
    at 1280 px the roster by 30 px. Their wide tables now scroll in a box of their own."""
    from .factories import AdvisorFactory

    for n in range(3):
        AdvisorFactory(call=closed_call, first_name="Oluwaseun", last_name=f"Adebayo-Chukwuemeka {n}")
    application = ApplicationFactory(call=closed_call)
    from pool import services

    services.start_review(application=application, by=staff)  # an entry in the trail: a table on the history
    log_in(page, staff)
    urls = [
        reverse("admin:pool_advisor_roster"),
        reverse("admin:pool_advisor_refill", args=[closed_call.pk]),
        reverse("admin:pool_application_history", args=[application.pk]),
    ]
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        for url in urls:
            page.goto(url)
            widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})")
            assert widths["page"] <= widths["window"], f"{url} at {size}: {widths}"
    assert_accessible(page)


def test_the_start_page_workplaces_fit_and_keep_their_names_whole(page, closed_call, staff):
    """Found in the trial walk: Django's dashboard styles broke "Ausschreibung und Pool" letter by letter and
    made the start page 648 px wide at 390."""
    log_in(page, staff)
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto(reverse("admin:index"))
        widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})")
        assert widths["page"] <= widths["window"], f"at {size}: {widths}"
        narrowest = page.locator(".workplaces th").evaluate_all(
            "cells => Math.min(...cells.map(cell => cell.getBoundingClientRect().width))"
        )
        assert narrowest > 60, f"the area names squeezed to {narrowest} px at {size}"


def test_refill_with_a_reserve_list_and_people_who_left_fits_a_phone(page, closed_call, staff):
    """Found in the new-user trial: the refill page with a reserve list was 475 px wide at 390 px."""
    from datetime import timedelta

    from django.utils import timezone

    from .factories import AdvisorFactory

    for n in range(2):
        ApplicationFactory(
            call=closed_call,
            status=ApplicationFactory._meta.model.Status.RESERVE,
            first_name="Oluwaseun",
            last_name=f"Adebayo-Chukwuemeka-Nwachukwu {n}",
            reserve_until=timezone.now() + timedelta(days=200),
        )
    AdvisorFactory(
        call=closed_call,
        status=AdvisorFactory._meta.model.Status.LEFT,
        left_at=timezone.now(),
        leave_reason="Umzug nach Nordrhein-Westfalen wegen einer neuen Stelle in der Entwicklungszusammenarbeit",
    )
    log_in(page, staff)
    page.set_viewport_size(PHONE)
    page.goto(reverse("admin:pool_advisor_refill", args=[closed_call.pk]))
    expect(page.get_by_role("button", name="Nachrücken lassen").first).to_be_visible()
    assert_fits(page)
    assert_accessible(page)


# Words of a cell that the browser broke across lines, not counting breaks after a hyphen ("MG-2026-" / "0056").
BROKEN_WORDS = """cells => cells.flatMap(cell => {
    const broken = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
        for (const word of node.data.matchAll(/[^\\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) broken.push(word[0]);
        }
    }
    return broken;
})"""


def test_the_outbox_list_keeps_kind_status_and_subject_whole_on_a_laptop(page, staff):
    """Found in the new-user trial: with the kind of email as a column, the outbox list at 1280 px broke
    "gesendet", "Deutsch" and "Beratungsanfrage eingegangen" letter by letter."""
    from django.utils import timezone

    from miglobe.core.models import OutboxMessage

    for n in range(3):
        OutboxMessage.objects.create(
            message_id=f"<trial-{n}@miglobe.example>",
            recipient=f"Oluwaseun Adebayo-Chukwuemeka <kommune-beratung-{n}-1796164853@example.org>",
            from_email="MiGlobe Pool <miglobe@localhost>",
            template="consultations/request_received",
            language="de",
            subject=f"Ihre Beratungsanfrage ist eingegangen: B-2026-001{n}",
            body_text="…",
            body_html="…",
            status=OutboxMessage.Status.SENT,
            attempts=1,
            sent_at=timezone.now(),
        )
    log_in(page, staff)
    page.set_viewport_size(LAPTOP)
    page.goto(reverse("admin:core_outboxmessage_changelist"))
    expect(page.get_by_text("Beratungsanfrage eingegangen").first).to_be_visible()
    whole = page.locator("#result_list td:not(.field-recipient)").evaluate_all(BROKEN_WORDS)
    assert whole == [], f"broken across lines: {sorted(set(whole))}"
    assert_fits(page)
    assert_accessible(page)


def test_a_search_in_an_admin_list_passes_axe_on_a_phone(page, call, staff):
    """Found in the new-user trial: at 390 px the search's "Zeige alle" link differed from the text around it
    only by a colour of 1.18:1 (axe: link-in-text-block, serious)."""
    ApplicationFactory(call=call, first_name="Kiran", last_name="Patel")
    log_in(page, staff)
    page.set_viewport_size(PHONE)
    for changelist in ("admin:pool_application_changelist", "admin:core_outboxmessage_changelist"):
        page.goto(reverse(changelist) + "?q=Patel")
        expect(page.get_by_role("link", name="Zeige alle")).to_be_visible()
        assert_accessible(page)


def test_the_language_switch_in_the_admin_header_is_underlined_as_the_links_beside_it(page, staff):
    """Found in the new-user trial: "English" stood without the line under "Zweiter Faktor" or "Abmelden", so it
    did not read as something to press. Pressing it keeps the page."""
    log_in(page, staff)
    page.goto(reverse("admin:core_outboxmessage_changelist"))
    switch = page.locator("#language-form button")
    link = page.locator("#user-tools a").first
    line = "el => getComputedStyle(el).borderBottomStyle + ' ' + getComputedStyle(el).borderBottomWidth"
    assert switch.evaluate(line) == link.evaluate(line) == "solid 1px"
    switch.click()
    page.wait_for_url(f"**{reverse('admin:core_outboxmessage_changelist')}")
    expect(page.locator("#language-form button")).to_have_text("Deutsch")
