import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from miglobe.core.roles import PROGRAMME_TEAM, SELECTION_PANEL
from miglobe.core.testing import deliver_outbox

from .factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_both_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {PROGRAMME_TEAM, SELECTION_PANEL}


def test_programme_team_holds_every_permission_of_the_domain_apps_and_no_auth_permission():
    perms = Group.objects.get(name=PROGRAMME_TEAM).permissions.values_list("content_type__app_label", "codename")
    assert {app for app, _ in perms} <= {"core", "pool", "seminars", "consultations", "axes"}
    assert "auth" not in {app for app, _ in perms}
    # Of django-axes only what lifting a login lockout needs.
    assert {code for app, code in perms if app == "axes"} == {"view_accessattempt", "delete_accessattempt"}


def test_special_category_permission_belongs_to_no_role():
    for role in (PROGRAMME_TEAM, SELECTION_PANEL):
        codenames = Group.objects.get(name=role).permissions.values_list("codename", flat=True)
        assert "view_special_category" not in codenames


def test_selection_panel_cannot_change_or_delete_applications():
    codenames = set(Group.objects.get(name=SELECTION_PANEL).permissions.values_list("codename", flat=True))
    assert not {c for c in codenames if c.startswith(("delete_", "change_application"))}


@pytest.mark.smoke
def test_advisor_logs_in_and_reaches_the_portal(client):
    from pool.tests.factories import AdvisorFactory  # the portal is for members of the pool

    AdvisorFactory(user=UserFactory(username="amina"), first_name="Amina", last_name="K.")
    response = client.post(reverse("login"), {"username": "amina", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Willkommen, Amina K." in response.content.decode()


def test_portal_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_wrong_password_shows_a_german_error_and_keeps_the_username(client):
    UserFactory(username="amina")
    response = client.post(reverse("login"), {"username": "amina", "password": "falsch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="alert"') == 1  # one message, not a summary plus the same error again
    assert "Benutzername oder Passwort stimmen nicht" in html
    assert 'value="amina"' in html


def test_staff_logs_in_to_the_german_admin(client):
    StaffFactory(username="skew")
    client.login(username="skew", password=PASSWORD)
    html = client.get("/admin/").content.decode()
    assert "MiGlobe Pool – Verwaltung" in html


def test_advisor_cannot_enter_the_admin(client):
    UserFactory(username="amina")
    client.login(username="amina", password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(username="amina", email="amina@example.org")
    client.post(reverse("password_reset"), {"email": "amina@example.org"})
    sent = deliver_outbox()
    assert len(sent) == 1
    assert [m.to for m in mail.outbox] == [["Erika Muster <amina@example.org>"]]
    link = next(line for line in sent[0].body.splitlines() if "/konto/reset/" in line).strip()
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Neu-und-lang-2027", "new_password2": "Neu-und-lang-2027"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Neu-und-lang-2027")


def test_seed_demo_is_idempotent_and_creates_the_two_demo_logins(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    team = Group.objects.get(name=PROGRAMME_TEAM)
    assert team.user_set.filter(username="team", is_staff=True).count() == 1
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="beraterin", is_staff=False).count() == 1


def test_seed_demo_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_password_reset_goes_through_the_outbox_in_the_visitors_language_and_is_confidential(client):
    from miglobe.core.models import OutboxMessage

    user = UserFactory(username="amina", email="amina@example.org")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("password_reset"), {"email": "amina@example.org"})

    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert (message.template, message.language, message.related_object) == ("core/password_reset", "en", user)
    assert message.confidential, "staff must not be able to read the reset link in the admin"
    assert message.auto_submitted
    assert "http://testserver/konto/reset/" in message.body_text
