"""The admin start page leads to the staff's workflow pages, which are no model lists (found in the trial
walk: a new staff member could reach the pool overview, seminars and consultation requests only by address)."""

import pytest
from django.urls import reverse

from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory

pytestmark = pytest.mark.django_db

WORK_PAGES = ("admin:pool_advisor_roster", "seminars:seminar_list", "consultations:staff_request_list")


def test_programme_staff_find_every_work_page_on_the_admin_start_page_and_each_opens(client):
    client.force_login(StaffFactory())
    html = client.get(reverse("admin:index")).content.decode()
    assert "Arbeitsbereiche" in html
    for name in WORK_PAGES:
        assert f'href="{reverse(name)}"' in html
        assert client.get(reverse(name)).status_code == 200


def test_the_selection_panel_sees_no_links_to_pages_it_may_not_open(client):
    client.force_login(PanelMemberFactory())
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arbeitsbereiche" not in html
    for name in WORK_PAGES:
        assert f'href="{reverse(name)}"' not in html
        assert client.get(reverse(name)).status_code == 403


def test_the_work_pages_box_is_translated(client):
    client.force_login(StaffFactory())
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Workplaces" in html
    assert "Arbeitsbereiche" not in html


def test_staff_pages_outside_the_admin_lead_back_to_it_and_advisors_keep_their_portal_link(client):
    client.force_login(StaffFactory())
    html = client.get(reverse("seminars:seminar_list")).content.decode()
    assert f'href="{reverse("admin:index")}">Verwaltung<' in html
    assert f'href="{reverse("portal:home")}"' not in html
    from pool.tests.factories import PortalAdvisorFactory

    client.force_login(PortalAdvisorFactory().user)
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:home")}">Portal<' in html
    assert f'href="{reverse("admin:index")}"' not in html


def test_every_admin_section_has_a_german_name(client, admin_user):
    """Found in the trial walk: the login-lockout section was headed "AXES", the package's name."""
    client.force_login(admin_user)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Anmeldeschutz" in html
    assert ">Axes<" not in html
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Login protection" in html


def test_staff_switch_the_admin_between_german_and_english_as_on_the_public_pages(client):
    """Found in the new-user trial: the admin had no language switch."""
    client.force_login(StaffFactory())
    url = reverse("admin:pool_application_changelist")
    german = client.get(url).content.decode()
    assert f'action="{reverse("set_language")}"' in german
    assert 'name="language" value="en" lang="en">English</button>' in german
    assert f'name="next" value="{url}"' in german

    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    english = client.get(url).content.decode()
    assert "Applications" in english or "Select application to" in english
    assert 'name="language" value="de" lang="de">Deutsch</button>' in english
