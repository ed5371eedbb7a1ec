"""Every public page: it carries a meta description (#7.10), and at 390 px it is no wider than the window
(#7.5, public half). The list below is the one place that names the public pages; a new one belongs here."""

import html
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from miglobe.core.testing import assert_accessible
from pool.links import APPLICATION_LINK, page_key

from .factories import ApplicationFactory, CallFactory

LONG_WORD = "Entwicklungszusammenarbeitsprojektpartnerschaftsvereinbarungen"  # German makes these


def public_urls() -> tuple[dict[str, str], list[str]]:
    """name → path of every page a visitor without an account can reach, with data that stresses the width:
    long German words in the call's texts and an applicant with a long name and email address; and the
    emailed links to open first, which give this browser's session access to the private pages."""
    call = CallFactory(
        title=f"MiGlobe-Ausschreibung {LONG_WORD}",
        description=f"Wir suchen Berater*innen. {LONG_WORD} " * 3,
        closes_at=timezone.now() + timedelta(days=2, hours=5),
    )
    person = {
        "first_name": "Maximiliane-Anneliese",
        "last_name": f"Schmidt-{LONG_WORD}",
        "email": f"maximiliane.anneliese.{LONG_WORD.lower()}@example-domain.org",
    }
    submitted = ApplicationFactory(call=call, **person)
    draft = ApplicationFactory(call=call, draft=True, **{**person, "email": "entwurf@example.org"})
    entries = [APPLICATION_LINK.url(application).removeprefix(settings.SITE_URL) for application in (submitted, draft)]

    def private(name, application):
        return reverse(name, args=[page_key(application)])

    pages = {
        "home": reverse("core:home"),
        "impressum": reverse("core:impressum"),
        "privacy": reverse("core:privacy"),
        "accessibility": reverse("core:accessibility"),
        "call list": reverse("pool:call_list"),
        "call page": reverse("pool:call_detail", args=[call.slug]),
        "application form": reverse("pool:application_create", args=[call.slug]),
        "private page": private("pool:application_detail", submitted),
        "draft page": private("pool:application_edit", draft),
        "withdraw page": private("pool:application_withdraw", submitted),
        "erase page": private("pool:application_erase", submitted),
        "erased page": reverse("pool:application_erased"),
        "login": reverse("login"),
        "password reset": reverse("password_reset"),
        "password reset sent": reverse("password_reset_done"),
        "password reset link invalid": reverse("password_reset_confirm", args=["MQ", "set-password"]),
        "password reset complete": reverse("password_reset_complete"),
        "not found": "/gibt-es-nicht/",
    }
    return pages, entries


@pytest.mark.django_db
def test_every_public_page_carries_a_meta_description(client):
    missing = {}
    pages, entries = public_urls()
    for entry in entries:
        assert client.get(entry).status_code == 302
    for name, path in pages.items():
        page = client.get(path).content.decode()
        match = re.search(r'<meta name="description" content="([^"]*)">', page)
        if not match or len(html.unescape(match.group(1)).strip()) < 40:
            missing[name] = match.group(1) if match else None
    assert not missing, f"pages without a meta description: {missing}"


@pytest.mark.django_db
def test_the_call_page_describes_the_call(client):
    call = CallFactory(description="Wir suchen <b>Berater*innen</b> mit eigener Migrationsgeschichte.")
    page = client.get(call.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Wir suchen Berater*innen mit eigener Migrationsgeschichte.">' in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("private_storage")
def test_every_public_page_fits_a_390_px_phone(chromium, live_server):
    from pool.models import Topic

    Topic.objects.get_or_create(name="Flucht und Migration", defaults={"name_en": "Flight and migration"})
    # Not `is_mobile`: mobile emulation zooms out to fit wide content, which would hide the overflow.
    context = chromium.new_context(locale="de-DE", base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    too_wide = {}
    pages, entries = public_urls()
    try:
        for entry in entries:
            page.goto(entry)
        for name, path in pages.items():
            page.goto(path)
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[1] == 390  # a mobile browser may widen the window to the content; this one must not
            if width[0] > width[1]:
                too_wide[name] = width
            if name in ("call page", "application form", "private page"):
                assert_accessible(page)
    finally:
        context.close()
    assert not too_wide, f"wider than the window at 390 px (scrollWidth, innerWidth): {too_wide}"
