"""predicate_required: anonymous visitors go to the login and come back; refused users get 403."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from miglobe.core.decorators import predicate_required

from .factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@predicate_required(lambda user: user.is_staff)
def view(request):
    return HttpResponse("ok")


def request_by(user):
    request = RequestFactory().get("/team/?seite=2")
    request.user = user
    return request


def test_anonymous_to_the_login_and_back():
    response = view(request_by(AnonymousUser()))
    assert response.status_code == 302 and response["Location"].endswith("?next=/team/%3Fseite%3D2")


def test_refused_user_gets_403_not_the_login_again():
    with pytest.raises(PermissionDenied):
        view(request_by(UserFactory()))


def test_allowed_user_sees_the_page():
    assert view(request_by(StaffFactory())).content == b"ok"
