import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from miglobe.core.testing import assert_accessible

from .factories import PASSWORD, StaffFactory
from .test_two_factor import code_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_enrol_a_second_factor_and_sign_in_with_it(page, settings):
    settings.STAFF_2FA_REQUIRED = True
    StaffFactory(username="team")

    page.goto("/admin/")
    page.get_by_label("Benutzername").fill("team")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    # Without a second factor, nothing of the admin opens: set it up first.
    page.wait_for_url("**/konto/zwei-faktor/einrichten/**")
    qr = page.get_by_role("img", name="QR-Code zum Einrichten der Authenticator-App")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the CSP let the data: image through
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username="team", confirmed=False)
    page.get_by_label("Code aus der App").fill(code_for(device))
    page.get_by_role("button", name="Einrichten").click()

    page.wait_for_url("**/konto/zwei-faktor/notfallcodes/**")
    assert page.locator("#backup-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="Ich habe die Codes notiert – weiter").click()
    page.wait_for_url("**/admin/")

    # Sign out, and in again: now the code is asked for after the password.
    page.get_by_role("button", name="Abmelden").click()
    page.goto("/admin/")
    page.get_by_label("Benutzername").fill("team")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/konto/zwei-faktor/code/**")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username="team", confirmed=True)
    # The enrolment used this time step's code; the next sign-in needs a later one (no replay).
    page.get_by_label("Code").fill(code_for(device, offset=1))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).is_visible()


def test_the_lockout_page_is_accessible_and_says_when_to_try_again(page, settings):
    settings.AXES_FAILURE_LIMIT = 2
    StaffFactory(username="team")
    page.goto("/konto/login/")
    for attempt in ("falsch-1", "falsch-2"):
        page.get_by_label("Benutzername").fill("team")
        page.get_by_label("Passwort").fill(attempt)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Anmeldung vorübergehend gesperrt"
    assert "15 Minuten" in page.locator("main").inner_text()
    assert_accessible(page)
