import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_home_page_is_german_by_default_and_leads_to_the_three_doors(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Berater*in werden" in html
    assert reverse("pool:call_list") in html
    assert reverse("consultations:request_start") in html
    assert reverse("login") in html


def test_footer_links_to_legal_pages_which_mark_their_placeholders(client):
    html = client.get("/").content.decode()
    for name in ("core:impressum", "core:privacy", "core:accessibility"):
        url = reverse(name)
        assert url in html
        page = client.get(url).content.decode()
        assert "Platzhalter" in page


def test_language_switch_sets_english_and_remembers_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Become an advisor" in html


def test_unknown_language_code_keeps_german(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="xx")
    assert '<html lang="de">' in response.content.decode()


def test_browser_language_english_is_honoured_without_cookie(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert '<html lang="en">' in response.content.decode()


def test_404_page_is_styled_and_translated(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    response = client.get("/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Page not found" in response.content.decode()


def test_pages_forbid_inline_script_and_framing(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_assets_come_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "https://" not in html.split("<body")[0]


@override_settings(ROOT_URLCONF="miglobe.core.tests.error_urls")
def test_server_error_shows_friendly_german_page_when_the_database_is_down(client):
    client.raise_request_exception = False
    response = client.get("/database-down/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Ein Fehler ist aufgetreten" in html
    assert "Traceback" not in html


@override_settings(ROOT_URLCONF="miglobe.core.tests.error_urls")
def test_403_page_is_styled_and_translated(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
    assert "Access denied" in client.get("/forbidden/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
