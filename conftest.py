"""Fixtures shared by every app's tests: users, and a headless Chromium driven by Playwright."""

import os

import pytest

from miglobe.core.testing import CHROMIUM_ARGS, find_chromium

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run while one
# is running unless told that this is deliberate. The ORM calls in tests happen between page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. The test client leaves the language of its last request
    active in the thread, into the next tests; with translated model fields (pool/translation.py) that
    would make `Topic.objects.get(name=…)` or `CallFactory(title=…)` use the English column."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def chromium():
    path = find_chromium()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI: install Debian's package 'chromium' or set CHROMIUM_PATH")
        pytest.skip("No Chromium found (install Debian's 'chromium' or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="de-DE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A narrow touch screen, as many applicants use."""
    context = chromium.new_context(
        locale="de-DE",
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
