import pytest

from miglobe.core.testing import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_home_page_in_german_then_english_is_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text().startswith("MiGlobe")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Request a consultation").is_visible()
    assert_accessible(page)

    # The choice is remembered on the next page.
    page.get_by_role("link", name="Imprint").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_skip_link_moves_keyboard_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_advisor_login_page_is_accessible_on_a_phone(phone_page, django_user_model):
    from miglobe.core.tests.factories import PASSWORD, UserFactory
    from pool.tests.factories import AdvisorFactory  # the portal is for members of the pool

    AdvisorFactory(user=UserFactory(username="amina"), first_name="Amina")
    phone_page.goto("/konto/login/")
    assert_accessible(phone_page)
    phone_page.get_by_label("Benutzername").fill("amina")
    phone_page.get_by_label("Passwort").fill(PASSWORD)
    phone_page.get_by_role("button", name="Anmelden").click()
    phone_page.wait_for_url("**/portal/")
    assert "Willkommen, Amina" in phone_page.get_by_role("heading", level=1).inner_text()
    assert_accessible(phone_page)
