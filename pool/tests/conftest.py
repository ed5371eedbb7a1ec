import pytest
from django.core.cache import cache

from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory

from .factories import ApplicationFactory, CallFactory, CriterionFactory


@pytest.fixture
def call(db):
    call = CallFactory()
    CriterionFactory(call=call, name="Erfahrung in der Entwicklungspolitik", weight=3)
    CriterionFactory(call=call, name="Bezug zu Kommunen", weight=2)
    CriterionFactory(call=call, name="Motivation", weight=1)
    return call


@pytest.fixture
def staff(db):
    return StaffFactory(username="programmteam")


@pytest.fixture
def panel_member(call):
    member = PanelMemberFactory(username="gremium")
    call.reviewers.add(member)
    return member


@pytest.fixture
def application(call):
    return ApplicationFactory(call=call)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary folder of the test instead of var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters, spent form tokens and emails-per-address counts live in the default cache (shared
    with earlier runs on the same Redis): each test starts (and leaves) with none."""
    cache.clear()
    yield
    cache.clear()
