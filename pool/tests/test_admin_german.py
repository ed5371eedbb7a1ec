"""The pool's admin forms in German, and the panel picker offering only people who may review."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from miglobe.core.tests.factories import PASSWORD, PanelMemberFactory, UserFactory

from .factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def test_the_panel_picker_offers_only_people_who_may_review(client, call, staff):
    member = PanelMemberFactory(username="gremium2")
    advisor_login = UserFactory(username="beraterin")  # an advisor: no staff role
    staff_without_role = UserFactory(username="technik", is_staff=True)
    client.login(username=staff.username, password=PASSWORD)
    url = reverse("admin:pool_call_change", args=[call.pk])

    field = client.get(url).context["adminform"].form.fields["reviewers"]
    offered = set(field.queryset.values_list("username", flat=True))
    assert {"gremium2", staff.username} <= offered
    assert not offered & {advisor_login.username, staff_without_role.username}
    assert field.label == "Mitglieder des Auswahlgremiums"
    assert member.pk in {user.pk for user in field.queryset}
    bound = field.clean([member.pk])
    assert list(bound) == [member]
    with pytest.raises(ValidationError):
        field.clean([advisor_login.pk])


def test_the_advisor_form_labels_every_field_in_german(client, staff):
    # Adding an advisor asks only for call, name, email and language (the roster service creates the
    # account), so the account and the application are labelled on the change form.
    advisor = AdvisorFactory()
    client.login(username=staff.username, password=PASSWORD)

    add = client.get(reverse("admin:pool_advisor_add"))
    labels = {name: str(field.label) for name, field in add.context["adminform"].form.fields.items()}
    assert labels == {
        "call": "Ausschreibung",
        "first_name": "Vorname",
        "last_name": "Nachname",
        "email": "E-Mail-Adresse",
        "language": "Sprache für E-Mails",
    }

    html = client.get(reverse("admin:pool_advisor_change", args=[advisor.pk])).content.decode()
    assert "Benutzerkonto" in html and "Bewerbung" in html
    assert ">User:<" not in html and ">Application:<" not in html
